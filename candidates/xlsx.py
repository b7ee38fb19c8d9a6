"""Writing .xlsx files: every cell through `write_cell`, so that a cell is always data.

Text loses the control characters Excel refuses, text that looks like a formula stays text,
dates are real Excel dates shown dd/mm/yyyy.
"""

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What Excel reads as the start of a formula when a user types it.
FORMULA_STARTS = ("=", "+", "-", "@")


def write_cell(cell, value) -> None:
    """Put `value` in an openpyxl cell as data, never as a formula, never as a refused character."""
    if isinstance(value, str):
        # openpyxl raises IllegalCharacterError on \x00-\x08, \x0b, \x0c, \x0e-\x1f.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            # openpyxl would store "=…" as a formula that Excel runs on opening; the quote prefix
            # keeps it text when someone edits the cell in Excel.
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, date):  # a datetime too
        cell.number_format = "DD/MM/YYYY"


def write_table(sheet_title: str, header, rows) -> bytes:
    """An .xlsx with a bold, frozen header row; dates as real Excel dates (dd/mm/yyyy)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    widths = []
    for c, title in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=c)
        write_cell(cell, str(title))
        cell.font = Font(bold=True)
        widths.append(len(str(title)))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            write_cell(sheet.cell(row=r, column=c), value)
            widths[c - 1] = max(widths[c - 1], min(len(str(value or "")), 50))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width + 2
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
