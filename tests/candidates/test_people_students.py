"""The students pages: scoping, search, school order, sensitive fields, edits and their record."""

import re
import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from candidates import services
from candidates.models import Event, Student

from ..factories import ConsentFactory, SchoolClassFactory, StudentFactory

LIST = reverse("candidates:student_list")
SENSITIVE = {
    "ethnicity": "Xơ Đăng",
    "religion": "Cao Đài",
    "national_id": "079208001234",
    "family_background": "Con liệt sĩ Quảng Trị",
}


def names_on(response):
    """The student names of a list page, in the order shown."""
    return re.findall(r'data-testid="student-name">([^<]+)<', response.content.decode())


def form_values(response):
    """What the page's form would send back untouched."""
    form = response.context["form"]
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def in_vietnamese(message):
    with translation.override("vi"):
        return gettext(message)


@pytest.fixture
def an(class_12a1):
    return StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An")


@pytest.fixture
def binh(class_12a2):
    return StudentFactory(school_class=class_12a2, full_name="Trần Thị Bình")


# --- who sees whom --------------------------------------------------------------------------


def test_homeroom_teacher_sees_only_own_class_students(login, teacher_12a1, an, binh):
    assert names_on(login(teacher_12a1).get(LIST)) == ["Nguyễn Văn An"]


def test_youth_union_officer_sees_every_student_of_the_branch(login, youth_officer, an, binh):
    other = StudentFactory(school_class=SchoolClassFactory(), full_name="Đỗ Văn Ngoài")
    names = names_on(login(youth_officer).get(LIST))
    assert names == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert other.full_name not in names


def test_secretary_of_another_branch_sees_none_of_ours(login, outsider, an, binh):
    assert names_on(login(outsider).get(LIST)) == []


def test_class_filter_shows_only_that_class(login, secretary, an, binh, class_12a2):
    response = login(secretary).get(LIST, {"school_class": class_12a2.pk})
    assert names_on(response) == ["Trần Thị Bình"]


def test_homeroom_teacher_cannot_filter_into_another_class(
    login, teacher_12a1, an, binh, class_12a2
):
    response = login(teacher_12a1).get(LIST, {"school_class": class_12a2.pk})
    assert "Trần Thị Bình" not in names_on(response)


def test_nominate_buttons_follow_the_role(login, youth_officer, teacher_12a1, an, binh):
    nominate_an = reverse("candidates:nominate", args=[an.pk])
    nominate_binh = reverse("candidates:nominate", args=[binh.pk])
    html = login(youth_officer).get(LIST).content.decode()
    assert nominate_an in html and nominate_binh in html
    assert in_vietnamese("Nominate") in html
    html = login(teacher_12a1).get(LIST).content.decode()
    assert nominate_an in html and nominate_binh not in html
    assert in_vietnamese("Recommend") in html


def test_the_list_is_paginated_by_fifty(login, secretary, class_12a1):
    StudentFactory.create_batch(120, school_class=class_12a1)
    client = login(secretary)
    assert len(names_on(client.get(LIST))) == 50
    assert len(names_on(client.get(LIST, {"page": 3}))) == 20


# --- search and order ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "nguyen van an",
        "NGUYỄN VĂN ÂN",
        unicodedata.normalize("NFD", "Nguyễn Văn An"),
        "  Nguyễn   Văn An ",
        "van an",
    ],
)
def test_search_ignores_accents_case_and_spacing(login, secretary, an, binh, query):
    assert names_on(login(secretary).get(LIST, {"q": query})) == ["Nguyễn Văn An"]


def test_search_d_finds_đ(login, secretary, class_12a1, an):
    StudentFactory(school_class=class_12a1, full_name="Lê Văn Đạt")
    assert names_on(login(secretary).get(LIST, {"q": "d"})) == ["Lê Văn Đạt"]
    assert names_on(login(secretary).get(LIST, {"q": "dat"})) == ["Lê Văn Đạt"]


def test_search_finds_u_and_o_under_ư_and_ơ(login, secretary, class_12a1):
    StudentFactory(school_class=class_12a1, full_name="Trương Thị Thơ")
    assert names_on(login(secretary).get(LIST, {"q": "truong thi tho"})) == ["Trương Thị Thơ"]


def test_search_finds_a_student_code(login, secretary, an, binh):
    assert names_on(login(secretary).get(LIST, {"q": binh.student_code})) == ["Trần Thị Bình"]


def test_list_is_in_vietnamese_school_order(login, secretary, class_12a1):
    expected = [
        "Nguyễn Thị Anh",
        "Nguyễn Thị Ánh",
        "Trần Văn Bình",
        "Lê Văn Dũng",
        "Lê Văn Đạt",
        "Phạm Thị Thu",
        "Hoàng Văn Ưng",
    ]
    for name in reversed(expected):
        StudentFactory(school_class=class_12a1, full_name=name)
    assert names_on(login(secretary).get(LIST)) == expected


# --- sensitive fields ---------------------------------------------------------------------


@pytest.fixture
def sensitive_student(class_12a1):
    student = StudentFactory(school_class=class_12a1, full_name="Y Bình Niê", **SENSITIVE)
    ConsentFactory(student=student)  # the committee sees the data under the student's consent
    return student


@pytest.mark.parametrize("who", ["youth_officer", "teacher_12a1"])
def test_sensitive_fields_never_reach_other_roles(login, cast, sensitive_student, who):
    client = login(cast[who])
    for url in (LIST, reverse("candidates:student_detail", args=[sensitive_student.pk])):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert sensitive_student.full_name in html
        for value in SENSITIVE.values():
            assert value not in html


def test_secretary_sees_the_sensitive_fields(login, secretary, sensitive_student):
    url = reverse("candidates:student_detail", args=[sensitive_student.pk])
    html = login(secretary).get(url).content.decode()
    for value in SENSITIVE.values():
        assert value in html


def test_sensitive_fields_are_in_the_list_for_nobody(login, secretary, sensitive_student):
    html = login(secretary).get(LIST).content.decode()
    for value in SENSITIVE.values():
        assert value not in html


# --- queries --------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("who", ["secretary", "teacher_12a1"])
def test_student_list_query_count_does_not_grow_with_students(login, cast, class_12a1, who):
    StudentFactory.create_batch(10, school_class=class_12a1)
    client = login(cast[who])
    client.get(LIST)
    few = count_queries(client, LIST)
    StudentFactory.create_batch(190, school_class=class_12a1)
    many = count_queries(client, LIST)
    assert many == few
    assert count_queries(client, f"{LIST}?q=nguyen&school_class={class_12a1.pk}") <= few + 1


def test_class_page_query_count_does_not_grow_with_students(login, teacher_12a1, class_12a1):
    url = reverse("candidates:class_detail", args=[class_12a1.pk])
    StudentFactory.create_batch(10, school_class=class_12a1)
    client = login(teacher_12a1)
    client.get(url)
    few = count_queries(client, url)
    StudentFactory.create_batch(40, school_class=class_12a1)
    assert count_queries(client, url) == few


# --- add and edit ---------------------------------------------------------------------------


def new_student_data(school_class, **overrides):
    return {
        "student_code": "0790001234",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "2008-03-14",
        "gender": "M",
        "school_class": school_class.pk,
        "youth_union_joined_on": "2023-03-26",
        **overrides,
    }


def test_secretary_adds_a_student_and_it_is_recorded(login, secretary, class_12a1):
    # No consent yet for a new student: the form has no ethnicity field, what is sent is ignored.
    response = login(secretary).post(
        reverse("candidates:student_create"), new_student_data(class_12a1, ethnicity="Kinh")
    )
    student = Student.objects.get(student_code="0790001234")
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:student_detail", args=[student.pk])
    assert student.branch == class_12a1.branch
    assert student.date_of_birth == date(2008, 3, 14)
    event = Event.objects.get(student=student)
    assert (event.kind, event.actor) == ("student_created", secretary)
    assert event.changes["full_name"] == ["", "Nguyễn Văn An"]
    assert "ethnicity" not in event.changes and student.ethnicity == ""


def test_names_typed_in_nfd_with_stray_spaces_are_stored_nfc_and_trimmed(
    login, secretary, class_12a1
):
    typed = unicodedata.normalize("NFD", "  Nguyễn   Thị  Ánh  ")
    login(secretary).post(
        reverse("candidates:student_create"),
        new_student_data(class_12a1, full_name=typed, student_code=" 0790001234 ", hometown=" Huế"),
    )
    student = Student.objects.get()
    assert student.full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", student.full_name)
    assert student.student_code == "0790001234"
    assert student.hometown == "Huế"
    assert student.search_name == "nguyen thi anh"


def test_student_code_taken_in_the_branch_is_a_form_error(login, secretary, an, class_12a1):
    response = login(secretary).post(
        reverse("candidates:student_create"),
        new_student_data(class_12a1, student_code=an.student_code),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["student_code"]
    assert Student.objects.count() == 1


def test_the_same_student_code_may_exist_in_another_branch(login, outsider, an):
    other_class = SchoolClassFactory(branch=outsider.memberships.get().branch)
    response = login(outsider).post(
        reverse("candidates:student_create"),
        new_student_data(other_class, student_code=an.student_code),
    )
    assert response.status_code == 302


def test_a_class_of_another_branch_cannot_be_chosen(login, secretary, class_12a1):
    other_class = SchoolClassFactory()
    response = login(secretary).post(
        reverse("candidates:student_create"), new_student_data(other_class)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["school_class"]
    assert not Student.objects.exists()


def test_service_refuses_a_class_of_another_branch(secretary, branch, class_12a1):
    data = {
        "student_code": "1",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": date(2008, 1, 1),
        "gender": "M",
        "school_class": SchoolClassFactory(),
    }
    with pytest.raises(services.FieldErrors) as error:
        services.student_create(branch=branch, actor=secretary, data=data)
    assert "school_class" in error.value.errors


def test_edit_is_recorded_with_its_changes(login, secretary, an):
    ConsentFactory(student=an)  # the religion may be filled
    url = reverse("candidates:student_edit", args=[an.pk])
    client = login(secretary)
    data = form_values(client.get(url))
    data.update(residence="Số 1 Lê Lợi", study_result="Tốt", religion="Phật giáo")
    assert client.post(url, data).status_code == 302
    an.refresh_from_db()
    assert (an.residence, an.version) == ("Số 1 Lê Lợi", 2)
    event = Event.objects.get(student=an, kind="student_changed")
    assert event.actor == secretary
    assert event.changes == {
        "residence": ["", "Số 1 Lê Lợi"],
        "study_result": ["", "Tốt"],
        "religion": ["", "Phật giáo"],
    }


def test_a_second_edit_from_the_same_version_is_refused(login, secretary, an):
    url = reverse("candidates:student_edit", args=[an.pk])
    client = login(secretary)
    opened = form_values(client.get(url))
    assert client.post(url, {**opened, "residence": "Số 1 Lê Lợi"}).status_code == 302

    response = client.post(url, {**opened, "residence": "Số 2 Hùng Vương", "hometown": "Huế"})

    assert response.status_code == 409
    form = response.context["form"]
    assert form.non_field_errors()
    assert form["residence"].value() == "Số 2 Hùng Vương"
    assert "Số 2 Hùng Vương" in response.content.decode()
    an.refresh_from_db()
    assert (an.residence, an.hometown, an.version) == ("Số 1 Lê Lợi", "", 2)
    assert Event.objects.filter(student=an, kind="student_changed").count() == 1


def test_a_refused_edit_does_not_raise_the_version(login, secretary, an, binh):
    url = reverse("candidates:student_edit", args=[an.pk])
    client = login(secretary)
    data = {**form_values(client.get(url)), "student_code": binh.student_code}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["student_code"]
    an.refresh_from_db()
    assert an.version == 1


def test_edit_service_keeps_columns_it_was_not_given(secretary, an):
    Student.objects.filter(pk=an.pk).update(residence="Đổi bởi bản nhập")
    services.student_update(student=an, actor=secretary, data={"hometown": "Huế"}, version=1)
    an.refresh_from_db()
    assert (an.hometown, an.residence) == ("Huế", "Đổi bởi bản nhập")


def test_student_page_shows_the_history_to_the_committee(login, secretary, youth_officer, an):
    services.student_update(student=an, actor=secretary, data={"residence": "Huế"}, version=1)
    url = reverse("candidates:student_detail", args=[an.pk])
    assert 'data-testid="event"' in login(secretary).get(url).content.decode()
    assert 'data-testid="event"' not in login(youth_officer).get(url).content.decode()
