"""The classes pages: the committee adds and edits classes; a homeroom teacher reads their own."""

import re

import pytest
from django.urls import reverse

from candidates.models import Event, SchoolClass

from ..factories import SchoolClassFactory, StudentFactory

CREATE = reverse("candidates:class_create")


def class_data(**overrides):
    return {"name": "10A3", "school_year": "2025-2026", "grade": "10", **overrides}


def test_secretary_adds_a_class_with_its_homeroom_teacher(login, secretary, teacher_12a1, branch):
    response = login(secretary).post(CREATE, class_data(homeroom_teacher=teacher_12a1.pk))
    school_class = SchoolClass.objects.get(name="10A3")
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:class_detail", args=[school_class.pk])
    assert (school_class.branch, school_class.grade) == (branch, 10)
    assert school_class.homeroom_teacher == teacher_12a1
    event = Event.objects.get(kind="class_created")
    assert event.actor == secretary
    assert event.changes["homeroom_teacher"] == ["", str(teacher_12a1)]


def test_class_name_is_stored_trimmed_in_capitals(login, secretary):
    login(secretary).post(CREATE, class_data(name=" 10a3 "))
    assert SchoolClass.objects.filter(name="10A3").exists()


@pytest.mark.parametrize(
    "year", ["2025-2027", "2025/2026", "25-26", "2026-2025", "２０２５-２０２６"]
)
def test_school_year_must_be_two_consecutive_years(login, secretary, year):
    response = login(secretary).post(CREATE, class_data(school_year=year))
    assert response.status_code == 400
    assert response.context["form"].errors["school_year"]
    assert not SchoolClass.objects.filter(name="10A3").exists()


@pytest.mark.parametrize("grade", ["9", "13", ""])
def test_grade_is_10_11_or_12(login, secretary, grade):
    response = login(secretary).post(CREATE, class_data(grade=grade))
    assert response.context["form"].errors["grade"]


def test_the_same_class_name_twice_in_a_year_is_a_form_error(login, secretary, class_12a1):
    response = login(secretary).post(CREATE, class_data(name="12a1", grade="12"))
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert SchoolClass.objects.filter(name="12A1").count() == 1


def test_the_same_class_name_in_another_year_or_branch_is_fine(
    login, secretary, outsider, class_12a1
):
    response = login(secretary).post(CREATE, class_data(name="12A1", school_year="2026-2027"))
    assert response.status_code == 302
    assert login(outsider).post(CREATE, class_data(name="12A1")).status_code == 302
    assert SchoolClass.objects.filter(name="12A1").count() == 3


def test_renaming_onto_an_existing_class_is_a_form_error(login, secretary, class_12a1, class_12a2):
    url = reverse("candidates:class_edit", args=[class_12a2.pk])
    response = login(secretary).post(url, class_data(name="12A1", grade="12", version=1))
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    class_12a2.refresh_from_db()
    assert class_12a2.name == "12A2"


def test_only_homeroom_teachers_of_the_branch_may_be_chosen(
    login, secretary, youth_officer, teacher_12a1, outsider
):
    form = login(secretary).get(CREATE).context["form"]
    assert list(form.fields["homeroom_teacher"].queryset) == [teacher_12a1]
    for user in (youth_officer, outsider):
        response = login(secretary).post(CREATE, class_data(homeroom_teacher=user.pk))
        assert response.context["form"].errors["homeroom_teacher"]


def test_editing_a_class_records_what_changed(login, secretary, class_12a1, teacher_12a2):
    url = reverse("candidates:class_edit", args=[class_12a1.pk])
    data = class_data(name="12A1", grade="12", homeroom_teacher=teacher_12a2.pk, version=1)
    assert login(secretary).post(url, data).status_code == 302
    event = Event.objects.get(kind="class_changed")
    assert event.changes == {"homeroom_teacher": ["", "Phạm Quốc Bảo"]}


def test_homeroom_teacher_reads_own_class_without_edit_links(login, teacher_12a1, class_12a1):
    StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An")
    url = reverse("candidates:class_detail", args=[class_12a1.pk])
    html = login(teacher_12a1).get(url).content.decode()
    assert "Nguyễn Văn An" in html
    assert reverse("candidates:class_edit", args=[class_12a1.pk]) not in html
    assert reverse("candidates:student_edit", args=[class_12a1.students.get().pk]) not in html


def test_class_list_shows_the_branch_classes_with_their_counts(
    login, secretary, class_12a1, class_12a2
):
    StudentFactory.create_batch(3, school_class=class_12a1)
    SchoolClassFactory(name="11B1")  # another branch
    html = login(secretary).get(reverse("candidates:class_list")).content.decode()
    assert re.findall(r'data-testid="class-name">([^<]+)<', html) == ["12A1", "12A2"]


def test_a_stale_class_edit_is_refused_with_the_input_kept(
    login, secretary, class_12a1, teacher_12a1, teacher_12a2
):
    url = reverse("candidates:class_edit", args=[class_12a1.pk])
    client = login(secretary)
    opened = class_data(name="12A1", grade="12", version=class_12a1.version)
    assert client.post(url, {**opened, "homeroom_teacher": teacher_12a2.pk}).status_code == 302
    response = client.post(url, {**opened, "name": "12A9"})
    assert response.status_code == 409
    assert response.context["form"]["name"].value() == "12A9"
    class_12a1.refresh_from_db()
    assert (class_12a1.name, class_12a1.homeroom_teacher, class_12a1.version) == (
        "12A1",
        teacher_12a2,
        2,
    )
