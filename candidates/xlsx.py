"""Writing lists as .xlsx: one header row, then rows; text that looks like a formula stays text."""

from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_table(sheet_title: str, header, rows) -> bytes:
    """An .xlsx with a bold, frozen header row; dates as real Excel dates (dd/mm/yyyy)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in header]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                # openpyxl would store "=…" as a formula that Excel runs on opening.
                cell.data_type = "s"
            elif isinstance(value, date | datetime):
                cell.number_format = "DD/MM/YYYY"
            widths[c - 1] = max(widths[c - 1], min(len(str(value or "")), 50))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width + 2
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
