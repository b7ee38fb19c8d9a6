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


def add_sheet(workbook, sheet_title: str, header, rows, title_lines=()) -> None:
    """A sheet with an optional title block (one line a row, the first bold) above a bold,
    frozen header row; dates as real Excel dates (dd/mm/yyyy); column widths to fit."""
    sheet = workbook.create_sheet(sheet_title[:31])
    for r, line in enumerate(title_lines, start=1):
        write_cell(sheet.cell(row=r, column=1), line)
        sheet.cell(row=r, column=1).font = Font(bold=r == 1)
    top = len(title_lines) + 1 + bool(title_lines)  # a blank row under the title block
    widths = []
    for c, title in enumerate(header, start=1):
        cell = sheet.cell(row=top, column=c)
        write_cell(cell, str(title))
        cell.font = Font(bold=True)
        widths.append(len(str(title)))
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row, start=1):
            write_cell(sheet.cell(row=r, column=c), value)
            widths[c - 1] = max(widths[c - 1], min(len(str(value or "")), 50))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(width, 50) + 2
    sheet.freeze_panes = f"A{top + 1}"


def write_sheets(sheets) -> bytes:
    """An .xlsx of several sheets, each (title, header, rows, title_lines) as `add_sheet`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        add_sheet(workbook, *sheet)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_table(sheet_title: str, header, rows) -> bytes:
    """An .xlsx with a bold, frozen header row; dates as real Excel dates (dd/mm/yyyy)."""
    return write_sheets([(sheet_title, header, rows)])
