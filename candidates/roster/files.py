"""The uploaded file itself: size, signature and zip checks before anything is inflated.

An old .xls, a password-protected workbook, an HTML table named .xls, a zip bomb or a damaged
file is refused with a message that says what to do; stored uploads nobody confirmed are purged.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from .problems import Problem

# A class roster is a few hundred kilobytes; 5 MB leaves room for logos and styles.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A school of 2,000 students fills about 2,500 rows with titles and headers. Rows holding a value
# are counted in the sheets' XML before openpyxl sees it (it parses a whole sheet when the sheet
# does not declare its size): a file of 140,000 rows is refused in a second, not a minute.
MAX_ROWS = 5_000
ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
VALUE_TAG = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
# Checked on the zip's directory before anything is inflated: a zip bomb never gets unpacked.
# A 36-class school roster unpacks to about 3 MB in a dozen parts.
MAX_ZIP_ENTRIES = 500
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, or a password-protected xlsx


class Refused(Exception):
    """The file cannot be opened as a workbook; `problem` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def read_bytes(source) -> bytes:
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
        raise Refused(too_large())
    if not data.strip():
        raise Refused(Problem("empty_file", _("The file is empty.")))
    if data.startswith(OLE_SIGNATURE):
        message = _(
            "This is an old Excel 97-2003 (.xls) file or a password-protected workbook, which "
            "cannot be read. Remove any password. %(hint)s"
        )
        raise Refused(Problem("old_xls", message % {"hint": _save_as_xlsx_hint()}))
    if not data.startswith(ZIP_SIGNATURE):
        head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(b"<") and (
            b"<table" in head or b"<html" in head or b"<!doctype" in head
        ):
            message = _(
                "This file is a web page (an HTML table) with an Excel name, as some school "
                "systems export. %(hint)s"
            )
            raise Refused(Problem("html_xls", message % {"hint": _save_as_xlsx_hint()}))
        raise Refused(_not_xlsx())
    _check_zip_directory(data)


def too_large() -> Problem:
    """The problem for a file over MAX_FILE_BYTES (the page also uses it before reading)."""
    limit = MAX_FILE_BYTES // (1024 * 1024)
    message = _("The file is larger than %(limit)s MB; a class roster is much smaller.")
    return Problem("too_large", message % {"limit": limit})


def too_many_rows() -> Problem:
    message = _(
        "The file has more than %(limit)s filled rows; a school's rosters have far fewer. "
        "Check that it is the class roster, or import it in parts."
    )
    return Problem("too_many_rows", message % {"limit": f"{MAX_ROWS:,}".replace(",", ".")})


def _not_xlsx() -> Problem:
    return Problem(
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
        raise Refused(unreadable()) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        message = _("The workbook has too many parts (%(count)s; at most %(limit)s are allowed).")
        raise Refused(
            Problem("zip_entries", message % {"count": len(entries), "limit": MAX_ZIP_ENTRIES})
        )
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > MAX_UNZIPPED_BYTES:
        message = _(
            "Unpacked, the workbook would take %(size)s MB (at most %(limit)s MB are allowed); "
            "it was not opened."
        )
        mb = 1024 * 1024
        params = {"size": unzipped // mb, "limit": MAX_UNZIPPED_BYTES // mb}
        raise Refused(Problem("zip_size", message % params))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise Refused(_not_xlsx())
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise Refused(unreadable())
    sheets = [e for e in entries if re.fullmatch(r"xl/worksheets/[^/]+\.xml", e.filename)]
    try:
        filled = _filled_rows(data, sheets)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError):
        raise Refused(unreadable()) from None  # e.g. a part longer than it declares
    if filled > MAX_ROWS:
        raise Refused(too_many_rows())


def _filled_rows(data: bytes, sheets) -> int:
    """Rows that hold a value, counted in the sheets' XML a megabyte at a time (up to the
    limit); blank rows that only carry a format do not count."""
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for sheet in sheets:
            with archive.open(sheet) as part:
                rest = b""
                while count <= MAX_ROWS:
                    chunk = part.read(1024 * 1024)
                    pieces = ROW_TAG.split(rest + chunk)
                    # The last piece may be a row cut by the chunk: it waits for the next one.
                    # (The first piece is the XML before the rows, or the rest of a row.)
                    rest = pieces.pop() if chunk else b""
                    count += sum(1 for piece in pieces if VALUE_TAG.search(piece))
                    if not chunk:
                        break
    return count


def unreadable() -> Problem:
    """The problem for a damaged file, or one that is not a normal workbook."""
    return Problem(
        "unreadable",
        _(
            "The workbook could not be read: it is damaged or not a normal Excel file. Open it in "
            "Excel or LibreOffice Calc, save it again as .xlsx and upload the new file."
        ),
    )


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
