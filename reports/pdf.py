"""The PDF renderer: the one base template of a Party document (RULES.md §5), by WeasyPrint.

Set in Liberation Serif 2 (Times New Roman's metrics, every Vietnamese letter; Debian's
fonts-liberation2), embedded by WeasyPrint. Nothing is fetched over HTTP while rendering.
"""

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from candidates.text import day

from .document import Document, Table

PDF_CONTENT_TYPE = "application/pdf"


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return day(value)
    return str(value)


def _table(table: Table) -> dict:
    total = sum(c.width for c in table.columns)
    return {
        "table": table,
        "widths": [f"{100 * c.width / total:.2f}%" for c in table.columns],
        "rows": [
            [(cell(v), c.align) for v, c in zip(row, table.columns, strict=True)]
            for row in table.rows
        ],
    }


def html(document: Document) -> str:
    """The document as the HTML WeasyPrint lays out (also what tests and the bench read)."""
    with translation.override("vi"):
        blocks = [_table(b) if isinstance(b, Table) else b for b in [*document.body]]
        annex = [_table(b) if isinstance(b, Table) else b for b in document.annex]
        return render_to_string(
            "reports/document.html",
            {"doc": document, "blocks": blocks, "annex": annex},
        )


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # ≈ 1 s to import: only where a PDF is made

    return HTML(string=html(document)).write_pdf()
