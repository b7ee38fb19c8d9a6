"""The branch's wording of the papers: the secretary saves a block's new text, or goes back to
the built-in default, each as a new version (`PaperWording` is append-only); the page reads
every block with its current version and its history. The blocks and their defaults are
`reports.papers.wording`; the builders read the current version there."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.errors import DomainError, conflict
from accounts.models import Branch

from .models import PaperWording
from .papers import CANDIDATE_PAPERS, PAPERS
from .papers.wording import BLOCKS, Block, lines_of


def block_of(kind: str, key: str) -> Block:
    """The editable block `key` of the paper `kind`, or 404."""
    found = next((b for b in BLOCKS.get(kind, ()) if b.key == key), None)
    if found is None:
        raise Http404
    return found


def wording_save(
    *, branch, actor, kind, block, text, version, is_default=False
) -> PaperWording | None:
    """A new version of `block` of the paper `kind` for `branch`. `version` is the one the form
    was opened with (0: the built-in default); someone else's save since then is a conflict,
    unless they saved exactly this text (a form sent twice). The same text saves nothing."""
    block = block_of(kind, block)
    text = "\n".join(lines_of(text))
    if not text:
        raise DomainError(
            _("Write at least one line; to use the built-in wording again, restore the default.")
        )
    try:
        with transaction.atomic():
            # One writer at a time for the branch's wording; the unique constraint is the last
            # guard.
            Branch.objects.select_for_update().filter(pk=branch.pk).first()
            latest = (
                PaperWording.objects.filter(branch=branch, kind=kind, block=block.key)
                .order_by("-version")
                .first()
            )
            last = latest.version if latest else 0
            current = latest.text if latest else block.default()
            if text == current:
                return latest
            if last != version:
                raise conflict()
            return PaperWording.objects.create(
                branch=branch,
                kind=kind,
                block=block.key,
                text=text,
                version=last + 1,
                is_default=is_default,
                saved_by=actor,
            )
    except IntegrityError:
        raise conflict() from None


def wording_restore(*, branch, actor, kind, block, version) -> PaperWording:
    """Back to the built-in wording of `block`: a new version holding the default's text."""
    default = block_of(kind, block).default()
    return wording_save(
        branch=branch,
        actor=actor,
        kind=kind,
        block=block,
        text=default,
        version=version,
        is_default=True,
    )


def text_of(branch, kind, block, version) -> str:
    """The text of `block` as version `version` (0: the built-in default) had it: how an issued
    paper's wording is read again."""
    if version == 0:
        return block_of(kind, block).default()
    return PaperWording.objects.get(branch=branch, kind=kind, block=block, version=version).text


@dataclass
class BlockState:
    """A block as the page shows it: the current text and version, the history (newest
    first)."""

    kind: str
    block: Block
    history: list = field(default_factory=list)

    @property
    def latest(self):
        return self.history[0] if self.history else None

    @property
    def version(self) -> int:
        return self.latest.version if self.latest else 0

    @property
    def text(self) -> str:
        return self.latest.text if self.latest else self.block.default()

    @property
    def is_default(self) -> bool:
        return self.latest is None or self.latest.text == self.block.default()


def wording_page(branch) -> list[tuple]:
    """Every paper with editable blocks, in the order of the pipeline: (paper, [BlockState]), from
    one query."""
    rows = PaperWording.objects.filter(branch=branch).select_related("saved_by")
    history = {}
    for row in rows.order_by("-version"):
        history.setdefault((row.kind, row.block), []).append(row)
    papers = {**CANDIDATE_PAPERS, **PAPERS}
    return [
        (
            papers[kind],
            [BlockState(kind, b, history.get((kind, b.key), [])) for b in BLOCKS[kind]],
        )
        for kind in BLOCKS
    ]


def last_version(branch, kind, block) -> int:
    return (
        PaperWording.objects.filter(branch=branch, kind=kind, block=block).aggregate(
            last=Max("version")
        )["last"]
        or 0
    )
