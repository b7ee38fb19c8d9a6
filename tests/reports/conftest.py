"""Reading documents back: the PDF's text and fonts (poppler), the workbook's rows (openpyxl),
the Word file's paragraphs and cells (python-docx);
the sample plan of a real branch (copied into tests/reports/data) as an AnnualPlan; the
pipeline's fixtures."""

import re
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from plans.models import AnnualPlan
from tests.candidates.conftest import (  # noqa: F401
    course,
    decided,
    mentor,
    ready,
    resolved,
    roster,
    source,
)
from tests.conftest import system_tool

SAMPLE = Path(__file__).parent / "data" / "ke-hoach-2025.txt"
ON = date(2026, 6, 15)


def _poppler(tool, content, *args):
    result = subprocess.run(
        [system_tool(tool), *args, "-", "-"] if tool == "pdftotext" else [system_tool(tool), "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_text(content: bytes) -> str:
    """The PDF's text, pages separated by form feeds."""
    return _poppler("pdftotext", content)


def flat(text: str) -> str:
    """Whitespace collapsed, so that lines wrapped by the layout compare as typed."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_fonts(content: bytes, tmp_path) -> list[tuple[str, bool]]:
    """(font name, embedded) of every font of the PDF."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        [system_tool("pdffonts"), str(path)], capture_output=True, check=True, text=True
    ).stdout
    fonts = []
    for line in output.splitlines()[2:]:
        fields = line.split()
        fonts.append((fields[0], "yes" in fields[-5:-2][:1]))
    return fonts


def xlsx_rows(content: bytes, sheet: str | None = None) -> list[list]:
    """The rows of a sheet (the first when not named), dates as dates, blank cells as None,
    without the blank cells that end a row."""
    workbook = load_workbook(BytesIO(content), read_only=True)
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    rows = [
        [c.date() if hasattr(c, "date") and callable(c.date) else c for c in row]
        for row in ws.iter_rows(values_only=True)
    ]
    workbook.close()
    return [trimmed(row) for row in rows]


def docx_lines(content: bytes, cells=True) -> list[str]:
    """Every non-empty paragraph of the Word file in the order of its body, a table's cells
    row by row (a merged cell once); only the paragraphs outside tables without `cells`."""
    word = WordDocument(BytesIO(content))
    found = []
    for block in word.iter_inner_content():
        if hasattr(block, "rows"):
            seen = []
            for row in block.rows if cells else []:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        found += [p.text for p in cell.paragraphs]
        else:
            found.append(block.text)
    return [text for text in found if text.strip()]


def read_back(document, render_pdf, render_docx) -> tuple[str, list[str]]:
    """A paper's text in the PDF (flat) and its Word paragraphs outside tables: every Word
    paragraph is in the PDF, and none dangles (no space before a comma, no empty clause)."""
    pdf = flat(pdf_text(render_pdf(document)))
    lines = docx_lines(render_docx(document), cells=False)
    # pdftotext drops a hyphen that ends a line ("512-" / "QĐ/ĐU" reads "512QĐ/ĐU").
    for line in lines:
        assert flat(line).replace("-", "") in pdf.replace("-", ""), line
        assert line.strip() == line and "  " not in line, line
    for dangling in (" ,", " .", ",,", ";;", ": ;", "tại ,", "Căn cứ ;", "()", "…"):
        assert dangling not in pdf, dangling
    return pdf, lines


def trimmed(row) -> list:
    row = list(row)
    while row and row[-1] in (None, ""):
        row.pop()
    return row


def sample_lines() -> list[str]:
    return [
        line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


# The sample's own headings, in order; the plan's sections lie between them.
HEADINGS = [
    "I. Mục đích yêu cầu:",
    "II. Nội dung cụ thể:",
    "1. Mục tiêu:",
    "2. Nhiệm vụ và giải pháp chủ yếu:",
    "III. Tổ chức thực hiện",
    "Nơi nhận:",
    "TM. CHI BỘ",
]


def _sections(lines):
    """{heading: the lines under it}, the lines before the first heading under ""."""
    sections, current = {"": []}, ""
    for line in lines:
        if line in HEADINGS:
            current = line
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


@pytest.fixture
def sample_plan(branch):
    """The 2025 plan of the sample, cut into the plan's sections at its own headings."""
    s = _sections(sample_lines())
    head, organisation = s[""], s["III. Tổ chức thực hiện"]
    assert head[:3] == ["*", "Số:", "KẾ HOẠCH"]
    return AnnualPlan.objects.create(
        branch=branch,
        year=2025,
        title=f"Kế hoạch {head[3]}",
        basis="\n".join(head[4:]),
        purpose="\n".join(s["I. Mục đích yêu cầu:"]),
        objectives="\n".join(s["1. Mục tiêu:"]),
        tasks="\n".join(s["2. Nhiệm vụ và giải pháp chủ yếu:"]),
        organisation="\n".join(organisation[:-1]),
        closing=organisation[-1],
        recipients="\n".join(s["Nơi nhận:"]),
        signer_title="TM. CHI BỘ\n" + s["TM. CHI BỘ"][0],
        signer_name=s["TM. CHI BỘ"][1],
        target_admissions=7,
    )
