"""Class roster import: read a school system's .xlsx export, preview the changes, apply them.

Three steps, shared by the page, the `import_roster` command and the tests:

- `read_workbook(file) -> ParsedRoster`: safety checks, header detection, row parsing; no database.
- `build_preview(parsed, branch, school_year) -> Preview`: compares with the database, writes
  nothing: classes to create, students new / changed (with their field changes) / unchanged.
- `apply_preview(preview, branch, actor)`: one transaction, everything or nothing; it rebuilds the
  preview under lock and refuses if it no longer matches what was shown (the database changed).

Every problem found names its sheet, row and column, and any problem refuses the whole file.
docs/import.md explains the choices (columns understood, padding of codes, what a blank cell does).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from .models import SchoolClass, Student
from .services import DomainError, field_changes, record_event
from .text import fold, normalize

logger = logging.getLogger(__name__)

# A class roster is a few hundred kilobytes; 5 MB leaves room for logos and styles.
MAX_FILE_BYTES = 5 * 1024 * 1024
# Checked on the zip's directory before anything is inflated: a zip bomb never gets unpacked.
# A 36-class school roster unpacks to about 3 MB in a dozen parts.
MAX_ZIP_ENTRIES = 500
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
# Title lines (school, "DANH SÁCH HỌC SINH LỚP …") sit above the header; real files use < 10.
HEADER_SCAN_ROWS = 30
MIN_AGE = 13
EVENT_KIND = "roster_import"

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, or a password-protected xlsx


# --- what the importer understands -------------------------------------------------------

# How a column's cells are read.
CODE, NAME, NAME_PART, DATE = "code", "name", "name_part", "date"
GENDER, FEMALE, CLASS, TEXT = "gender", "female", "class", "text"


@dataclass(frozen=True)
class Column:
    """A column the importer understands: the field it fills and the header titles it goes by."""

    field: str
    kind: str
    # Titles seen in the exports of CSDL ngành, vnEdu, SMAS and MISA EMIS, separated by "|",
    # in order of preference when a file has several of them.
    spellings: str

    @property
    def titles(self) -> list[str]:
        return self.spellings.split("|")

    short: str = ""  # the name used in messages, if not the first title

    @property
    def label(self) -> str:
        """The usual Vietnamese title, used in messages."""
        return self.short or self.titles[0]


# fmt: off
COLUMNS = (
    Column("student_code", CODE, "Mã định danh Bộ GD&ĐT|Mã định danh|Mã học sinh|Mã HS|"
           "Mã định danh học sinh|Mã số học sinh|Mã số HS|Mã định danh BGD", "Mã định danh"),
    Column("full_name", NAME, "Họ và tên|Họ tên|Họ và tên học sinh|Họ tên học sinh"),
    Column("family_name", NAME_PART, "Họ đệm|Họ và tên đệm|Họ và đệm|Họ"),
    Column("given_name", NAME_PART, "Tên"),
    Column("date_of_birth", DATE, "Ngày sinh|Ngày tháng năm sinh|NTNS"),
    Column("gender", GENDER, "Giới tính|GT|Phái"),
    Column("female", FEMALE, "Nữ"),
    Column("class_name", CLASS, "Lớp|Lớp học|Tên lớp"),
    Column("ethnicity", TEXT, "Dân tộc"),
    Column("religion", TEXT, "Tôn giáo"),
    Column("residence", TEXT, "Chỗ ở hiện nay|Nơi ở hiện nay|Nơi ở|Địa chỉ|Địa chỉ thường trú|"
           "Nơi thường trú|Hộ khẩu thường trú"),
    Column("place_of_birth", TEXT, "Nơi sinh"),
    Column("hometown", TEXT, "Quê quán|Nguyên quán"),
    Column("national_id", CODE, "Số định danh cá nhân|Mã định danh cá nhân|CCCD|Số CCCD|"
           "Căn cước công dân|Số căn cước công dân|Số căn cước|CMND/CCCD"),
    Column("youth_union_joined_on", DATE, "Ngày vào Đoàn|Ngày kết nạp Đoàn"),
    Column("youth_union_position", TEXT, "Chức vụ Đoàn|Chức vụ trong Đoàn"),
    Column("study_result", TEXT, "Học lực|Kết quả học tập"),
    Column("conduct_result", TEXT, "Hạnh kiểm|Kết quả rèn luyện|Rèn luyện"),
)
# fmt: on
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
# The Student fields an import may write; the class is handled apart (it may not exist yet).
STUDENT_FIELDS = (
    "full_name",
    "date_of_birth",
    "gender",
    "place_of_birth",
    "hometown",
    "residence",
    "youth_union_joined_on",
    "youth_union_position",
    "study_result",
    "conduct_result",
    "ethnicity",
    "religion",
    "national_id",
)
COMPARED_FIELDS = (*STUDENT_FIELDS, "school_class")


def header_key(text: Any) -> str:
    """A header cell as a comparison key: no accents, case, spaces, punctuation or "(…)" notes."""
    folded = fold(str(text))
    folded = re.sub(r"\(.*?\)", "", folded)
    return re.sub(r"[^0-9a-z]", "", folded)


# key -> (column, preference); "Mã định danh" and "Mã định danh cá nhân" differ, so keys
# are matched whole, never by substring.
_HEADER_KEYS = {
    header_key(title): (column, rank)
    for column in COLUMNS
    for rank, title in enumerate(column.titles)
}

_CLASS_RE = re.compile(r"^(?P<grade>\d{1,2})[^\W\d_][\w.\-/]*$")
_TITLE_CLASS_RE = re.compile(r"\bL(?:Ớ|O)P\s*:?\s*(\d{1,2}\s?[^\W_][\w.\-/]*)")
_YEAR_RE = re.compile(r"\b(20\d{2})\s*[-–—/]\s*(20\d{2})\b")
_TEXT_DATE_RE = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_CODE_RE = re.compile(r"^[0-9A-Za-z]+$")
_FEMALE_MARKS = frozenset({"x", "1", "nu", "co", "true", "v", "✓", "✔"})
_MALE_MARKS = frozenset({"", "0", "nam", "khong", "false"})
_GENDERS = {"nam": "M", "nu": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
# Serial numbers Excel would show as dates between 1954 and 2119: a date cell left as General.
_SERIAL_RANGE = (20000, 80000)


def class_name_key(value: Any) -> str:
    """A class name as stored: NFC, upper case, no spaces ("12 a1" -> "12A1")."""
    return re.sub(r"\s+", "", normalize(value)).upper()


def class_grade(name: str) -> int | None:
    """The grade of a class name (its leading digits), or None if it is not a class name."""
    match = _CLASS_RE.match(name)
    if not match or len(name) > 20:
        return None
    grade = int(match["grade"])
    return grade if 1 <= grade <= 12 else None


def current_school_year(today: date | None = None) -> str:
    """The school year running on `today`: from August, the one that starts this year."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; `code` is stable for programs, `message` is for people."""

    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter, e.g. "D"
    header: str = ""  # the column's title as written in the file, or the one expected

    @property
    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column or self.header:
            column = " ".join(p for p in (self.column, f"“{self.header}”" if self.header else ""))
            parts.append(_("column %(column)s") % {"column": column.strip()})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class RosterRow:
    """One student row: parsed values by Student field; blank cells are "" or None."""

    sheet: str
    row: int
    class_name: str
    values: dict[str, Any]
    from_number: set[str] = field(default_factory=set)  # code fields typed as numbers


@dataclass
class SheetCopy:
    """The non-blank rows of a sheet as read, for the downloadable problems workbook."""

    title: str
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    header_row: int | None = None


@dataclass
class ParsedRoster:
    """What `read_workbook` found: student rows and problems, nothing from the database."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[SheetCopy] = field(default_factory=list)
    school_year: str | None = None  # as written in the title lines, if it is
    sha256: str = ""
    readable: bool = True  # False: not a workbook at all, nothing to show but the problems


@dataclass
class Change:
    """An existing student the import would update, with {field: [old, new]} as text."""

    student: Student
    changes: dict[str, list[str]]

    def items(self):
        """(field label, old, new) for display."""
        for name, (old, new) in self.changes.items():
            yield Student._meta.get_field(name).verbose_name, old, new


@dataclass
class Preview:
    """What the import would do, or the problems that refuse it."""

    parsed: ParsedRoster
    school_year: str
    problems: list[Problem] = field(default_factory=list)
    classes_to_create: list[SchoolClass] = field(default_factory=list)
    new: list[Student] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Student] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def change_count(self) -> int:
        return len(self.classes_to_create) + len(self.new) + len(self.changed)

    @property
    def fingerprint(self) -> str:
        """A digest of the file and of every planned write and the rows it was compared with.

        Equal fingerprints mean the same file against the same database state: the confirm
        applies exactly what was shown, or is refused.
        """
        plan = [
            self.parsed.sha256,
            self.school_year,
            sorted(c.name for c in self.classes_to_create),
            [[s.student_code, *(_text(getattr(s, f)) for f in COMPARED_FIELDS)] for s in self.new],
            [[c.student.pk, c.student.version, c.changes] for c in self.changed],
            [[s.pk, s.version] for s in self.unchanged],
            [str(p) for p in self.problems],
        ]
        return hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    classes_created: int
    students_created: int
    students_updated: int
    students_unchanged: int


class StalePreview(DomainError):
    """The database changed between the preview and the confirmation."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- reading the file ----------------------------------------------------------------------


class _Refused(Exception):
    """The file cannot be opened as a workbook; `problem` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _problem(code: str, message: str, **where) -> Problem:
    return Problem(code=code, message=message, **where)


def _read_bytes(source) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a path, an uploaded file, a file object or bytes."""
    if isinstance(source, bytes | bytearray):
        return bytes(source[: MAX_FILE_BYTES + 1])
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read(MAX_FILE_BYTES + 1)


def _save_as_xlsx_hint() -> str:
    return _(
        "Open it in Excel and choose File › Save As › Excel Workbook (*.xlsx), or in "
        "LibreOffice Calc choose File › Save As › Excel 2007-365 (.xlsx); then upload the new file."
    )


def check_file(data: bytes) -> None:
    """Refuse anything but a reasonably sized, real .xlsx before a single part is inflated."""
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(too_large())
    if not data.strip():
        raise _Refused(_problem("empty_file", _("The file is empty.")))
    if data.startswith(OLE_SIGNATURE):
        message = _(
            "This is an old Excel 97-2003 (.xls) file or a password-protected workbook, which "
            "cannot be read. Remove any password. %(hint)s"
        )
        raise _Refused(_problem("old_xls", message % {"hint": _save_as_xlsx_hint()}))
    if not data.startswith(ZIP_SIGNATURE):
        head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(b"<") and (
            b"<table" in head or b"<html" in head or b"<!doctype" in head
        ):
            message = _(
                "This file is a web page (an HTML table) with an Excel name, as some school "
                "systems export. %(hint)s"
            )
            raise _Refused(_problem("html_xls", message % {"hint": _save_as_xlsx_hint()}))
        raise _Refused(_not_xlsx())
    _check_zip_directory(data)


def too_large() -> Problem:
    """The problem for a file over MAX_FILE_BYTES (the page also uses it before reading)."""
    limit = MAX_FILE_BYTES // (1024 * 1024)
    message = _("The file is larger than %(limit)s MB; a class roster is much smaller.")
    return _problem("too_large", message % {"limit": limit})


def _not_xlsx() -> Problem:
    return _problem(
        "not_xlsx",
        _(
            "This is not an Excel workbook (.xlsx). Export the roster from the school system as "
            "Excel, or save it as .xlsx in Excel or LibreOffice Calc."
        ),
    )


def _check_zip_directory(data: bytes) -> None:
    """Entry count and declared sizes, read from the zip's directory alone.

    Python's zipfile stops inflating an entry at its declared size (and fails its CRC check if
    the data goes on), so the declared total bounds the work even when a file lies about it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _Refused(_unreadable()) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        message = _("The workbook has too many parts (%(count)s; at most %(limit)s are allowed).")
        raise _Refused(
            _problem("zip_entries", message % {"count": len(entries), "limit": MAX_ZIP_ENTRIES})
        )
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > MAX_UNZIPPED_BYTES:
        message = _(
            "Unpacked, the workbook would take %(size)s MB (at most %(limit)s MB are allowed); "
            "it was not opened."
        )
        mb = 1024 * 1024
        params = {"size": unzipped // mb, "limit": MAX_UNZIPPED_BYTES // mb}
        raise _Refused(_problem("zip_size", message % params))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise _Refused(_not_xlsx())
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise _Refused(_unreadable())


def _unreadable() -> Problem:
    return _problem(
        "unreadable",
        _(
            "The workbook could not be read: it is damaged or not a normal Excel file. Open it in "
            "Excel or LibreOffice Calc, save it again as .xlsx and upload the new file."
        ),
    )


# Raised by openpyxl, zipfile and (def)usedxml on damaged or hostile files. Any of them means
# "cannot read this file", never a crash: the user gets a message, the log gets the details.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,  # includes defusedxml's DefusedXmlException (entity and DTD bombs)
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
)


def read_workbook(source, *, today: date | None = None) -> ParsedRoster:
    """Parse a roster file (path, bytes or file object) into rows and problems; no database."""
    today = today or timezone.localdate()
    data = _read_bytes(source)
    parsed = ParsedRoster(sha256=hashlib.sha256(data).hexdigest())
    try:
        check_file(data)
        _read_sheets(data, parsed, today)
    except _Refused as refused:
        parsed.readable = False
        parsed.problems = [refused.problem]
        parsed.rows = []
        return parsed
    _pad_numeric_codes(parsed.rows)
    _check_codes(parsed)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(_problem("no_students", _("No student rows were found.")))
    parsed.problems.sort(
        key=lambda p: (_sheet_order(parsed, p.sheet), p.row or 0, len(p.column), p.column)
    )
    return parsed


def _sheet_order(parsed: ParsedRoster, title: str) -> int:
    for i, sheet in enumerate(parsed.sheets):
        if sheet.title == title:
            return i + 1
    return 0


def _read_sheets(data: bytes, parsed: ParsedRoster, today: date) -> None:
    try:
        # read_only streams rows; data_only gives the values Excel last showed (openpyxl never
        # computes formulas; a formula without a stored value reads as an empty cell).
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _READ_ERRORS:
        logger.info("roster import: unreadable workbook", exc_info=True)
        raise _Refused(_unreadable()) from None
    try:
        years = set()
        for worksheet in workbook.worksheets:
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                continue  # lookup lists and helpers that the school system hides
            reader = _SheetReader(worksheet, workbook.epoch, today)
            reader.read()
            if not reader.copy.rows:
                continue
            parsed.sheets.append(reader.copy)
            parsed.rows.extend(reader.rows)
            parsed.problems.extend(reader.problems)
            if reader.school_year:
                years.add(reader.school_year)
    except _READ_ERRORS:
        logger.info("roster import: unreadable worksheet", exc_info=True)
        raise _Refused(_unreadable()) from None
    finally:
        workbook.close()
    if len(years) > 1:
        message = _("The sheets are for different school years (%(years)s); import one at a time.")
        parsed.problems.append(
            _problem("school_years", message % {"years": ", ".join(sorted(years))})
        )
    elif years:
        parsed.school_year = years.pop()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _SheetReader:
    """Reads one worksheet in a single streaming pass: title lines, header, student rows."""

    def __init__(self, worksheet, epoch, today: date):
        self.worksheet = worksheet
        self.title = normalize(worksheet.title)
        self.epoch = epoch
        self.today = today
        self.copy = SheetCopy(self.title)
        self.rows: list[RosterRow] = []
        self.problems: list[Problem] = []
        self.columns: dict[str, int] | None = None  # field -> 0-based index
        self.headers: tuple = ()
        self.column_names: list[tuple[str, str]] = []  # (letter, title) per header cell
        self.title_class = ""
        self.school_year: str | None = None
        self.pending: list[tuple[RosterRow, list[Problem]]] = []

    def read(self) -> None:
        for number, values in enumerate(self.worksheet.iter_rows(values_only=True), start=1):
            if all(_blank(v) for v in values):
                continue
            self.copy.rows.append((number, values))
            if self.columns is None:
                self._before_header(number, values)
            else:
                self._data_row(number, values)
        if not self.rows:
            self._flush()  # no student had a code or a date: these rows are not a footer
        self.pending.clear()
        if self.columns is None and self.copy.rows:
            message = _(
                "No header row was found in the first %(rows)s rows: the sheet needs a row of "
                "column titles such as “Họ và tên”, “Ngày sinh”, “Mã định danh”."
            )
            self._add(_problem("no_header", message % {"rows": HEADER_SCAN_ROWS}))

    def _add(self, problem: Problem) -> None:
        self.problems.append(problem)

    # header and title lines

    def _before_header(self, number: int, values: tuple) -> None:
        if number > HEADER_SCAN_ROWS:
            return
        found = self._match_header(values)
        if found is None:
            self._read_title_line(values)
            return
        self.copy.header_row = number
        self.headers = values
        self.column_names = [
            (get_column_letter(i + 1), normalize(v) if v is not None else "")
            for i, v in enumerate(values)
        ]
        self.columns = self._check_header(number, found)

    def _read_title_line(self, values: tuple) -> None:
        for value in values:
            if not isinstance(value, str):
                continue
            text = normalize(value).upper()
            match = _TITLE_CLASS_RE.search(text)
            if match and not self.title_class and class_grade(class_name_key(match[1])):
                self.title_class = class_name_key(match[1])
            year = _YEAR_RE.search(text)
            if year and int(year[2]) == int(year[1]) + 1 and not self.school_year:
                self.school_year = f"{year[1]}-{year[2]}"

    @staticmethod
    def _match_header(values: tuple) -> dict[str, list[tuple[int, int]]] | None:
        """{field: [(preference, index), …]} if this row looks like the header, else None."""
        found: dict[str, list[tuple[int, int]]] = {}
        for index, value in enumerate(values):
            if not isinstance(value, str):
                continue
            hit = _HEADER_KEYS.get(header_key(value))
            if hit:
                column, rank = hit
                found.setdefault(column.field, []).append((rank, index))
        has_name = "full_name" in found or {"family_name", "given_name"} & found.keys()
        return found if has_name and len(found) >= 2 else None

    def _check_header(self, number: int, found: dict) -> dict[str, int]:
        columns = {}
        for name, hits in found.items():
            hits.sort()
            best_rank = hits[0][0]
            same = [index for rank, index in hits if rank == best_rank]
            if len(same) > 1:
                letters = ", ".join(get_column_letter(i + 1) for i in same)
                message = _("The column “%(column)s” appears more than once (%(letters)s).")
                header = self.column_names[same[0]][1]
                params = {"column": header, "letters": letters}
                self._add(
                    _problem("duplicate_column", message % params, sheet=self.title, row=number)
                )
            columns[name] = same[0]
        if "full_name" in columns:
            columns.pop("family_name", None)
            columns.pop("given_name", None)
        if "gender" in columns:
            columns.pop("female", None)
        self._check_required(number, columns)
        return columns

    def _check_required(self, number: int, columns: dict[str, int]) -> None:
        where = {"sheet": self.title, "row": number}
        for name in ("student_code", "date_of_birth"):
            if name not in columns:
                column = COLUMN_BY_FIELD[name]
                label = column.label
                others = ", ".join(f"“{t}”" for t in column.titles if t != label)
                message = _(
                    "The required column “%(column)s” is missing (it may also be titled "
                    "%(others)s)."
                ) % {"column": label, "others": others}
                self._add(_problem("missing_column", message, header=label, **where))
        if "full_name" not in columns and not {"family_name", "given_name"} <= columns.keys():
            message = _(
                "The name column is missing: the sheet needs “Họ và tên”, or the two columns "
                "“Họ đệm” and “Tên”."
            )
            self._add(_problem("missing_column", message, header="Họ và tên", **where))
        if "gender" not in columns and "female" not in columns:
            message = _(
                "The gender column is missing: the sheet needs “Giới tính”, or a “Nữ” column "
                "marked x for female students."
            )
            self._add(_problem("missing_column", message, header="Giới tính", **where))
        self._sheet_class(number, required="class_name" not in columns)

    def _sheet_class(self, number: int, required: bool) -> None:
        """The sheet's class, from its name or its title line: for rows without a "Lớp" cell."""
        from_title = class_name_key(self.title)
        if not class_grade(from_title):
            match = _TITLE_CLASS_RE.search(normalize(self.title).upper())
            from_title = class_name_key(match[1]) if match else ""
        from_title = from_title if class_grade(from_title) else ""
        if from_title and self.title_class and from_title != self.title_class:
            message = _(
                "The sheet is named after class %(sheet_class)s but its title says class "
                "%(title_class)s."
            )
            params = {"sheet_class": from_title, "title_class": self.title_class}
            self._add(_problem("class_mismatch", message % params, sheet=self.title, row=number))
        self.title_class = from_title or self.title_class
        if required and not self.title_class:
            message = _(
                "The class is not known: add a “Lớp” column, name the sheet after the class "
                "(e.g. 12A1) or write “DANH SÁCH HỌC SINH LỚP 12A1” above the table."
            )
            self._add(_problem("no_class", message, sheet=self.title, row=number))

    # data rows

    def _data_row(self, number: int, values: tuple) -> None:
        cells = {name: (values[i] if i < len(values) else None) for name, i in self.columns.items()}
        if all(_blank(value) for value in cells.values()):
            return  # only a number in the STT column, or notes in columns we don't read
        if values == self.headers:
            return  # the header repeated, as exports paged for printing do
        row = RosterRow(self.title, number, self.title_class, {})
        problems: list[Problem] = []
        failed = set()
        for name, value in cells.items():
            try:
                self._parse_cell(row, name, value)
            except _CellError as error:
                problems.append(self._at(number, name, error.code, error.message))
                failed.add(name)
        self._finish_row(row, problems, failed)
        has_key = not (_blank(cells.get("student_code")) and _blank(cells.get("date_of_birth")))
        self.pending.append((row, problems))
        # A row with neither code nor date of birth waits: if no student follows, it is the
        # footer (totals, "Người lập biểu", signatures) and is dropped at the end of the sheet.
        if has_key:
            self._flush()

    def _flush(self) -> None:
        for row, problems in self.pending:
            self.rows.append(row)
            self.problems.extend(problems)
        self.pending.clear()

    def _at(self, number: int, name: str, code: str, message: str) -> Problem:
        """A problem in the cell of column `name` on row `number`."""
        index = self.columns.get(name)
        if index is None:
            header = COLUMN_BY_FIELD[name].label
            return _problem(code, message, sheet=self.title, row=number, header=header)
        letter, header = self.column_names[index]
        return _problem(code, message, sheet=self.title, row=number, column=letter, header=header)

    def _parse_cell(self, row: RosterRow, name: str, value) -> None:
        kind = COLUMN_BY_FIELD[name].kind
        if kind == CODE:
            row.values[name], from_number = parse_code(value)
            if from_number:
                row.from_number.add(name)
        elif kind == DATE:
            row.values[name] = None if _blank(value) else parse_date(value, self.epoch)
        elif kind == GENDER:
            row.values["gender"] = parse_gender(value)
        elif kind == FEMALE:
            row.values["gender"] = parse_female_mark(value)
        elif kind == CLASS:
            if not _blank(value):
                row.class_name = parse_class(value)
        else:  # names and plain text
            row.values[name] = _plain_text(value)

    def _finish_row(self, row: RosterRow, problems: list[Problem], failed: set[str]) -> None:
        """Join a split name and check the row as a whole; cells that failed are not checked."""
        values = row.values
        if "family_name" in values or "given_name" in values:
            parts = (values.pop("family_name", ""), values.pop("given_name", ""))
            values["full_name"] = normalize(" ".join(parts))

        def add(name: str, code: str, message: str) -> None:
            if name not in failed:
                problems.append(self._at(row.row, name, code, message))

        if not values.get("student_code"):
            add("student_code", "empty_code", _("The student code is empty."))
        name_column = "full_name" if "full_name" in self.columns else "given_name"
        if not values.get("full_name"):
            add(name_column, "empty_name", _("The full name is empty."))
        if values.get("gender", "") is None:
            add("gender", "empty_gender", _("The gender is empty: write “Nam” or “Nữ”."))
        born = values.get("date_of_birth")
        if born is None:
            add("date_of_birth", "empty_date", _("The date of birth is empty."))
        else:
            for code, message in check_birth_date(born, self.today):
                add("date_of_birth", code, message)
        joined = values.get("youth_union_joined_on")
        if joined is not None:
            for code, message in check_joined_date(joined, born, self.today):
                add("youth_union_joined_on", code, message)
        for name in STUDENT_FIELDS:
            text = values.get(name)
            limit = Student._meta.get_field(name).max_length
            if isinstance(text, str) and limit and len(text) > limit:
                add(name_column if name == "full_name" else name, "too_long", _too_long(name))
        if not row.class_name and "class_name" in self.columns:
            add("class_name", "no_class", _("The class is empty."))


class _CellError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _too_long(name: str) -> str:
    limit = Student._meta.get_field(name).max_length
    return _("Too long: at most %(limit)s characters.") % {"limit": limit}


def _plain_text(value) -> str:
    """Any cell as text; a string that looks like a formula ("=1+1") stays that string."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _shown(value) -> str:
    """A cell value quoted in a message."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return normalize(str(value))[:60]


def parse_code(value) -> tuple[str, bool]:
    """A student code or ID number as text, and whether it was typed as a number.

    A number has lost any leading zero; `_pad_numeric_codes` puts it back once the file's usual
    code length is known.
    """
    if _blank(value):
        return "", False
    from_number = isinstance(value, int | float) and not isinstance(value, bool)
    if from_number:
        if isinstance(value, float) and not value.is_integer():
            raise _CellError("bad_code", _bad_code_message(value))
        text = str(int(value))
    else:
        text = re.sub(r"\s+", "", normalize(value))
    if not _CODE_RE.match(text) or len(text) > 20:
        raise _CellError("bad_code", _bad_code_message(value))
    return text, from_number


def _bad_code_message(value) -> str:
    return _(
        "“%(value)s” is not a valid code: use digits and letters only, at most 20 characters."
    ) % {"value": _shown(value)}


def parse_date(value, epoch=None) -> date:
    """A date from an Excel date cell, a serial number, or text dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            converted = from_excel(value, epoch) if epoch else from_excel(value)
            return converted.date() if isinstance(converted, datetime) else converted
        raise _CellError("bad_date", _bad_date_message(value))
    text = normalize(value)
    match = _TEXT_DATE_RE.match(text)
    if match:
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        match = _ISO_DATE_RE.match(text)
        if not match:
            raise _CellError("bad_date", _bad_date_message(value))
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        message = _("“%(value)s” is not a real date: check the day and the month (dd/mm/yyyy).")
        raise _CellError("impossible_date", message % {"value": text}) from None


def _bad_date_message(value) -> str:
    return _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 05/09/2008.") % {
        "value": _shown(value)
    }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_birth_date(born: date, today: date) -> list[tuple[str, str]]:
    """(code, message) for a birth date in the future or making the student younger than 13."""
    shown = {"date": born.strftime("%d/%m/%Y")}
    if born > today:
        return [("future_birth", _("The date of birth %(date)s is in the future.") % shown)]
    if born > _years_before(today, MIN_AGE):
        message = _("The date of birth %(date)s makes the student younger than %(age)s.")
        return [("too_young", message % {**shown, "age": MIN_AGE})]
    return []


def check_joined_date(joined: date, born: date | None, today: date) -> list[tuple[str, str]]:
    shown = {"date": joined.strftime("%d/%m/%Y")}
    if joined > today:
        message = _("The date of joining the Youth Union %(date)s is in the future.")
        return [("future_joined", message % shown)]
    if born is not None and joined <= born:
        message = _("The date of joining the Youth Union %(date)s is before the date of birth.")
        return [("joined_before_birth", message % shown)]
    return []


def parse_gender(value) -> str | None:
    """M or F from "Nam"/"Nữ" (any case or accents) and a few usual spellings; None if blank."""
    if _blank(value):
        return None
    gender = _GENDERS.get(fold(str(value)))
    if gender is None:
        message = _("“%(value)s” is not a gender: write “Nam” or “Nữ”.")
        raise _CellError("bad_gender", message % {"value": _shown(value)})
    return str(gender)


def parse_female_mark(value) -> str:
    """vnEdu's "Nữ" column: marked (x) for a girl, empty for a boy."""
    if value is True or value is False:
        return Student.Gender.FEMALE if value else Student.Gender.MALE
    mark = fold(_plain_text(value))
    if mark in _FEMALE_MARKS:
        return str(Student.Gender.FEMALE)
    if mark in _MALE_MARKS:
        return str(Student.Gender.MALE)
    message = _("“%(value)s” in the “Nữ” column: mark girls with x and leave boys empty.")
    raise _CellError("bad_gender", message % {"value": _shown(value)})


def parse_class(value) -> str:
    name = class_name_key(_plain_text(value))
    if not class_grade(name):
        message = _("“%(value)s” is not a class name: it must start with the grade, e.g. 12A1.")
        raise _CellError("bad_class", message % {"value": _shown(value)})
    return name


def _pad_numeric_codes(rows: list[RosterRow]) -> None:
    """Put back the leading zeros Excel dropped from codes typed as numbers.

    The usual length is the most common length of the all-digit codes of that column in the
    file (the ministry's codes have 10 digits, ID numbers 12); a numeric code shorter than it
    is padded with zeros on the left. Codes typed as text are never changed.
    """
    for name in ("student_code", "national_id"):
        lengths = Counter(
            len(row.values[name]) for row in rows if str(row.values.get(name) or "").isdigit()
        )
        if not lengths:
            continue
        top = max(lengths.values())
        usual = max(length for length, count in lengths.items() if count == top)
        for row in rows:
            if name in row.from_number and len(row.values[name]) < usual:
                row.values[name] = row.values[name].zfill(usual)


def _check_codes(parsed: ParsedRoster) -> None:
    """The student code is the key: twice in one file is an error (both places are named)."""
    seen: dict[str, RosterRow] = {}
    for row in parsed.rows:
        code = row.values.get("student_code")
        if not code:
            continue
        first = seen.setdefault(code, row)
        if first is row:
            continue
        message = _(
            "The student code %(code)s appears more than once: also in sheet %(sheet)s, row "
            "%(row)s."
        )
        params = {"code": code, "sheet": first.sheet, "row": first.row}
        parsed.problems.append(
            _problem(
                "duplicate_code",
                message % params,
                sheet=row.sheet,
                row=row.row,
                header=COLUMN_BY_FIELD["student_code"].label,
            )
        )


# --- preview -------------------------------------------------------------------------------


def build_preview(
    parsed: ParsedRoster, branch, school_year: str | None = None, *, lock: bool = False
) -> Preview:
    """Compare the parsed rows with the branch's classes and students; writes nothing."""
    year = school_year or parsed.school_year or current_school_year()
    preview = Preview(parsed=parsed, school_year=year, problems=list(parsed.problems))
    if school_year and parsed.school_year and school_year != parsed.school_year:
        message = _(
            "The file is for school year %(found)s but the import is for %(chosen)s: choose "
            "%(found)s, or leave the school year empty."
        )
        params = {"found": parsed.school_year, "chosen": school_year}
        preview.problems.append(_problem("school_year_mismatch", message % params))
    if preview.problems:
        return preview
    classes = {c.name: c for c in SchoolClass.objects.filter(branch=branch, school_year=year)}
    existing = _existing_students(branch, [r.values["student_code"] for r in parsed.rows], lock)
    to_create: dict[str, SchoolClass] = {}
    for row in parsed.rows:
        school_class = classes.get(row.class_name) or to_create.get(row.class_name)
        if school_class is None:
            school_class = SchoolClass(
                branch=branch,
                name=row.class_name,
                school_year=year,
                grade=class_grade(row.class_name),
            )
            to_create[row.class_name] = school_class
        student = existing.get(row.values["student_code"])
        if student is None:
            preview.new.append(_new_student(row, branch, school_class))
        else:
            _compare(preview, student, row, school_class)
    preview.classes_to_create = sorted(to_create.values(), key=lambda c: (c.grade, c.name))
    return preview


def _existing_students(branch, codes: list[str], lock: bool) -> dict[str, Student]:
    queryset = Student.objects.filter(branch=branch).select_related("school_class")
    if lock:
        # PostgreSQL: hold these rows until the import commits; SQLite's IMMEDIATE transaction
        # already holds the whole database.
        queryset = queryset.select_for_update(of=("self",))
    found = {}
    # Chunked: SQLite builds before 3.32 accept 999 parameters per query.
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        found.update((s.student_code, s) for s in queryset.filter(student_code__in=chunk))
    return found


def _new_student(row: RosterRow, branch, school_class: SchoolClass) -> Student:
    values = {k: v for k, v in row.values.items() if v is not None}
    return Student(branch=branch, school_class=school_class, **values)


def _compare(preview: Preview, student: Student, row: RosterRow, school_class: SchoolClass):
    """Apply the row to the student in memory and record what changes.

    A blank cell never erases what the database holds: a roster that lacks a value (or a
    whole column) leaves the value entered earlier, by hand or by another system's export.
    """
    fields = [name for name, value in row.values.items() if not _blank(value)]
    fields = [name for name in fields if name in STUDENT_FIELDS]
    before = {name: getattr(student, name) for name in fields}
    before["school_class"] = student.school_class
    for name in fields:
        setattr(student, name, row.values[name])
    student.school_class = school_class
    changes = field_changes(before, student, [*fields, "school_class"])
    if changes:
        preview.changed.append(Change(student, changes))
    else:
        preview.unchanged.append(student)


# --- apply ---------------------------------------------------------------------------------


def apply_preview(preview: Preview, branch, actor) -> ImportResult:
    """Write the previewed import in one transaction, or raise DomainError and write nothing."""
    if preview.problems:
        raise DomainError(_("The file has problems; nothing was imported."))
    with transaction.atomic():
        current = build_preview(preview.parsed, branch, preview.school_year, lock=True)
        if current.fingerprint != preview.fingerprint:
            raise StalePreview(
                _(
                    "Students or classes changed since the preview was made; nothing was "
                    "imported. Look at the new preview and confirm again."
                )
            )
        SchoolClass.objects.bulk_create(current.classes_to_create)
        for student in current.new:
            # The class may have been created just above; refresh its id on the student.
            student.school_class = student.school_class
            student.fill_derived_keys()
        Student.objects.bulk_create(current.new, batch_size=500)
        updated = [change.student for change in current.changed]
        for student in updated:
            student.school_class = student.school_class
            student.fill_derived_keys()
        _update_students(updated)
        _record_events(current, branch, actor)
    return ImportResult(
        classes_created=len(current.classes_to_create),
        students_created=len(current.new),
        students_updated=len(current.changed),
        students_unchanged=len(current.unchanged),
    )


def _update_students(students: list[Student]) -> None:
    if not students:
        return
    fields = [*STUDENT_FIELDS, "school_class", "search_name", "sort_name"]
    Student.objects.bulk_update(students, fields, batch_size=200)
    # Raise the version as every edit does, so a form opened before the import is refused.
    pks = [s.pk for s in students]
    for start in range(0, len(pks), 900):
        Student.objects.filter(pk__in=pks[start : start + 900]).update(version=F("version") + 1)


def _record_events(preview: Preview, branch, actor) -> None:
    for student in preview.new:
        summary = _("Added by the class roster import: class %(class)s.") % {
            "class": student.school_class
        }
        record_event(
            branch=branch, actor=actor, kind=EVENT_KIND, summary=summary[:300], student=student
        )
    for change in preview.changed:
        labels = ", ".join(str(label) for label, _old, _new in change.items())
        summary = _("Updated by the class roster import: %(fields)s.") % {"fields": labels}
        record_event(
            branch=branch,
            actor=actor,
            kind=EVENT_KIND,
            summary=summary[:300],
            changes=change.changes,
            student=change.student,
        )


# --- output --------------------------------------------------------------------------------


def describe(preview: Preview) -> list[str]:
    """The preview as lines of text (the command prints these; the page shows the same data)."""
    lines = [_("School year: %(year)s") % {"year": preview.school_year}]
    if preview.problems:
        message = _("%(count)s problem(s) found; the file is refused and nothing is imported:")
        lines.append(message % {"count": len(preview.problems)})
        lines.extend(f"  - {problem}" for problem in preview.problems)
        return lines
    lines.append(summary_line(preview))
    for school_class in preview.classes_to_create:
        lines.append("  + " + _("class %(class)s") % {"class": school_class.name})
    for student in preview.new:
        born = _text(student.date_of_birth)
        lines.append(
            f"  + {student.student_code} {student.full_name} ({born}) — {student.school_class.name}"
        )
    for change in preview.changed:
        student = change.student
        lines.append(f"  ~ {student.student_code} {student.full_name}")
        lines.extend(
            f"      {label}: {old or '∅'} → {new or '∅'}" for label, old, new in change.items()
        )
    return lines


def summary_line(preview: Preview) -> str:
    return _(
        "Classes to create: %(classes)s; new students: %(new)s; changed: %(changed)s; "
        "unchanged: %(unchanged)s."
    ) % {
        "classes": len(preview.classes_to_create),
        "new": len(preview.new),
        "changed": len(preview.changed),
        "unchanged": len(preview.unchanged),
    }


def _safe_cell(cell, value) -> None:
    """Write a value as data: text that looks like a formula stays text (no injection)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(("=", "+", "-", "@")):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value


def problems_workbook(preview: Preview) -> bytes:
    """An .xlsx: the list of problems, then each faulty sheet as read with a "Problems" column.

    Rows keep their original numbers and columns their letters, so "sheet 12A1, row 9, column
    D" points at the same cell here and in the secretary's own file.
    """
    workbook = openpyxl.Workbook()
    listing = workbook.active
    listing.title = _("Problems")[:31]
    listing.append([_("Sheet"), _("Row"), _("Column"), _("Column title"), _("Problem")])
    for problem in preview.problems:
        values = [problem.sheet, problem.row, problem.column, problem.header, problem.message]
        listing.append([None] * len(values))
        for cell, value in zip(listing[listing.max_row], values, strict=True):
            _safe_cell(cell, value)
    for width, letter in zip((16, 8, 8, 24, 90), "ABCDE", strict=True):
        listing.column_dimensions[letter].width = width
    by_row: dict[tuple[str, int], list[str]] = {}
    for problem in preview.problems:
        by_row.setdefault((problem.sheet, problem.row or 0), []).append(str(problem.message))
    for sheet in preview.parsed.sheets:
        if any(key[0] == sheet.title for key in by_row):
            _copy_sheet(workbook, sheet, by_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _copy_sheet(workbook, sheet: SheetCopy, by_row: dict) -> None:
    title = re.sub(r"[\\/*?:\[\]]", "_", sheet.title)[:31] or "Sheet"
    if title in workbook.sheetnames:
        title = f"{title[:28]}_{len(workbook.sheetnames)}"
    copy = workbook.create_sheet(title)
    width = max((len(values) for _n, values in sheet.rows), default=0)
    problem_column = width + 1
    for number, values in sheet.rows:
        for index, value in enumerate(values, start=1):
            if value is not None:
                _safe_cell(copy.cell(row=number, column=index), value)
        messages = by_row.get((sheet.title, number))
        if messages:
            _safe_cell(copy.cell(row=number, column=problem_column), "\n".join(messages))
    if sheet.header_row:
        _safe_cell(copy.cell(row=sheet.header_row, column=problem_column), _("Problems"))
    copy.column_dimensions[get_column_letter(problem_column)].width = 80


def purge_old_uploads(folder: Path, older_than: timedelta = timedelta(days=1)) -> None:
    """Delete stored uploads nobody confirmed (the page keeps one per session until used)."""
    if not folder.is_dir():
        return
    limit = timezone.now().timestamp() - older_than.total_seconds()
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass  # another request removed it first
