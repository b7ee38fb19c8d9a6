"""Every .xlsx the project writes goes through one cell writer: data only, never a formula,
never a character Excel refuses, dates as dates (dd/mm/yyyy)."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from candidates import roster, services
from candidates.models import Student
from candidates.roster.columns import STUDENT_FIELDS
from candidates.roster.sheet import SheetCopy
from tests.factories import StudentFactory

from .test_roster_builders import TODAY, Text, student
from .test_roster_builders import roster as make_roster


def export_sheet(client):
    response = client.get(reverse("candidates:export"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def exported_student(client, secretary, class_12a1, full_name):
    student = StudentFactory(school_class=class_12a1, full_name=full_name)
    services.candidate_nominate(student=student, author=secretary, kind="committee")
    return export_sheet(client)


def test_a_control_character_in_a_name_is_dropped_from_the_export(login, secretary, class_12a1):
    sheet = exported_student(login(secretary), secretary, class_12a1, "Nguyễn Văn\x07 An")
    assert sheet["B2"].value == "Nguyễn Văn An"


@pytest.mark.parametrize("name", ["=1+1", "+84 905", "-Hoa", "@An"])
def test_formula_like_names_stay_text_in_the_export(login, secretary, class_12a1, name):
    sheet = exported_student(login(secretary), secretary, class_12a1, name)
    assert (sheet["B2"].value, sheet["B2"].data_type) == (name, "s")


def test_dates_in_the_export_are_dates_shown_dd_mm_yyyy(login, secretary, class_12a1):
    sheet = exported_student(login(secretary), secretary, class_12a1, "Lê Hoa")
    born = Student.objects.get().date_of_birth
    assert sheet["C2"].value == datetime(born.year, born.month, born.day)
    assert sheet["C2"].number_format == "DD/MM/YYYY"


def problems_book(parsed):
    preview = roster.Preview(parsed=parsed, school_year="2025-2026", problems=parsed.problems)
    return load_workbook(io.BytesIO(roster.problems_workbook(preview)))


def test_the_problems_workbook_keeps_formula_like_text_as_text():
    rows = [student(1, name=Text("=1+1"), born="31/02/2008")]
    copy = problems_book(roster.read_workbook(make_roster(rows), today=TODAY))["12A1"]
    assert (copy["C7"].value, copy["C7"].data_type) == ("=1+1", "s")


def test_the_problems_workbook_with_a_control_character_is_readable():
    # An .xlsx cannot carry \x07 (XML refuses it), but a cell or a message may hold one once read.
    sheet = SheetCopy("12A1", rows=[(1, ("Họ và tên",)), (2, ("Lê\x07 Hoa",))], header_row=1)
    problem = roster.Problem("bad_name", "“Lê\x07 Hoa”: …", sheet="12A1", row=2, column="A")
    book = problems_book(roster.ParsedRoster(sheets=[sheet], problems=[problem]))
    assert book.worksheets[0]["E2"].value == "“Lê Hoa”: …"
    assert book["12A1"]["A2"].value == "Lê Hoa"
    assert book["12A1"]["B2"].value == "“Lê Hoa”: …"


def test_the_problems_workbook_shows_date_cells_dd_mm_yyyy():
    rows = [student(1, born=date(2008, 3, 14)), student(2, born="31/02/2008")]
    copy = problems_book(roster.read_workbook(make_roster(rows), today=TODAY))["12A1"]
    assert copy["D7"].value == datetime(2008, 3, 14)
    assert copy["D7"].number_format == "DD/MM/YYYY"


def test_the_student_fields_are_written_once_on_the_model():
    for name in Student.EDITABLE_FIELDS:
        assert Student._meta.get_field(name).editable
    # The import writes the editable fields it has a column for, never the key that finds them.
    assert set(STUDENT_FIELDS) < set(Student.EDITABLE_FIELDS)
    assert "student_code" not in STUDENT_FIELDS
    assert {"full_name", "date_of_birth", "national_id"} <= set(STUDENT_FIELDS)
