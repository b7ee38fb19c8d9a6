"""Previewing and applying a roster: classes, new / changed / unchanged students, all or nothing."""

from datetime import date

import pytest
import time_machine

from candidates import roster
from candidates.models import Candidate, Event, SchoolClass, Student
from candidates.services import DomainError
from candidates.text import fold, sort_string

from ..factories import ConsentFactory, SchoolClassFactory, StudentFactory
from .test_roster_builders import (
    CSDL_SAMPLE,
    HEADER,
    TITLE,
    TODAY,
    VNEDU_SAMPLE,
    student,
    students,
    xlsx,
)
from .test_roster_builders import roster as make_roster

pytestmark = pytest.mark.django_db


def preview_of(data, branch, school_year=None):
    # The samples hold ethnicity and ID numbers of students without consent: left out, as the
    # secretary chooses on upload (tests/candidates/test_consent.py tests the refusal).
    parsed = roster.read_workbook(data, today=TODAY)
    return roster.build_preview(parsed, branch, school_year, leave_out_sensitive=True)


def import_file(data, branch, actor=None, school_year=None):
    return roster.apply_preview(preview_of(data, branch, school_year), branch, actor)


def counts():
    return (Student.objects.count(), SchoolClass.objects.count(), Event.objects.count())


def test_the_csdl_sample_creates_its_class_students_and_one_event_each(branch, secretary):
    result = import_file(CSDL_SAMPLE.read_bytes(), branch, secretary)
    assert result == roster.ImportResult(1, 38, 0, 0)
    school_class = SchoolClass.objects.get(branch=branch)
    assert (school_class.name, school_class.school_year, school_class.grade) == (
        "12A1",
        "2025-2026",
        12,
    )
    assert Student.objects.filter(branch=branch, school_class=school_class).count() == 38
    student = Student.objects.get(student_code="0048188262")
    assert student.full_name == "Phan Thu Quỳnh"
    assert student.date_of_birth == date(2008, 10, 10)
    assert student.national_id == ""  # no consent yet: left out
    events = Event.objects.filter(kind="roster_import", branch=branch)
    assert events.count() == 38
    assert set(events.values_list("actor", flat=True)) == {secretary.pk}
    assert events.filter(student=student).exists()


def test_the_vnedu_sample_imports_split_names_and_genders(branch):
    import_file(VNEDU_SAMPLE.read_bytes(), branch)
    student = Student.objects.get(student_code="7221103454")
    assert (student.full_name, student.gender, student.school_class.name) == (
        "Phạm Minh Ngân",
        "F",
        "11A2",
    )
    assert SchoolClass.objects.get(branch=branch).grade == 11


@pytest.mark.parametrize("sample", [CSDL_SAMPLE, VNEDU_SAMPLE])
def test_importing_the_same_file_again_changes_nothing(branch, sample):
    import_file(sample.read_bytes(), branch)
    before = counts()
    preview = preview_of(sample.read_bytes(), branch)
    assert preview.problems == []
    assert (len(preview.classes_to_create), len(preview.new), len(preview.changed)) == (0, 0, 0)
    assert preview.change_count == 0
    result = roster.apply_preview(preview, branch, None)
    assert (result.students_created, result.students_updated) == (0, 0)
    assert result.students_unchanged == len(preview.unchanged) > 0
    assert counts() == before


def test_imported_students_get_the_search_and_sort_keys_that_save_computes(branch):
    import_file(
        make_roster([student(1, name="Đặng Thị Ánh"), student(2, name="Ưng Văn Ẩn")]), branch
    )
    for imported in Student.objects.all():
        assert imported.search_name == fold(imported.full_name)
        assert imported.sort_name == sort_string(imported.full_name)
        keys = (imported.search_name, imported.sort_name)
        imported.save()
        imported.refresh_from_db()
        assert (imported.search_name, imported.sort_name) == keys


def test_a_known_code_updates_the_student_and_records_what_changed(branch, class_12a1):
    existing = StudentFactory(
        school_class=class_12a1, student_code="0000000001", full_name="Nguyen Van Hoc 1"
    )
    ConsentFactory(student=existing)
    version = existing.version
    data = make_roster([student(1, born="15/03/2008", ethnicity="Tày")])
    preview = preview_of(data, branch)
    assert len(preview.changed) == 1
    assert set(preview.changed[0].changes) == {"full_name", "date_of_birth", "ethnicity"}
    assert preview.changed[0].changes["date_of_birth"] == ["14/03/2008", "15/03/2008"]
    roster.apply_preview(preview, branch, None)
    existing.refresh_from_db()
    assert existing.full_name == "Nguyễn Văn Học 1"
    assert existing.search_name == "nguyen van hoc 1"
    assert existing.ethnicity == "Tày"
    assert existing.version == version + 1
    event = Event.objects.get(student=existing, kind="roster_import")
    assert event.changes["ethnicity"] == ["", "Tày"]
    assert Student.objects.count() == 1


def test_a_blank_cell_or_missing_column_never_erases_a_saved_value(branch, class_12a1):
    existing = StudentFactory(
        school_class=class_12a1,
        student_code="0000000001",
        full_name="Nguyễn Văn Học 1",
        religion="Phật giáo",
        ethnicity="Kinh",
        youth_union_joined_on=date(2023, 3, 26),
    )
    header = [*HEADER, "Ngày vào Đoàn"]
    data = make_roster([[*student(1, ethnicity=""), None]], header=header)
    preview = preview_of(data, branch)
    assert preview.changed == [] and len(preview.unchanged) == 1
    roster.apply_preview(preview, branch, None)
    existing.refresh_from_db()
    assert (existing.religion, existing.ethnicity) == ("Phật giáo", "Kinh")
    assert existing.youth_union_joined_on == date(2023, 3, 26)


def test_next_years_roster_moves_students_and_keeps_their_candidacy(branch):
    old_class = SchoolClassFactory(branch=branch, name="11A1", school_year="2024-2025", grade=11)
    moving = StudentFactory(school_class=old_class, student_code="0000000001")
    candidacy = Candidate.objects.create(branch=branch, student=moving, opened_on=date(2025, 3, 1))
    preview = preview_of(make_roster([student(1), student(2)]), branch)
    assert [c.name for c in preview.classes_to_create] == ["12A1"]
    change = preview.changed[0]
    assert change.changes["school_class"] == ["11A1 (2024-2025)", "12A1 (2025-2026)"]
    roster.apply_preview(preview, branch, None)
    moving.refresh_from_db()
    assert (moving.school_class.name, moving.school_class.school_year) == ("12A1", "2025-2026")
    candidacy.refresh_from_db()
    assert candidacy.student_id == moving.pk and candidacy.is_open
    assert SchoolClass.objects.filter(pk=old_class.pk).exists()


def test_an_existing_class_of_the_year_is_reused(branch, class_12a1, teacher_12a1):
    preview = preview_of(make_roster([student(1)]), branch)
    assert preview.classes_to_create == []
    roster.apply_preview(preview, branch, None)
    assert Student.objects.get().school_class == class_12a1
    class_12a1.refresh_from_db()
    assert class_12a1.homeroom_teacher == teacher_12a1


def test_one_sheet_per_class_creates_each_class_with_its_grade(branch):
    data = xlsx(
        {
            name: [HEADER, *students(3, start=n * 10)]
            for n, name in enumerate(["10A1", "11A2", "12A3"])
        }
    )
    import_file(data, branch, school_year="2025-2026")
    classes = SchoolClass.objects.filter(branch=branch).order_by("grade")
    assert [(c.name, c.grade, c.students.count()) for c in classes] == [
        ("10A1", 10, 3),
        ("11A2", 11, 3),
        ("12A3", 12, 3),
    ]


def test_codes_are_per_branch(branch, other_branch):
    StudentFactory(school_class__branch=other_branch, student_code="0000000001")
    preview = preview_of(make_roster([student(1)]), branch)
    assert len(preview.new) == 1 and preview.changed == []


@time_machine.travel("2026-01-10 09:00 +0700")
def test_without_a_year_in_the_file_the_current_school_year_is_used(branch):
    preview = preview_of(xlsx({"12A1": [HEADER, student(1)]}), branch)
    assert preview.school_year == "2025-2026"


def test_a_school_year_chosen_against_the_files_title_is_refused(branch):
    preview = preview_of(make_roster([student(1)]), branch, school_year="2026-2027")
    assert [p.code for p in preview.problems] == ["school_year_mismatch"]
    assert "2025-2026" in preview.problems[0].message


def test_a_refused_file_writes_nothing(branch, class_12a1):
    StudentFactory(school_class=class_12a1, student_code="0000000001")
    before = counts()
    data = make_roster([student(1, ethnicity="Tày"), student(2), student(3, born="31/02/2008")])
    preview = preview_of(data, branch)
    assert [p.code for p in preview.problems] == ["impossible_date"]
    assert preview.new == [] and preview.changed == []
    with pytest.raises(DomainError):
        roster.apply_preview(preview, branch, None)
    assert counts() == before


def test_the_import_refuses_if_the_database_changed_after_the_preview(branch, class_12a1):
    existing = StudentFactory(school_class=class_12a1, student_code="0000000001")
    ConsentFactory(student=existing)
    preview = preview_of(make_roster([student(1, ethnicity="Tày"), student(2)]), branch)
    Student.objects.filter(pk=existing.pk).update(ethnicity="Mường")  # edited meanwhile
    before = counts()
    with pytest.raises(roster.StalePreview):
        roster.apply_preview(preview, branch, None)
    assert counts() == before
    existing.refresh_from_db()
    assert existing.ethnicity == "Mường"


def test_the_import_refuses_if_a_student_with_a_new_code_appeared_meanwhile(branch, class_12a1):
    preview = preview_of(make_roster([student(1)]), branch)
    StudentFactory(school_class=class_12a1, student_code="0000000001")
    with pytest.raises(roster.StalePreview):
        roster.apply_preview(preview, branch, None)


def test_a_failure_midway_rolls_everything_back(branch, monkeypatch):
    calls = []

    def failing_record_event(**kwargs):
        calls.append(kwargs)
        if len(calls) == 5:
            raise RuntimeError("disk full")

    monkeypatch.setattr("candidates.roster.apply.record_event", failing_record_event)
    before = counts()
    with pytest.raises(RuntimeError):
        import_file(make_roster(students(10)), branch)
    assert counts() == before


def test_the_preview_describes_itself_as_text(branch, class_12a1):
    known = StudentFactory(school_class=class_12a1, student_code="0000000001", ethnicity="Kinh")
    ConsentFactory(student=known)
    preview = preview_of(make_roster([student(1, ethnicity="Tày"), student(2)]), branch)
    text = "\n".join(roster.describe(preview))
    assert "0000000002 Nguyễn Văn Học 2 (14/03/2008) — 12A1" in text
    assert "Kinh → Tày" in text


def test_the_refused_preview_describes_every_problem(branch):
    preview = preview_of(make_roster([student(1, born="x"), student(2, name="")]), branch)
    text = "\n".join(roster.describe(preview))
    assert "x" in text and "Họ và tên" in text and "Ngày sinh" in text


def test_the_title_rows_of_the_builder_set_the_year():
    # Guard for the tests above: TITLE says 2025-2026.
    assert "2025-2026" in TITLE[3][0]


def _bomb():
    from .test_roster_builders import zip_with

    zeros = b"0" * (roster.MAX_UNZIPPED_BYTES + 1)
    return zip_with({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": zeros})


BAD_INPUTS = {
    "impossible_date": lambda: make_roster([student(1), student(2, born="30/02/2008")]),
    "future_birth": lambda: make_roster([student(1, born="01/01/2099")]),
    "too_young": lambda: make_roster([student(1, born="01/01/2020")]),
    "empty_name": lambda: make_roster([student(1), student(2, name=" ")]),
    "duplicate_code": lambda: make_roster([student(1), student(2, code="0000000001")]),
    "missing_column": lambda: make_roster([student(1)[:3]], header=HEADER[:3]),
    "no_class": lambda: xlsx({"Sheet1": [HEADER, student(1)]}),
    "html_xls": lambda: b"<html><table><tr><td>1</td></tr></table></html>",
    "old_xls": lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512,
    "not_xlsx": lambda: b"Ho va ten;Ngay sinh\n",
    "zip_size": _bomb,
}


@pytest.mark.parametrize("code", sorted(BAD_INPUTS))
def test_each_bad_input_is_refused_with_its_problem_and_nothing_changes(branch, class_12a1, code):
    StudentFactory(school_class=class_12a1, student_code="0000000001", ethnicity="Kinh")
    before = counts()
    preview = preview_of(BAD_INPUTS[code](), branch)
    assert code in [p.code for p in preview.problems]
    assert all(p.message for p in preview.problems)
    with pytest.raises(DomainError):
        roster.apply_preview(preview, branch, None)
    assert counts() == before
    assert Student.objects.get().ethnicity == "Kinh"
