"""The wording of the papers that the branch may adjust (FORMS.md: "keep every template versioned
and its wording editable"): each paper's editable blocks, their built-in defaults — the one place
of this wording —, and the branch's current version of each, read once per paper.

A block is lines of text, printed one paragraph a line, in order and as typed (dashes kept); not
a template language. The versions themselves are `reports.models.PaperWording`, written by
`reports.wording`. Version 0 is the built-in default, never saved."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.translation import gettext_lazy

from ..document import Paragraph, nfc
from ..models import PaperWording


@dataclass(frozen=True)
class Block:
    key: str
    label: str
    default_lines: tuple
    help: str = ""
    dashed: bool = False  # the default's lines start with "- "

    def default(self) -> str:
        """The built-in wording, in Vietnamese, one line a line."""
        with translation.override("vi"):
            return "\n".join(
                f"- {line}" if self.dashed else str(line) for line in self.default_lines
            )


BASIS = gettext_lazy("Basis (“Pursuant to …” lines)")
BASIS_HELP = gettext_lazy("One line each, in the order they are printed.")

# The 3-KNĐ's closing sentence.
INTRODUCTION_RESPONSIBILITY = Block(
    "responsibility",
    gettext_lazy("Responsibility statement"),
    (gettext_lazy("I take responsibility before the branch for this introduction."),),
)
YOUTH_BASIS = Block(
    "basis",
    BASIS,
    (
        gettext_lazy(
            "Pursuant to the Statute of the Communist Party of Vietnam and the Statute of the "
            "Ho Chi Minh Communist Youth Union;"
        ),
    ),
    BASIS_HELP,
)
ADMISSION_BASIS = Block(
    "basis",
    BASIS,
    (
        gettext_lazy(
            "Pursuant to Article 4 of the Party Statute and the guidance on its implementation;"
        ),
    ),
    BASIS_HELP,
)
RECOGNITION_BASIS = Block(
    "basis",
    BASIS,
    (
        gettext_lazy(
            "Pursuant to Article 5 of the Party Statute and the guidance on its implementation;"
        ),
    ),
    BASIS_HELP,
)
MENTOR_BASIS = Block(
    "basis",
    BASIS,
    (gettext_lazy("Pursuant to the Party Statute and the guidance on its implementation;"),),
    gettext_lazy(
        "One line each, in the order they are printed; the line naming the branch's plan of the "
        "year follows them when there is a plan."
    ),
)
# What a mentor does, as the resolution words it.
MENTOR_DUTIES = Block(
    "duties",
    gettext_lazy("The mentor's duties"),
    (
        gettext_lazy(
            "Help the non-member study the Party Statute, the Party's line and the State's laws, "
            "and understand the duties and rights of a Party member."
        ),
        gettext_lazy(
            "Follow how the non-member studies, trains and takes part in the work of the class "
            "and of the Youth Union; encourage their strengths and help them overcome their "
            "shortcomings."
        ),
        gettext_lazy(
            "Guide the non-member in writing the application and the personal history, and in "
            "preparing the admission dossier in time."
        ),
        gettext_lazy(
            "Report to the branch on the non-member's progress at its meetings and whenever "
            "asked, and review the non-member in writing before the branch considers the "
            "admission."
        ),
    ),
    gettext_lazy("One duty a line, after “A member assigned to help a non-member shall:”."),
    dashed=True,
)

# The editable blocks of each paper (a key of reports.papers.PAPERS or CANDIDATE_PAPERS), in the
# order the paper prints them.
BLOCKS = {
    "introduction": (INTRODUCTION_RESPONSIBILITY,),
    "youth-resolution": (YOUTH_BASIS,),
    "mentor-assignment": (MENTOR_BASIS, MENTOR_DUTIES),
    "admission-resolution": (ADMISSION_BASIS,),
    "recognition-resolution": (RECOGNITION_BASIS,),
}


def lines_of(text) -> list[str]:
    """The printed lines of a block's text: NFC, order and dashes kept; a line with nothing but
    spaces or dashes dropped."""
    return [line for line in nfc(text).splitlines() if line.strip("-–• ")]


class Wording:
    """The branch's current wording of one paper's blocks: {block: (version, text)}."""

    def __init__(self, kind: str, found: dict):
        self.kind = kind
        self.found = found

    def text(self, block: Block) -> str:
        return self.found[block.key][1] if block.key in self.found else block.default()

    def paragraphs(self, block: Block) -> list[Paragraph]:
        return [Paragraph(line) for line in lines_of(self.text(block))]

    @property
    def versions(self) -> dict:
        """{block: version} of every block of the paper; 0: the built-in default."""
        return {b.key: self.found.get(b.key, (0, ""))[0] for b in BLOCKS.get(self.kind, ())}


def current(branch, kind: str) -> Wording:
    """The latest version of each block of `kind` for `branch` (one query; none without
    blocks)."""
    if kind not in BLOCKS:
        return Wording(kind, {})
    rows = PaperWording.objects.filter(branch=branch, kind=kind)
    last = PaperWording.objects.filter(
        branch=OuterRef("branch"), kind=OuterRef("kind"), block=OuterRef("block")
    ).order_by("-version")
    found = {
        row.block: (row.version, row.text)
        for row in rows.filter(version=Subquery(last.values("version")[:1]))
    }
    return Wording(kind, found)


def of(options) -> Wording:
    """The wording the registry loaded for this paper (`reports.papers.build…`)."""
    return options.extra["wording"]
