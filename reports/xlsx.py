"""The workbook renderer: the same document as the PDF, a sheet per table (and one for the
text), each under a title block, through the project's one formula-safe cell writer."""

from django.utils import translation
from django.utils.translation import gettext as _

from candidates.xlsx import XLSX_CONTENT_TYPE, write_sheets

from .document import Chart, Document

__all__ = ["XLSX_CONTENT_TYPE", "render_xlsx", "title_lines"]
BAD_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def title_lines(document: Document) -> list[str]:
    lines = [
        document.committee,
        document.branch,
        document.number_line,
        document.date_line,
        f"{document.type_name} {document.summary}".strip(),
    ]
    if document.addressee:
        lines.append(_("To: %(name)s") % {"name": document.addressee})
    return [_("DRAFT"), *lines] if document.draft else lines


def render_xlsx(document: Document) -> bytes:
    with translation.override("vi"):
        lines = title_lines(document)
        sheets = []
        texts = document.texts()
        if texts:
            sheets.append((_("Content"), [_("Content")], [[t] for t in texts], lines))
        for block in [*document.body, *document.annex]:
            if isinstance(block, Chart):
                header = [_("Month"), str(block.year), str(block.year - 1)]
                sheets.append((block.caption, header, block.rows, lines))
            elif block.kind == "table":
                sheets.append((block.sheet_name, block.flat_labels(), block.rows, lines))
        names = set()
        for index, sheet in enumerate(sheets):
            name = sheet[0].translate(BAD_IN_SHEET_NAMES)[:28]
            while name in names:
                name = f"{name[:26]} {index}"
            names.add(name)
            sheets[index] = (name, *sheet[1:])
        return write_sheets(sheets)
