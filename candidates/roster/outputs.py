"""What the import shows: the preview as text for the command, and the problems workbook."""

from __future__ import annotations

import io
import re

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ..xlsx import write_cell
from .preview import Preview, as_text
from .sheet import SheetCopy


def describe(preview: Preview) -> list[str]:
    """The preview as lines of text (the command prints these; the page shows the same data)."""
    lines = [_("School year: %(year)s") % {"year": preview.school_year}]
    if preview.problems:
        message = _("%(count)s problem(s) found; the file is refused and nothing is imported:")
        lines.append(message % {"count": len(preview.problems)})
        lines.extend(f"  - {problem}" for problem in preview.problems)
        return lines
    lines.append(summary_line(preview))
    if preview.left_out:
        lines.append(str(left_out_line(preview)))
    for school_class in preview.classes_to_create:
        lines.append("  + " + _("class %(class)s") % {"class": school_class.name})
    for student in preview.new:
        born = as_text(student.date_of_birth)
        lines.append(
            f"  + {student.student_code} {student.full_name} ({born}) — {student.school_class.name}"
        )
    for change in preview.changed:
        student = change.student
        lines.append(f"  ~ {student.student_code} {student.full_name}")
        lines.extend(
            f"      {label}: {old or '∅'} → {new or '∅'}" for label, old, new in change.items()
        )
    return lines


def left_out_line(preview: Preview) -> str:
    """How many sensitive cells are left out for lack of consent (chosen on upload)."""
    return _(
        "%(count)s cell(s) of ethnicity, religion or ID number left out: those students' "
        "consent is not in force."
    ) % {"count": preview.left_out}


def summary_line(preview: Preview) -> str:
    """The counts of the preview in one sentence."""
    return _(
        "Classes to create: %(classes)s; new students: %(new)s; changed: %(changed)s; "
        "unchanged: %(unchanged)s."
    ) % {
        "classes": len(preview.classes_to_create),
        "new": len(preview.new),
        "changed": len(preview.changed),
        "unchanged": len(preview.unchanged),
    }


def problems_workbook(preview: Preview) -> bytes:
    """An .xlsx: the list of problems, then each faulty sheet as read with a "Problems" column.

    Rows keep their original numbers and columns their letters, so "sheet 12A1, row 9, column
    D" points at the same cell here and in the secretary's own file.
    """
    workbook = openpyxl.Workbook()
    listing = workbook.active
    listing.title = _("Problems")[:31]
    header = [_("Sheet"), _("Row"), _("Column"), _("Column title"), _("Problem")]
    lines = [[p.sheet, p.row, p.column, p.header, p.message] for p in preview.problems]
    for row, values in enumerate([header, *lines], start=1):
        for column, value in enumerate(values, start=1):
            write_cell(listing.cell(row=row, column=column), value)
    for width, letter in zip((16, 8, 8, 24, 90), "ABCDE", strict=True):
        listing.column_dimensions[letter].width = width
    by_row: dict[tuple[str, int], list[str]] = {}
    for problem in preview.problems:
        by_row.setdefault((problem.sheet, problem.row or 0), []).append(str(problem.message))
    for sheet in preview.parsed.sheets:
        if any(key[0] == sheet.title for key in by_row):
            _copy_sheet(workbook, sheet, by_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _copy_sheet(workbook, sheet: SheetCopy, by_row: dict) -> None:
    title = re.sub(r"[\\/*?:\[\]]", "_", sheet.title)[:31] or "Sheet"
    if title in workbook.sheetnames:
        title = f"{title[:28]}_{len(workbook.sheetnames)}"
    copy = workbook.create_sheet(title)
    width = max((len(values) for _n, values in sheet.rows), default=0)
    problem_column = width + 1
    for number, values in sheet.rows:
        for index, value in enumerate(values, start=1):
            if value is not None:
                write_cell(copy.cell(row=number, column=index), value)
        messages = by_row.get((sheet.title, number))
        if messages:
            write_cell(copy.cell(row=number, column=problem_column), "\n".join(messages))
    if sheet.header_row:
        write_cell(copy.cell(row=sheet.header_row, column=problem_column), _("Problems"))
    copy.column_dimensions[get_column_letter(problem_column)].width = 80
