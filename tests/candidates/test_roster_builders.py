"""Spreadsheet builders shared by the roster tests (this module holds no tests).

Tests describe a roster as plain Python rows and get the bytes of a real .xlsx, so every case
(title lines, blank rows, numbers that lost their zeros, NFD names, formulas…) is built here
rather than stored as a binary file.
"""

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parents[1] / "data"
CSDL_SAMPLE = DATA / "roster-csdl-12A1.xlsx"
VNEDU_SAMPLE = DATA / "roster-vnedu-11A2.xlsx"

TODAY = date(2026, 11, 25)
HEADER = ["STT", "Mã định danh Bộ GD&ĐT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"]
TITLE = [
    ["SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG"],
    ["TRƯỜNG THPT QUANG TRUNG"],
    [],
    ["DANH SÁCH HỌC SINH LỚP 12A1 — NĂM HỌC 2025-2026"],
    [],
]


class Text(str):
    """A cell value written as text even if it looks like a formula ("=1+1")."""


class Formula(str):
    """A formula written with no cached value, as a library (not Excel) would save it."""


def student(n=1, *, code=None, name=None, born="14/03/2008", gender="Nam", ethnicity=""):
    """A data row under HEADER; "Dân tộc" is blank unless given (a filled cell needs the
    student's consent: tests/candidates/test_consent.py)."""
    return [
        n,
        code if code is not None else f"{n:010d}",
        name if name is not None else f"Nguyễn Văn Học {n}",
        born,
        gender,
        ethnicity,
    ]


def students(count, start=1, **kwargs):
    return [student(n, **kwargs) for n in range(start, start + count)]


def xlsx(sheets=None, hidden=(), **named_sheets) -> bytes:
    """An .xlsx whose sheets hold the given rows ({title: [row, …]}); [] is a blank row."""
    sheets = {**(sheets or {}), **named_sheets}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        if title in hidden:
            sheet.sheet_state = "hidden"
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                _write(sheet.cell(row=number, column=column), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(cell, value):
    if value is None:
        return
    cell.value = value
    if isinstance(value, Text):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"


def roster(rows, title=TITLE, header=HEADER, sheet="12A1") -> bytes:
    """A one-class roster as the ministry's database exports it: title lines, header, rows."""
    return xlsx({sheet: [*title, header, *rows]})


def zip_with(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace_entry(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of an .xlsx with one part replaced (to plant hostile XML in a real workbook)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    entries[name] = content
    return zip_with(entries)
