"""Class roster import: read a school system's .xlsx export, preview the changes, apply them.

Three steps, shared by the page, the `import_roster` command and the tests:

- `read_workbook(file) -> ParsedRoster`: safety checks, header detection, row parsing; no database.
- `build_preview(parsed, branch, school_year) -> Preview`: compares with the database, writes
  nothing: classes to create, students new / changed (with their field changes) / unchanged.
- `apply_preview(preview, branch, actor)`: one transaction, everything or nothing; it rebuilds the
  preview under lock and refuses if it no longer matches what was shown (the database changed).

Every problem found names its sheet, row and column, and any problem refuses the whole file.
docs/import.md explains the choices (columns understood, padding of codes, what a blank cell does).

The modules, in the order a file goes through them: `columns` (what is understood), `files`
(the file checks), `cells` and `sheet` (parsing), `reader`, `preview`, `apply` (the only writer),
`outputs` (the command's text, the problems workbook).
"""

import openpyxl as openpyxl  # the tests patch roster.openpyxl.load_workbook

from .apply import ImportResult, StalePreview, apply_preview
from .cells import CellError, parse_date
from .columns import COLUMNS, Column, class_grade, current_school_year
from .files import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    purge_old_uploads,
    too_large,
)
from .outputs import describe, problems_workbook
from .preview import Change, Preview, build_preview
from .problems import Problem, listed
from .reader import ParsedRoster, read_workbook

_CellError = CellError  # the name the tests know

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_ENTRIES",
    "CellError",
    "Change",
    "Column",
    "ImportResult",
    "ParsedRoster",
    "Preview",
    "Problem",
    "StalePreview",
    "apply_preview",
    "build_preview",
    "class_grade",
    "current_school_year",
    "describe",
    "listed",
    "parse_date",
    "problems_workbook",
    "purge_old_uploads",
    "read_workbook",
    "too_large",
]
