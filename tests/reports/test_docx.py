"""The Word file of every document: the same header, text, tables, recipients and signature as
the PDF, in Times New Roman with the branch's margins; downloadable wherever the PDF is."""

from collections import Counter
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from docx.shared import Mm

from reports import builders
from reports.builders import Options
from reports.document import Chart
from reports.docx import render_docx
from reports.pdf import render_pdf
from reports.periods import period_of

from .conftest import ON, docx_lines, flat, pdf_text


def build(kind, branch, **options):
    return builders.build(kind, branch, Options(period=period_of(2026), on=ON, **options))


def letters(words) -> Counter:
    """The letters of the words: a narrow column of the PDF may break a word ("ST" "T")."""
    return Counter("".join(words))


def same_text(document):
    """The .docx's paragraphs and cells, read back, say what the PDF says: each paragraph
    outside tables is in the PDF's text (a cell's words wrap among its neighbours' there), and
    both hold the same letters but for what the PDF repeats on each page (its number, the
    draft mark, a table's header). A chart is an SVG in the PDF and the table of its figures in
    Word: compared without it."""
    document.body = [b for b in document.body if not isinstance(b, Chart)]
    pdf = pdf_text(render_pdf(document))
    content = render_docx(document)
    for line in docx_lines(content, cells=False):
        assert flat(line) in flat(pdf), line
    lines = docx_lines(content)
    in_word, in_pdf = letters(" ".join(lines).split()), letters(pdf.split())
    assert in_word - in_pdf == Counter()
    more = []
    for page in range(2, pdf.count("\f") + 1):
        more += [str(page), *["DỰ", "THẢO"] * document.draft]
        more += [label for t in document.tables() for label in t.flat_labels()]
    assert in_pdf - in_word <= letters(more)
    return lines


@pytest.mark.parametrize("kind", ["progress", "source-list", "awareness-list", "department"])
def test_each_report_has_the_pdfs_text(kind, branch, roster):  # noqa: ARG001
    branch.department = "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"
    branch.save()
    lines = same_text(build(kind, branch, sensitive=True))
    assert lines[:3] == ["DỰ THẢO", branch.committee.name.upper(), branch.name.upper()]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines


def test_a_chart_is_the_table_of_its_figures(branch, roster):  # noqa: ARG001
    document = build("progress", branch)
    chart = next(b for b in document.body if isinstance(b, Chart))
    lines = docx_lines(render_docx(document))
    start = lines.index(chart.caption)
    assert lines[start + 1 : start + 8] == ["Tháng", "2026", "2025", "T1", "0", "0", "T2"]


def test_the_plan_reads_as_the_pdf(branch, sample_plan):  # noqa: ARG001
    document = builders.build("plan", branch, Options(period=period_of(2025), on=ON))
    lines = same_text(document)
    assert "KẾ HOẠCH" in lines and "Nơi nhận:" in lines


def test_times_new_roman_and_the_branchs_margins(branch):
    branch.margin_left_mm, branch.margin_right_mm = 35, 20
    branch.save()
    word = WordDocument(BytesIO(render_docx(build("source-list", branch))))
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{a}") for a in ("ascii", "hAnsi", "cs")} == {
        "Times New Roman"
    }
    section = word.sections[0]
    assert round(section.left_margin / Mm(1)) == 35 and round(section.right_margin / Mm(1)) == 20
    assert round(section.top_margin / Mm(1)) == 20 and round(section.page_height / Mm(1)) == 210


def test_the_draft_and_the_issued_file_download(branch, secretary, login):
    client = login(secretary)
    draft = client.get(reverse("reports:draft_file", args=["source-list", "docx"]))
    assert draft.status_code == 200
    assert draft["Content-Disposition"] == 'attachment; filename="du-thao-source-list.docx"'
    assert docx_lines(draft.content)[0] == "DỰ THẢO"
    issue = client.post(reverse("reports:issue", args=["source-list"]), {"signer": secretary.pk})
    assert issue.status_code == 302
    from reports.models import IssuedDocument

    document = IssuedDocument.objects.get()
    issued = client.get(reverse("reports:issued_file", args=[document.pk, "docx"]))
    lines = docx_lines(issued.content)
    assert "DỰ THẢO" not in lines and f"Số {document.number}" in lines
    assert issued.content == bytes(document.docx)
    assert (
        b"reports/register/%d.docx" % document.pk in client.get(reverse("reports:register")).content
    )
