"""Hostile or wrong files are refused before they cost time or memory, with a useful message."""

import io
import logging
import struct
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from candidates import roster

from .test_roster_builders import TODAY, replace_entry, student, zip_with
from .test_roster_builders import roster as make_roster

MB = 1024 * 1024


def read(data):
    return roster.read_workbook(data, today=TODAY)


def refused_with(data):
    parsed = read(data)
    assert not parsed.readable
    assert parsed.rows == []
    assert len(parsed.problems) == 1
    return parsed.problems[0]


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if the workbook's content is ever handed to openpyxl."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(roster.openpyxl, "load_workbook", forbidden)


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.LXML is False


def test_an_empty_file_is_refused(no_parsing):
    assert refused_with(b"").code == "empty_file"


def test_a_file_over_5_mb_is_refused_before_anything_else(no_parsing):
    data = b"PK\x03\x04" + b"\0" * (5 * MB)
    assert refused_with(data).code == "too_large"


def test_a_file_of_exactly_5_mb_is_not_refused_for_its_size(no_parsing):
    data = b"\0" * (5 * MB)
    assert refused_with(data).code != "too_large"


def test_an_old_xls_is_refused_with_how_to_save_it_as_xlsx(no_parsing):
    data = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096
    problem = refused_with(data)
    assert problem.code == "old_xls"
    assert "xlsx" in problem.message and "LibreOffice" in problem.message


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body><table><tr><td>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</td></tr></table>",
        b"\xef\xbb\xbf\r\n<table border=1><tr><td>STT</td></tr></table>",
        b'<!DOCTYPE html><html xmlns:x="urn:schemas-microsoft-com:office:excel"><table>',
    ],
)
def test_an_html_table_named_xls_is_refused_with_how_to_save_it_as_xlsx(no_parsing, html):
    problem = refused_with(html)
    assert problem.code == "html_xls"
    assert "xlsx" in problem.message and "Excel" in problem.message


@pytest.mark.parametrize("data", [b"STT;Ho va ten\n1;An", b"%PDF-1.7\n", b"\x89PNG\r\n"])
def test_other_files_are_not_xlsx(no_parsing, data):
    assert refused_with(data).code == "not_xlsx"


def test_a_zip_that_is_not_a_workbook_is_refused(no_parsing):
    data = zip_with({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})
    assert refused_with(data).code == "not_xlsx"


def test_a_damaged_zip_is_refused(no_parsing):
    data = make_roster([student(1)])
    assert refused_with(data[: len(data) // 2]).code == "unreadable"


def test_a_zip_with_too_many_parts_is_refused(no_parsing):
    entries = {f"xl/media/{n}.bin": b"" for n in range(roster.MAX_ZIP_ENTRIES + 1)}
    entries["xl/workbook.xml"] = b"<workbook/>"
    assert refused_with(zip_with(entries)).code == "zip_entries"


def _zip_bomb(size: int) -> bytes:
    """A real workbook whose first sheet unpacks to `size` bytes of zeros."""
    base = zipfile.ZipFile(io.BytesIO(make_roster([student(1)])))
    buffer = io.BytesIO()
    chunk = b"0" * MB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, base.read(info))
        with out.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(size // MB):
                sheet.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_without_being_inflated(no_parsing):
    bomb = _zip_bomb(120 * MB)
    assert len(bomb) < 1 * MB  # it passes the size limit: only the unpacked size gives it away
    tracemalloc.start()
    started = time.perf_counter()
    problem = refused_with(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problem.code == "zip_size"
    assert "120" in problem.message
    assert elapsed < 2
    assert peak < 10 * MB


def _lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the declared unpacked size of one entry in its local and central headers."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    patched = bytearray(data)
    struct.pack_into("<I", patched, info.header_offset + 22, size)
    central = archive.start_dir
    while patched[central : central + 4] == b"PK\x01\x02":
        name_length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<I", patched, central + 24, size)
            break
        extra, comment = struct.unpack_from("<HH", patched, central + 30)
        central += 46 + name_length + extra + comment
    return bytes(patched)


def test_a_zip_bomb_that_lies_about_its_size_is_cut_off_at_the_declared_size():
    bomb = _lie_about_size(_zip_bomb(120 * MB), "xl/worksheets/sheet1.xml", 4096)
    started = time.perf_counter()
    problem = refused_with(bomb)
    assert problem.code == "unreadable"
    assert time.perf_counter() - started < 2


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("xl/worksheets/sheet1.xml", BILLION_LAUGHS),
        ("xl/worksheets/sheet1.xml", EXTERNAL_ENTITY),
        ("xl/workbook.xml", EXTERNAL_ENTITY.replace(b"worksheet", b"workbook")),
    ],
)
def test_xml_entity_tricks_are_refused_by_defusedxml(caplog, part, content):
    caplog.set_level(logging.INFO, logger="candidates.roster")
    data = make_roster([student(1, name="Lê Hoa")])
    assert part in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert refused_with(replace_entry(data, part, content)).code == "unreadable"
    causes = []
    for record in caplog.records:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            causes.append(error)
            error = error.__cause__ or error.__context__
    assert any(isinstance(error, DefusedXmlException) for error in causes)


def test_a_password_protected_workbook_gets_the_save_as_message():
    # Excel wraps an encrypted .xlsx in the same OLE container as an old .xls.
    data = bytes.fromhex("d0cf11e0a1b11ae1") + b"EncryptionInfo" + b"\0" * 512
    assert refused_with(data).code == "old_xls"
