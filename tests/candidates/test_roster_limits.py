"""A roster too long to be a school's is refused quickly, and a page lists only the first
problems (the problems workbook has them all)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates import roster
from candidates.roster.files import Refused, check_file
from candidates.views import roster as imports

from .test_roster_builders import HEADER, TITLE, TODAY, replace_entry, student, xlsx

UPLOAD = reverse("candidates:roster_import")
PREVIEW = reverse("candidates:roster_preview")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sheet_xml(rows: int, *, blank_rows: int = 0, prefix: str = "") -> bytes:
    """A worksheet's XML written directly (openpyxl would take a minute for 140,000 rows), with
    no declared size, as a hostile file has: `rows` rows of six text cells, then blank rows
    that only carry a format."""
    p = f"{prefix}:" if prefix else ""
    cells = "".join(
        f'<{p}c t="inlineStr"><{p}is><{p}t>{v}</{p}t></{p}is></{p}c>'
        for v in ("1", "0000000001", "Nguyễn Văn Học", "31/02/2008", "Nam", "Kinh")
    )
    body = [f'<{p}row r="{n}">{cells}</{p}row>' for n in range(1, rows + 1)]
    body += [
        f'<{p}row r="{n}" s="1" customFormat="1"/>' for n in range(rows + 1, rows + blank_rows)
    ]
    xmlns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    namespace = f'xmlns:{prefix}="{xmlns}"' if prefix else f'xmlns="{xmlns}"'
    xml = f"<{p}worksheet {namespace}><{p}sheetData>{''.join(body)}</{p}sheetData></{p}worksheet>"
    return xml.encode()


def workbook_with(xml: bytes) -> bytes:
    return replace_entry(xlsx({"12A1": [["x"]]}), "xl/worksheets/sheet1.xml", xml)


def test_a_file_of_140_000_bad_rows_is_refused_in_seconds_with_one_message(login, secretary):
    data = workbook_with(sheet_xml(140_000))
    started = time.monotonic()
    file = SimpleUploadedFile("roster.xlsx", data, content_type=imports.XLSX_TYPE)
    response = login(secretary).post(UPLOAD, {"file": file, "school_year": ""})
    seconds = time.monotonic() - started
    assert response.status_code == 200
    assert seconds < 10  # about 0.2 s on a quiet machine; the server's timeout is 30 s
    assert [p.code for p in response.context["problems"]] == ["too_many_rows"]
    html = response.content.decode()
    assert "nhiều hơn 5.000 dòng có dữ liệu" in html
    assert len(html) < 100_000


@pytest.mark.parametrize("prefix", ["", "x"])
@pytest.mark.parametrize(("extra", "refused"), [(-1, False), (0, False), (1, True)])
def test_the_limit_counts_rows_with_a_value_across_megabyte_chunks(prefix, extra, refused):
    xml = sheet_xml(roster.MAX_ROWS + extra, prefix=prefix)
    assert len(xml) > 1024 * 1024  # read in more than one chunk
    try:
        check_file(workbook_with(xml))
        codes = []
    except Refused as error:
        codes = [error.problem.code]
    assert codes == (["too_many_rows"] if refused else [])


def test_blank_formatted_rows_do_not_count(db):
    check_file(workbook_with(sheet_xml(100, blank_rows=roster.MAX_ROWS * 3)))


def test_a_real_roster_of_a_whole_school_is_under_the_limit(db):
    rows = [student(n) for n in range(1, 61)]
    data = xlsx({f"12A{n}": [*TITLE, HEADER, *rows] for n in range(1, 41)})  # 2,400 students
    parsed = roster.read_workbook(data, today=TODAY)
    assert parsed.readable and len(parsed.rows) == 2_400


def test_the_page_lists_the_first_200_problems_and_counts_the_others(login, secretary):
    rows = [student(n, born="31/02/2008") for n in range(1, 251)]
    data = xlsx({"12A1": [*TITLE, HEADER, *rows]})
    client = login(secretary)
    client.post(UPLOAD, {"file": SimpleUploadedFile("r.xlsx", data), "school_year": ""})
    page = client.get(PREVIEW)
    html = page.content.decode()
    assert len(page.context["preview"].problems) == 250
    assert html.count("31/02/2008") == 200
    assert "…và 50 lỗi khác, có trong tệp danh sách lỗi." in html
    assert "250 lỗi" in html
