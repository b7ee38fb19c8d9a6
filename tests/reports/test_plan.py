"""The annual plan as a Party document: the sample plan of a real branch comes out whole, in
order, under the header of RULES.md §5, with its recipients and signature; the workbook has the
same text."""

import unicodedata
from datetime import date

import pytest

from candidates.errors import DomainError
from reports import builders, pdf
from reports.builders import Options
from reports.periods import period_of
from reports.xlsx import render_xlsx

from .conftest import flat, pdf_fonts, pdf_text, sample_lines, xlsx_rows

ON = date(2025, 2, 10)


def plan_document(branch, **options):
    return builders.build("plan", branch, Options(period=period_of(2025), on=ON, **options))


@pytest.fixture
def plan_pdf(branch, sample_plan):
    return pdf.render_pdf(plan_document(branch))


def test_every_line_of_the_sample_plan_comes_out_in_order(plan_pdf):
    text = flat(pdf_text(plan_pdf))
    position = 0
    for line in sample_lines():
        if line in ("*", "Số:"):  # the header's own, checked below
            continue
        found = text.find(flat(line), position)
        assert found >= 0, f"missing or out of order: {line!r}"
        position = found + len(flat(line))


def test_the_header_comes_from_the_branchs_settings(branch, sample_plan):
    branch.committee.name = "ĐẢNG BỘ PHƯỜNG HÒA CƯỜNG"
    branch.committee.save()
    branch.name, branch.place_name = "CHI BỘ TRƯỜNG THPT LÝ TỰ TRỌNG", "Hòa Cường"
    branch.save()
    sample_plan.number, sample_plan.issued_on = "05-KH/CB", date(2025, 2, 10)
    sample_plan.save()
    page_one = flat(pdf_text(pdf.render_pdf(plan_document(branch))).split("\f")[0])
    for part in (
        "ĐẢNG BỘ PHƯỜNG HÒA CƯỜNG",
        "CHI BỘ TRƯỜNG THPT LÝ TỰ TRỌNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 05-KH/CB",
        "Hòa Cường, ngày 10 tháng 02 năm 2025",
        "KẾ HOẠCH phát triển đảng viên trong học sinh năm 2025",
    ):
        assert part in page_one
    assert "ĐẢNG BỘ PHƯỜNG AN HẢI" not in page_one


def test_a_draft_says_so_on_every_page_and_numbers_pages_from_the_second(plan_pdf):
    pages = [p for p in pdf_text(plan_pdf).split("\f") if p.strip()]
    assert len(pages) >= 2
    assert all("DỰ THẢO" in page for page in pages)
    first_lines = [[line.strip() for line in p.splitlines() if line.strip()] for p in pages]
    assert "1" not in first_lines[0][:3]
    assert "2" in first_lines[1][:3]


def test_the_text_is_nfc_and_every_font_is_liberation_serif_embedded(plan_pdf, tmp_path):
    text = pdf_text(plan_pdf)
    assert unicodedata.normalize("NFC", text) == text
    fonts = pdf_fonts(plan_pdf, tmp_path)
    assert fonts and all("LiberationSerif" in name.replace("-", "") for name, _e in fonts)
    assert all(embedded for _n, embedded in fonts)


def test_text_typed_in_nfd_is_printed_in_nfc(branch, sample_plan):
    sample_plan.closing = unicodedata.normalize("NFD", "Trên đây là kế hoạch./.")
    sample_plan.save()
    text = pdf_text(pdf.render_pdf(plan_document(branch)))
    assert "Trên đây là kế hoạch./." in text


def test_the_margins_are_the_branchs(branch, sample_plan):
    assert "margin: 20mm 15mm 20mm 30mm" in pdf.html(plan_document(branch))
    branch.margin_left_mm, branch.margin_top_mm = 35, 25
    branch.save()
    assert "margin: 25mm 15mm 20mm 35mm" in pdf.html(plan_document(branch))


def test_the_workbook_has_the_same_text_under_the_same_header(branch, sample_plan):
    document = plan_document(branch)
    rows = xlsx_rows(render_xlsx(document))
    assert rows[0] == ["DỰ THẢO"]
    assert rows[1] == [branch.committee.name] and rows[2] == [branch.name]
    header = rows.index(["Nội dung"])
    assert [r[0] for r in rows[header + 1 :]] == document.texts()
    assert document.texts()[0].startswith("Căn cứ Kế hoạch số 238-KH/HU")


def test_a_year_without_a_plan_is_refused_in_vietnamese(branch):
    with pytest.raises(DomainError, match="Chi bộ chưa có kế hoạch năm 2025"):
        plan_document(branch)
