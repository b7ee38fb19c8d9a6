"""The Word renderer: the same document as the PDF, as an editable .docx (python-docx).

The secretary opens it in Word on a school PC for a last edit before signing, so it is set in
Times New Roman (the PDF's Liberation Serif has its metrics), with the branch's margins, the same
header block, title, body, tables, recipients and signature as the PDF (reports/pdf.py).
A chart, drawn as SVG in the PDF, becomes the table of its figures under its caption.
"""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .document import PERSONAL, Chart, Column, Document, Heading, Table
from .pdf import cell

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
ALIGN = {"left": LEFT, "center": CENTER, "right": RIGHT}


def _font(style, size):
    """Times New Roman for every script Word may pick (Vietnamese letters are "complex")."""
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _line(container, text="", *, align=None, size=None, bold=False, italic=False, **options):
    """One paragraph of one run, spaced as in the PDF (6 pt after a body paragraph)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(options.get("before", 0)), Pt(options.get("after", 0))
    if align is not None:
        paragraph.alignment = align
    if options.get("indent"):
        fmt.first_line_indent = Mm(10)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        run.underline = options.get("underline") or None
        if size:
            run.font.size = Pt(size)
    return paragraph


def _cell_text(table_cell, text, **options):
    """The cell's first paragraph (python-docx gives each cell one) holds the first line."""
    first = table_cell.paragraphs[0]
    if not first.runs and not first.text:
        first._element.getparent().remove(first._element)
    return _line(table_cell, text, **options)


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _layout(document, widths_mm, *, borders):
    """Two-column blocks (header, signature) without borders; data tables with a grid."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if borders:
        table.style = "Table Grid"
    else:
        _no_borders(table)
    for column, width in zip(table.columns, widths_mm, strict=True):
        for c in column.cells:
            c.width = Mm(width)
    return table


def _text_width(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def _header(document, doc: Document, width):
    if doc.layout == PERSONAL:  # the Party's name centred, nothing beside it
        _line(document, doc.emblem, align=CENTER, size=15, bold=True, underline=True, after=24)
        return
    table = _layout(document, [width * 0.52, width * 0.48], borders=False)
    left, right = table.rows[0].cells
    if doc.committee:
        _cell_text(left, doc.committee.upper(), align=CENTER)
    _cell_text(left, doc.branch.upper(), align=CENTER, bold=True)
    _cell_text(left, doc.star, align=CENTER)
    _cell_text(left, doc.number_line, align=CENTER)
    if not doc.type_name:
        _cell_text(left, doc.summary, align=CENTER, size=12, before=3)
    _cell_text(right, doc.emblem, align=CENTER, size=15, bold=True, underline=True)
    _cell_text(right, doc.date_line, align=CENTER, italic=True, before=20)
    _line(document, after=12)


def _rule(paragraph, width, length=22):
    """The short line under the title: the bottom border of an empty paragraph, 22 mm wide."""
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(
        (width - length) / 2
    )
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _title(document, doc: Document, width):
    if doc.type_name:
        _line(document, doc.type_name.upper(), align=CENTER, size=16, bold=True)
        _line(document, doc.summary, align=CENTER, bold=True, after=4)
        _rule(_line(document, after=12), width)
    if doc.addressee:
        _line(document, _("To: %(name)s") % {"name": doc.addressee}, align=CENTER, after=12)


def _data_table(document, table: Table, width):
    total = sum(c.width for c in table.columns)
    header_rows = 2 if table.has_groups else 1
    grid = _layout(document, [width * c.width / total for c in table.columns], borders=True)
    for _row in range(header_rows - 1 + max(len(table.rows), 1)):
        grid.add_row()
    # The header: a group spans its columns, a column outside groups spans both rows.
    index = 0
    for label, colspan, rowspan in table.header_cells:
        target = grid.cell(0, index).merge(grid.cell(rowspan - 1, index + colspan - 1))
        _cell_text(target, label, align=CENTER, bold=True, size=12)
        index += colspan
    if table.has_groups:
        for index, column in enumerate(table.columns):
            if column.group:
                _cell_text(grid.cell(1, index), column.label, align=CENTER, bold=True, size=12)
    for header in grid.rows[:header_rows]:  # repeated at the top of each page
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    if not table.rows:
        row = grid.rows[header_rows]
        target = row.cells[0].merge(row.cells[-1])
        _cell_text(target, _("None."), align=CENTER, size=12)
    for r, values in enumerate(table.rows, start=header_rows):
        for c, (value, column) in enumerate(zip(values, table.columns, strict=True)):
            _cell_text(grid.cell(r, c), cell(value), align=ALIGN[column.align], size=12)
    _line(document, after=6)


def _chart(document, chart: Chart, width):
    _line(document, chart.caption, align=CENTER, italic=True, size=12)
    columns = [Column(_("Month")), Column(str(chart.year)), Column(str(chart.year - 1))]
    _data_table(document, Table(chart.caption, columns, chart.rows), width)


def _blocks(document, blocks, width):
    for block in blocks:
        if isinstance(block, Heading):
            _line(document, block.text, align=JUSTIFY, bold=True, indent=True, before=6, after=6)
        elif isinstance(block, Table):
            _data_table(document, block, width)
        elif isinstance(block, Chart):
            _chart(document, block, width)
        else:
            _line(document, block.text, align=JUSTIFY, indent=True, after=6)


def _signature(document, doc: Document, width):
    table = _layout(document, [width / 2, width / 2], borders=False)
    left, right = table.rows[0].cells
    if doc.left_signature:
        _signer(left, doc.left_signature)
    elif doc.layout == PERSONAL:  # the place and date above the writer's signature
        _cell_text(right, doc.date_line, align=CENTER, italic=True, after=2)
    else:
        _cell_text(left, _("Recipients:"), size=12, bold=True, italic=True, underline=True)
        for line in doc.recipients:
            _cell_text(left, f"- {line}", size=11)
    _signer(right, doc.signature)


def _signer(cell, signature):
    for line in signature.title if signature else []:
        _cell_text(cell, line.upper(), align=CENTER, bold=True)
    if signature and signature.note:
        _cell_text(cell, signature.note, align=CENTER, italic=True)
    _cell_text(cell, signature.name if signature else "", align=CENTER, bold=True, before=57)


def _page(section, doc: Document, landscape):
    top, bottom, left, right = doc.margins_mm
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def render_docx(document: Document) -> bytes:
    with translation.override("vi"):
        word = WordDocument()
        _font(word.styles["Normal"], 14)
        word.styles["Normal"].paragraph_format.space_after = Pt(0)
        section = word.sections[0]
        _page(section, document, document.landscape)
        width = _text_width(section)
        if document.draft:
            _line(word, _("DRAFT"), bold=True, size=12)
        _header(word, document, width)
        _title(word, document, width)
        _blocks(word, document.body, width)
        _signature(word, document, width)
        if document.annex:
            section = word.add_section()
            _page(section, document, True)
            width = _text_width(section)
            _line(word, document.annex_title.upper(), align=CENTER, size=15, bold=True)
            _line(word, document.annex_summary, align=CENTER, bold=True)
            reference = _("(Attached to document %(number)s, %(date)s)") % {
                "number": document.number_line,
                "date": document.date_line,
            }
            _line(word, reference, align=CENTER, italic=True, size=13, after=12)
            _blocks(word, document.annex, width)
        output = BytesIO()
        word.core_properties.title = f"{document.type_name} {document.summary}".strip()
        word.save(output)
        return output.getvalue()
