"""A Party document as data: what every builder returns and what both renderers read.

A builder fills a `Document` (the header from the branch's settings, the type and summary line,
the body as blocks, the recipients and the signature); `reports.pdf` and `reports.xlsx` turn the
same object into a PDF and a workbook, so that the two never disagree.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from candidates.text import normalize

BLANK = "\u00a0"  # a space the layout keeps: the blanks of a draft's number and date


def nfc(text) -> str:
    """Text as printed: NFC, each line trimmed and its inner spaces collapsed."""
    return "\n".join(normalize(line) for line in str(text or "").splitlines()).strip()


@dataclass
class Heading:
    text: str
    kind: str = "heading"


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Chart:
    """A chart drawn once as SVG on the server (plans.charts); the workbook has its figures."""

    svg: str
    caption: str
    year: int
    rows: list  # [month, this year, the year before], for the workbook
    kind: str = "chart"


@dataclass
class Column:
    label: str
    width: float = 1  # relative width in the PDF
    group: str = ""  # a two-level header: "Ngày sinh" over "Nam" and "Nữ"
    align: str = "left"


@dataclass
class Table:
    """Rows of values (text, numbers, dates, None); the workbook gets one sheet per table."""

    title: str
    columns: list[Column]
    rows: list[list]
    sheet: str = ""  # the workbook's sheet name; the title when empty
    kind: str = "table"

    @property
    def sheet_name(self) -> str:
        return self.sheet or self.title

    @property
    def has_groups(self) -> bool:
        return any(column.group for column in self.columns)

    @property
    def header_cells(self) -> list[tuple[str, int, int]]:
        """The first header row as (label, colspan, rowspan): a group spans its columns, a
        column outside groups spans both rows when there are groups."""
        rowspan = 2 if self.has_groups else 1
        cells = []
        for column in self.columns:
            if not column.group:
                cells.append((column.label, 1, rowspan))
            elif cells and cells[-1][0] == column.group and cells[-1][2] == 1:
                cells[-1] = (column.group, cells[-1][1] + 1, 1)
            else:
                cells.append((column.group, 1, 1))
        return cells

    def flat_labels(self) -> list[str]:
        """One header row for the workbook: "Ngày sinh: Nam"."""
        return [f"{c.group}: {c.label}" if c.group else c.label for c in self.columns]


@dataclass
class Signature:
    title: list[str]  # ["T/M CHI BỘ", "BÍ THƯ"] or ["K/T BÍ THƯ", "PHÓ BÍ THƯ"]
    name: str
    note: str = ""  # under the title: "(Ký, ghi rõ họ tên)" of a personal paper


# The header layouts (FORMS.md, Headers): a Party paper (the committee and the branch on the
# left, numbered "Số 05-KH/CB"); a personal paper written by one member ("ĐẢNG CỘNG SẢN VIỆT
# NAM" centred, no number, the place and date above the signature); a Youth Union paper (the
# Youth Union's bodies on the left, "ĐOÀN TNCS HỒ CHÍ MINH" on the right, "Số: 03-NQ/ĐTN").
PARTY, PERSONAL, YOUTH = "party", "personal", "youth"


@dataclass
class Document:
    kind: str  # a key of reports.builders.KINDS
    type_code: str  # KH, BC, CV, DS (RULES.md §5)
    type_name: str  # KẾ HOẠCH, BÁO CÁO…; empty for a letter (công văn)
    summary: str  # the summary line (trích yếu)
    committee: str  # the superior committee, as printed
    branch: str  # the issuing branch, as printed
    document_code: str  # "CB"
    place: str
    dated: date | None
    number: str = ""  # "05-KH/CB"; empty: a blank for the number
    draft: bool = True
    addressee: str = ""  # "Kính gửi: …" of a letter
    body: list = field(default_factory=list)
    annex_title: str = ""  # a landscape list after the body (the awareness-class list)
    annex_summary: str = ""
    annex: list = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None
    # Minutes are signed twice: the minutes taker on the left (instead of the recipients), the
    # chair on the right.
    left_signature: Signature | None = None
    landscape: bool = False
    layout: str = PARTY
    margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15)  # top, bottom, left, right
    # The versions of the branch's wording a paper was made with, {block: version} (0: the
    # built-in default; reports.papers.wording): what an issued paper keeps.
    wording: dict = field(default_factory=dict)

    # Both lines are read by the renderers inside translation.override("vi").
    @property
    def date_line(self) -> str:
        """ "An Hải, ngày 10 tháng 02 năm 2025": day and month in two digits (RULES.md §5)."""
        d = self.dated
        parts = (
            (f"{d.day:02d}", f"{d.month:02d}", d.year) if d else (BLANK * 4, BLANK * 4, BLANK * 6)
        )
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % dict(
            zip(("day", "month", "year"), parts, strict=True), place=self.place
        )

    @property
    def number_line(self) -> str:
        """ "Số 05-KH/CB", no colon after "Số" ("Số: 03-NQ/ĐTN" on a Youth Union paper); a blank
        for the number until it is given; none on a personal paper."""
        if self.layout == PERSONAL:
            return ""
        number = self.number or f"{BLANK * 8}-{self.type_code}/{self.document_code}"
        if self.layout == YOUTH:
            return _("No.: %(number)s") % {"number": number}
        return _("No. %(number)s") % {"number": number}

    @property
    def emblem(self) -> str:
        """The line on the right of the header (centred above a personal paper)."""
        if self.layout == YOUTH:
            return _("HO CHI MINH COMMUNIST YOUTH UNION")
        return _("COMMUNIST PARTY OF VIETNAM")

    @property
    def star(self) -> str:
        """The mark under the issuing body."""
        return "***" if self.layout == YOUTH else "*"

    def tables(self) -> list[Table]:
        return [b for b in [*self.body, *self.annex] if isinstance(b, Table)]

    def texts(self) -> list[str]:
        """The body's headings and paragraphs in order (the workbook's "Nội dung" sheet)."""
        return [b.text for b in self.body if isinstance(b, Heading | Paragraph)]
