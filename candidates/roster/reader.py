"""Reading a roster file: the file checks, every visible sheet, then checks across sheets.

`read_workbook(file) -> ParsedRoster` touches no database: the rows it found and every problem,
each naming its sheet, row and column.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _

from .columns import COLUMN_BY_FIELD
from .files import Refused, check_file, read_bytes, unreadable
from .problems import Problem
from .sheet import RosterRow, SheetCopy, SheetReader

logger = logging.getLogger(__name__)


@dataclass
class ParsedRoster:
    """What `read_workbook` found: student rows and problems, nothing from the database."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[SheetCopy] = field(default_factory=list)
    school_year: str | None = None  # as written in the title lines, if it is
    sha256: str = ""
    readable: bool = True  # False: not a workbook at all, nothing to show but the problems


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
    data = read_bytes(source)
    parsed = ParsedRoster(sha256=hashlib.sha256(data).hexdigest())
    try:
        check_file(data)
        _read_sheets(data, parsed, today)
    except Refused as refused:
        parsed.readable = False
        parsed.problems = [refused.problem]
        parsed.rows = []
        return parsed
    _pad_numeric_codes(parsed.rows)
    _check_codes(parsed)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem("no_students", _("No student rows were found.")))
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
        raise Refused(unreadable()) from None
    try:
        years = set()
        for worksheet in workbook.worksheets:
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                continue  # lookup lists and helpers that the school system hides
            reader = SheetReader(worksheet, workbook.epoch, today)
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
        raise Refused(unreadable()) from None
    finally:
        workbook.close()
    if len(years) > 1:
        message = _("The sheets are for different school years (%(years)s); import one at a time.")
        parsed.problems.append(
            Problem("school_years", message % {"years": ", ".join(sorted(years))})
        )
    elif years:
        parsed.school_year = years.pop()


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
            Problem(
                "duplicate_code",
                message % params,
                sheet=row.sheet,
                row=row.row,
                header=COLUMN_BY_FIELD["student_code"].label,
            )
        )
