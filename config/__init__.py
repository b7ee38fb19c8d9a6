"""The project's configuration package; imported before any app, so that what must hold before
a library loads is set here."""

import os

# openpyxl reads a workbook's XML with lxml when lxml is installed (python-docx brings it), and
# then not through defusedxml: an uploaded roster could carry entity bombs. Keep openpyxl on the
# standard parser that defusedxml guards (tests/candidates/test_roster_safety.py).
os.environ["OPENPYXL_LXML"] = "False"
