"""Consent to sensitive personal data (Law 91/2025/QH15): who records it, when a parent must
consent too, what it opens (the fields, the pages, the exports, the roster) and what its
withdrawal hides again."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AccessLog
from candidates import consent, exports, roster, services
from candidates.models import AppendOnlyError, Consent, Event, Student
from candidates.services import DomainError, FieldErrors
from reports.builders import awareness_table

from ..factories import CandidateFactory, StudentFactory
from .test_roster_builders import HEADER, TODAY, student
from .test_roster_builders import roster as make_roster

SENSITIVE = {
    "ethnicity": "Xơ Đăng",
    "religion": "Cao Đài",
    "national_id": "079208001234",
    "family_background": "Con liệt sĩ Quảng Trị",
}
# Born 14/03/2008: 18 years old (đủ 18 tuổi) from 14/03/2026.
BORN = date(2008, 3, 14)
ADULT = date(2026, 3, 14)


@pytest.fixture(autouse=True)
def in_summer_2026():
    """Today is 01/06/2026: after the eighteenth birthday of the students born in March 2008."""
    with time_machine.travel(date(2026, 6, 1)):
        yield


@pytest.fixture
def an(class_12a1):
    return StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An", date_of_birth=BORN)


@pytest.fixture
def kept(class_12a1):
    """A student whose sensitive data was stored before consent was asked (an older record)."""
    return StudentFactory(
        school_class=class_12a1, full_name="Y Bình Niê", date_of_birth=BORN, **SENSITIVE
    )


def give(student, actor, on=date(2026, 5, 1), guardian="", agreed=True):
    return services.consent_give(
        student=student, actor=actor, on=on, student_agreed=agreed, guardian_name=guardian
    )


def withdraw(student, actor, on=date(2026, 5, 20)):
    return services.consent_withdraw(student=student, actor=actor, on=on)


# --- the parent's consent: under 18 on the day of the consent ------------------------------


@pytest.mark.parametrize(
    ("on", "parent_needed"),
    [
        (date(2026, 3, 13), True),  # the day before the eighteenth birthday
        (ADULT, False),  # the birthday itself: đủ 18 tuổi
        (date(2026, 3, 15), False),
    ],
)
def test_a_parent_must_consent_too_while_the_student_is_under_18(an, secretary, on, parent_needed):
    assert consent.parent_needed(an, on) is parent_needed
    if parent_needed:
        with pytest.raises(FieldErrors) as refused:
            give(an, secretary, on=on)
        assert set(refused.value.errors) == {"guardian_name"}
        give(an, secretary, on=on, guardian="Nguyễn Văn Hòa")
    else:
        give(an, secretary, on=on)
    assert consent.in_force(an)


def test_the_age_is_counted_as_r1_counts_it_born_on_29_february(class_12a1):
    # 216 full months (rules.eighteenth_birthday): in a common year, from 28 February.
    leap = StudentFactory(school_class=class_12a1, date_of_birth=date(2008, 2, 29))
    assert consent.parent_needed(leap, date(2026, 2, 27))
    assert not consent.parent_needed(leap, date(2026, 2, 28))


def test_the_students_own_consent_is_needed(an, secretary):
    with pytest.raises(FieldErrors) as refused:
        give(an, secretary, agreed=False)
    assert set(refused.value.errors) == {"student_agreed"}
    assert not an.consents.exists()


def test_the_record_names_the_text_version_who_recorded_it_and_an_event(an, secretary):
    record = give(an, secretary)
    assert (record.text_version, record.recorded_by, record.on) == (
        consent.current_text().version,
        secretary,
        date(2026, 5, 1),
    )
    event = Event.objects.get(student=an, kind="consent_given")
    assert event.record == f"consent:{record.pk}"
    assert event.changes == {}


# --- in force on a day: derived from the records -------------------------------------------


def test_consent_is_in_force_from_its_day_until_the_withdrawal_and_again_after(an, secretary):
    give(an, secretary, on=date(2026, 4, 1))
    withdraw(an, secretary, on=date(2026, 4, 10))
    give(an, secretary, on=date(2026, 5, 2))
    assert not consent.in_force(an, date(2026, 3, 31))
    assert consent.in_force(an, date(2026, 4, 1))
    assert consent.in_force(an, date(2026, 4, 9))
    assert not consent.in_force(an, date(2026, 4, 10))
    assert not consent.in_force(an, date(2026, 5, 1))
    assert consent.in_force(an, date(2026, 5, 2))
    assert an.consents.count() == 3  # nothing rewritten


def test_the_annotation_agrees_with_in_force(an, kept, secretary):
    give(an, secretary)
    assert list(consent.consenting(Student.objects.all())) == [an]
    withdraw(an, secretary)
    assert not consent.consenting(Student.objects.all()).exists()


def test_the_records_are_append_only(an, secretary):
    record = give(an, secretary)
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(pk=record.pk).update(note="x")


@pytest.mark.parametrize(
    ("first", "second", "refused"),
    [
        ("give", "give", "đang còn hiệu lực"),
        (None, "withdraw", "không có gì để rút lại"),
    ],
)
def test_consent_is_not_given_twice_nor_withdrawn_when_none(an, secretary, first, second, refused):
    if first:
        give(an, secretary)
    with pytest.raises(DomainError, match=refused):
        (give if second == "give" else withdraw)(an, secretary)


def test_dates_are_neither_in_the_future_nor_before_the_last_record(an, secretary):
    with pytest.raises(FieldErrors):
        give(an, secretary, on=date(2026, 6, 2))
    give(an, secretary, on=date(2026, 5, 1))
    with pytest.raises(FieldErrors):
        withdraw(an, secretary, on=date(2026, 4, 30))
    withdraw(an, secretary, on=date(2026, 5, 1))  # the same day: the later record decides
    assert not consent.in_force(an, date(2026, 5, 1))


# --- the service: sensitive fields only under consent --------------------------------------


def student_data(student, **changes):
    data = {name: getattr(student, name) for name in services.STUDENT_FIELDS}
    return {**data, **changes}


def test_the_service_refuses_sensitive_fields_without_consent(an, secretary):
    data = student_data(an, ethnicity="Tày")
    with pytest.raises(FieldErrors) as refused:
        services.student_update(student=an, actor=secretary, data=data, version=an.version)
    assert set(refused.value.errors) == {"ethnicity"}
    an.refresh_from_db()
    assert an.ethnicity == ""


def test_a_new_student_is_added_without_sensitive_fields(class_12a1, branch, secretary):
    data = {
        "student_code": "0000000077",
        "full_name": "Lê Văn Mới",
        "date_of_birth": BORN,
        "gender": "M",
        "school_class": class_12a1,
        "religion": "Phật giáo",
    }
    with pytest.raises(FieldErrors) as refused:
        services.student_create(branch=branch, actor=secretary, data=data)
    assert set(refused.value.errors) == {"religion"}
    del data["religion"]
    assert services.student_create(branch=branch, actor=secretary, data=data).pk


def test_the_service_accepts_them_with_consent(an, secretary):
    give(an, secretary)
    data = student_data(an, ethnicity="Tày", national_id="079208009999")
    services.student_update(student=an, actor=secretary, data=data, version=an.version)
    an.refresh_from_db()
    assert (an.ethnicity, an.national_id) == ("Tày", "079208009999")


def test_erasing_is_accepted_without_consent(kept, secretary):
    data = student_data(kept, **dict.fromkeys(Student.SENSITIVE_FIELDS, ""))
    services.student_update(student=kept, actor=secretary, data=data, version=kept.version)
    kept.refresh_from_db()
    assert kept.ethnicity == ""


# --- the pages -----------------------------------------------------------------------------


def detail(client, student):
    return client.get(reverse("candidates:student_detail", args=[student.pk]))


def test_without_consent_the_page_hides_the_values_and_links_to_record_it(login, secretary, kept):
    response = detail(login(secretary), kept)
    html = response.content.decode()
    for value in SENSITIVE.values():
        assert value not in html
    assert 'data-testid="consent-missing"' in html
    assert reverse("candidates:student_consent", args=[kept.pk]) in html
    assert not AccessLog.objects.filter(kind=AccessLog.Kind.SENSITIVE_VIEW).exists()


def test_a_committee_member_is_told_that_the_secretary_records_it(login, committee_member, kept):
    html = detail(login(committee_member), kept).content.decode()
    assert 'data-testid="consent-missing"' in html
    assert reverse("candidates:student_consent", args=[kept.pk]) not in html


def test_the_edit_form_offers_the_fields_only_under_consent(login, secretary, kept):
    client = login(secretary)
    url = reverse("candidates:student_edit", args=[kept.pk])
    form = client.get(url).context["form"]
    assert not set(Student.SENSITIVE_FIELDS) & set(form.fields)
    give(kept, secretary)
    form = client.get(url).context["form"]
    assert set(Student.SENSITIVE_FIELDS) <= set(form.fields)


def test_the_edit_form_without_consent_keeps_the_hidden_values(login, secretary, kept):
    client = login(secretary)
    url = reverse("candidates:student_edit", args=[kept.pk])
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["hometown"] = "Kon Tum"
    assert client.post(url, data).status_code == 302
    kept.refresh_from_db()
    assert (kept.hometown, kept.ethnicity) == ("Kon Tum", SENSITIVE["ethnicity"])


def test_fields_hidden_after_withdrawal_and_shown_again_after_new_consent(login, secretary, kept):
    client = login(secretary)
    give(kept, secretary, on=date(2026, 5, 1))
    assert SENSITIVE["religion"] in detail(client, kept).content.decode()
    withdraw(kept, secretary, on=date(2026, 5, 20))
    html = detail(client, kept).content.decode()
    assert SENSITIVE["religion"] not in html
    kept.refresh_from_db()
    assert kept.religion == SENSITIVE["religion"]  # kept, hidden
    give(kept, secretary, on=date(2026, 5, 25))
    assert SENSITIVE["religion"] in detail(client, kept).content.decode()


def test_the_history_hides_sensitive_values_after_withdrawal(login, secretary, an):
    give(an, secretary)
    data = student_data(an, ethnicity="Tày")
    services.student_update(student=an, actor=secretary, data=data, version=an.version)
    withdraw(an, secretary)
    html = detail(login(secretary), an).content.decode()
    assert "Tày" not in html


def test_the_candidate_page_hides_the_values_without_consent(login, secretary, kept):
    candidate = CandidateFactory(student=kept)
    client = login(secretary)
    url = reverse("candidates:detail", args=[candidate.pk])
    html = client.get(url).content.decode()
    assert SENSITIVE["ethnicity"] not in html
    assert 'data-testid="consent-missing"' in html
    give(kept, secretary)
    assert SENSITIVE["ethnicity"] in client.get(url).content.decode()


# --- recording through the page ------------------------------------------------------------


def test_the_secretary_records_consent_on_the_page_and_the_access_log_says_so(
    login, secretary, kept
):
    client = login(secretary)
    url = reverse("candidates:student_consent", args=[kept.pk])
    page = client.get(url)
    assert consent.current_text().title in page.content.decode()
    token = page.context["give_form"]["token"].value()
    data = {"on": "01/05/2026", "student_agreed": "on", "guardian_name": "", "token": token}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: recorded once
    assert kept.consents.count() == 1
    entry = AccessLog.objects.get(kind=AccessLog.Kind.CONSENT_GIVEN)
    assert entry.subject == kept.full_name
    for value in SENSITIVE.values():
        assert value not in entry.subject


def test_a_refused_consent_shows_the_form_again(login, secretary, class_12a1):
    minor = StudentFactory(school_class=class_12a1, date_of_birth=date(2009, 1, 1))
    client = login(secretary)
    url = reverse("candidates:student_consent", args=[minor.pk])
    data = {"on": "01/05/2026", "student_agreed": "on", "guardian_name": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["give_form"].errors["guardian_name"]
    assert not minor.consents.exists()


def test_the_secretary_records_a_withdrawal(login, secretary, kept):
    give(kept, secretary)
    client = login(secretary)
    url = reverse("candidates:student_consent_withdraw", args=[kept.pk])
    assert client.post(url, {"on": "20/05/2026"}).status_code == 302
    assert not consent.in_force(kept)
    assert AccessLog.objects.filter(kind=AccessLog.Kind.CONSENT_WITHDRAWN).count() == 1


def test_a_committee_member_cannot_record_consent(login, committee_member, kept):
    url = reverse("candidates:student_consent", args=[kept.pk])
    data = {"on": "01/05/2026", "student_agreed": "on"}
    assert login(committee_member).post(url, data).status_code == 403
    assert not kept.consents.exists()


# --- exports and documents -----------------------------------------------------------------


def test_the_candidate_export_leaves_the_cells_empty_without_consent(login, secretary, kept, an):
    CandidateFactory(student=kept)
    CandidateFactory(student=an)
    give(an, secretary)
    an.ethnicity = "Tày"
    an.save()
    response = login(secretary).get(reverse("candidates:export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    text = repr(rows)
    assert "Tày" in text
    for value in (SENSITIVE["ethnicity"], SENSITIVE["religion"], SENSITIVE["national_id"]):
        assert value not in text


def test_the_awareness_list_prints_nothing_for_a_student_without_consent(secretary, kept, an):
    an.ethnicity, an.religion = "Tày", "Không"
    an.save()
    give(an, secretary)
    candidates = [CandidateFactory(student=kept), CandidateFactory(student=an)]
    table = awareness_table(candidates, sensitive=True)
    cells = [repr(row) for row in table.rows]
    assert SENSITIVE["ethnicity"] not in cells[0] and SENSITIVE["religion"] not in cells[0]
    assert "Tày" in cells[1]


def test_the_student_export_hides_the_values_without_consent(secretary, kept):
    workbook = openpyxl.load_workbook(io.BytesIO(exports.student_data(kept)))
    text = repr([list(sheet.values) for sheet in workbook])
    for value in SENSITIVE.values():
        assert value not in text
    give(kept, secretary)
    workbook = openpyxl.load_workbook(io.BytesIO(exports.student_data(kept)))
    text = repr([list(sheet.values) for sheet in workbook])
    assert SENSITIVE["national_id"] in text


# --- the roster import ---------------------------------------------------------------------


def preview_of(data, branch, **kwargs):
    return roster.build_preview(roster.read_workbook(data, today=TODAY), branch, **kwargs)


def test_a_roster_with_ethnicity_for_new_students_is_refused_cell_by_cell(branch):
    data = make_roster([student(1, ethnicity="Tày"), student(2, ethnicity="")])
    preview = preview_of(data, branch)
    assert not preview.ok
    [problem] = preview.problems
    assert (problem.code, problem.row, problem.column) == ("no_consent", 7, "F")
    assert problem.header == HEADER[5]
    with pytest.raises(DomainError):
        roster.apply_preview(preview, branch, None)
    assert not Student.objects.exists()


def test_the_cells_may_be_left_out_when_chosen(branch, secretary):
    data = make_roster([student(1, ethnicity="Tày"), student(2, ethnicity="Kinh")])
    preview = preview_of(data, branch, leave_out_sensitive=True)
    assert preview.ok and preview.left_out == 2
    result = roster.apply_preview(preview, branch, secretary)
    assert result.students_created == 2
    assert set(Student.objects.values_list("ethnicity", flat=True)) == {""}


def test_a_roster_updates_the_ethnicity_of_a_student_with_consent(branch, class_12a1, secretary):
    existing = StudentFactory(
        school_class=class_12a1,
        student_code="0000000001",
        full_name="Nguyễn Văn Học 1",
        date_of_birth=BORN,
    )
    give(existing, secretary)
    preview = preview_of(make_roster([student(1, ethnicity="Tày")]), branch)
    assert preview.ok
    roster.apply_preview(preview, branch, secretary)
    existing.refresh_from_db()
    assert existing.ethnicity == "Tày"


# --- erasing on withdrawal -----------------------------------------------------------------


def test_a_withdrawal_may_erase_the_values_and_the_history_names_no_value(secretary, kept):
    give(kept, secretary)
    version = Student.objects.get(pk=kept.pk).version
    services.consent_withdraw(student=kept, actor=secretary, on=date(2026, 5, 20), erase=True)
    kept.refresh_from_db()
    assert all(getattr(kept, name) == "" for name in Student.SENSITIVE_FIELDS)
    assert kept.version == version + 1
    event = Event.objects.get(student=kept, kind="consent_withdrawn")
    assert set(event.changes) == set(Student.SENSITIVE_FIELDS)
    for value in SENSITIVE.values():
        assert value not in repr(event.changes)


def test_the_page_erases_when_asked(login, secretary, kept):
    give(kept, secretary)
    url = reverse("candidates:student_consent_withdraw", args=[kept.pk])
    assert login(secretary).post(url, {"on": "20/05/2026", "erase": "on"}).status_code == 302
    kept.refresh_from_db()
    assert kept.religion == ""


def test_consent_given_meanwhile_in_another_tab_is_said_on_the_page(login, secretary, kept):
    client = login(secretary)
    url = reverse("candidates:student_consent", args=[kept.pk])
    data = {"on": "01/05/2026", "student_agreed": "on"}
    give(kept, secretary)
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "đang còn hiệu lực" in response.content.decode()
    assert kept.consents.count() == 1


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, data, **choices):
    file = SimpleUploadedFile("roster.xlsx", data)
    client.post(reverse("candidates:roster_import"), {"file": file, "school_year": "", **choices})
    return client.get(reverse("candidates:roster_preview"))


def test_the_roster_page_names_each_refused_cell_and_offers_to_leave_them_out(
    login, secretary, private_media
):
    client = login(secretary)
    data = make_roster([student(1, ethnicity="Tày"), student(2, ethnicity="Kinh")])
    response = upload(client, data)
    problems = response.context["preview"].problems
    assert [(p.code, p.row, p.column, p.header) for p in problems] == [
        ("no_consent", 7, "F", "Dân tộc"),
        ("no_consent", 8, "F", "Dân tộc"),
    ]
    assert "chọn bỏ qua các ô này khi tải tệp lên" in response.content.decode()
    response = upload(client, data, leave_out_sensitive="on")
    assert response.context["preview"].left_out == 2
    assert 'data-testid="roster-left-out"' in response.content.decode()
