"""One worksheet in a single streaming pass: title lines, the header row, then student rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ..models import Student
from ..text import normalize
from .cells import (
    LIFE_DATES,
    CellError,
    blank,
    check_birth_date,
    check_life_date,
    parse_class,
    parse_code,
    parse_date,
    parse_female_mark,
    parse_gender,
    plain_text,
    too_long,
)
from .columns import (
    CLASS,
    CODE,
    COLUMN_BY_FIELD,
    DATE,
    FEMALE,
    GENDER,
    HEADER_KEYS,
    STUDENT_FIELDS,
    class_grade,
    class_name_key,
    header_key,
)
from .problems import Problem

# Title lines (school, "DANH SÁCH HỌC SINH LỚP …") sit above the header; real files use < 10.
HEADER_SCAN_ROWS = 30

_TITLE_CLASS_RE = re.compile(r"\bL(?:Ớ|O)P\s*:?\s*(\d{1,2}\s?[^\W_][\w.\-/]*)")
_YEAR_RE = re.compile(r"\b(20\d{2})\s*[-–—/]\s*(20\d{2})\b")


@dataclass
class RosterRow:
    """One student row: parsed values by Student field; blank cells are "" or None."""

    sheet: str
    row: int
    class_name: str
    values: dict[str, Any]
    from_number: set[str] = field(default_factory=set)  # code fields typed as numbers
    # field -> (column letter, title as written), for problems found later (the preview's).
    places: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class SheetCopy:
    """The non-blank rows of a sheet as read, for the downloadable problems workbook."""

    title: str
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    header_row: int | None = None


class SheetReader:
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
        self.places: dict[str, tuple[str, str]] = {}  # field -> (letter, title as written)
        self.headers: tuple = ()
        self.column_names: list[tuple[str, str]] = []  # (letter, title) per header cell
        self.title_class = ""
        self.school_year: str | None = None
        self.pending: list[tuple[RosterRow, list[Problem]]] = []

    def read(self) -> None:
        for number, values in enumerate(self.worksheet.iter_rows(values_only=True), start=1):
            if all(blank(v) for v in values):
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
            self._add(Problem("no_header", message % {"rows": HEADER_SCAN_ROWS}))

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
        self.places = {name: self.column_names[i] for name, i in self.columns.items()}

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
            hit = HEADER_KEYS.get(header_key(value))
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
                    Problem("duplicate_column", message % params, sheet=self.title, row=number)
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
                self._add(Problem("missing_column", message, header=label, **where))
        if "full_name" not in columns and not {"family_name", "given_name"} <= columns.keys():
            message = _(
                "The name column is missing: the sheet needs “Họ và tên”, or the two columns "
                "“Họ đệm” and “Tên”."
            )
            self._add(Problem("missing_column", message, header="Họ và tên", **where))
        if "gender" not in columns and "female" not in columns:
            message = _(
                "The gender column is missing: the sheet needs “Giới tính”, or a “Nữ” column "
                "marked x for female students."
            )
            self._add(Problem("missing_column", message, header="Giới tính", **where))
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
            self._add(Problem("class_mismatch", message % params, sheet=self.title, row=number))
        self.title_class = from_title or self.title_class
        if required and not self.title_class:
            message = _(
                "The class is not known: add a “Lớp” column, name the sheet after the class "
                "(e.g. 12A1) or write “DANH SÁCH HỌC SINH LỚP 12A1” above the table."
            )
            self._add(Problem("no_class", message, sheet=self.title, row=number))

    # data rows

    def _data_row(self, number: int, values: tuple) -> None:
        cells = {name: (values[i] if i < len(values) else None) for name, i in self.columns.items()}
        if all(blank(value) for value in cells.values()):
            return  # only a number in the STT column, or notes in columns we don't read
        if values == self.headers:
            return  # the header repeated, as exports paged for printing do
        row = RosterRow(self.title, number, self.title_class, {}, places=self.places)
        problems: list[Problem] = []
        failed = set()
        for name, value in cells.items():
            try:
                self._parse_cell(row, name, value)
            except CellError as error:
                problems.append(self._at(number, name, error.code, error.message))
                failed.add(name)
        self._finish_row(row, problems, failed)
        has_key = not (blank(cells.get("student_code")) and blank(cells.get("date_of_birth")))
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
            return Problem(code, message, sheet=self.title, row=number, header=header)
        letter, header = self.column_names[index]
        return Problem(code, message, sheet=self.title, row=number, column=letter, header=header)

    def _parse_cell(self, row: RosterRow, name: str, value) -> None:
        kind = COLUMN_BY_FIELD[name].kind
        if kind == CODE:
            row.values[name], from_number = parse_code(value)
            if from_number:
                row.from_number.add(name)
        elif kind == DATE:
            row.values[name] = None if blank(value) else parse_date(value, self.epoch)
        elif kind == GENDER:
            row.values["gender"] = parse_gender(value)
        elif kind == FEMALE:
            row.values["gender"] = parse_female_mark(value)
        elif kind == CLASS:
            if not blank(value):
                row.class_name = parse_class(value)
        else:  # names and plain text
            row.values[name] = plain_text(value)

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
        for name in LIFE_DATES:
            if values.get(name) is not None:
                for code, message in check_life_date(name, values[name], born, self.today):
                    add(name, code, message)
        for name in STUDENT_FIELDS:
            text = values.get(name)
            limit = Student._meta.get_field(name).max_length
            if isinstance(text, str) and limit and len(text) > limit:
                add(name_column if name == "full_name" else name, "too_long", too_long(name))
        if not row.class_name and "class_name" in self.columns:
            add("class_name", "no_class", _("The class is empty."))
