"""The retention period of the personal data of students who left the pipeline without being
admitted, and their anonymisation (issue 14): who is due, what is blanked, what is kept (the
reports' figures, the issued documents, the history's facts), the command and the page."""

import os
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import audit
from accounts.models import AccessLog
from candidates import services
from candidates.models import (
    AppendOnlyError,
    Candidate,
    Consent,
    Consultation,
    Decision,
    DossierItem,
    Event,
    Nomination,
    Student,
)
from candidates.services import retention
from candidates.text import fold
from reports.figures import figures
from reports.models import IssuedDocument
from reports.periods import period_of
from tests.factories import CandidateFactory, StudentFactory

from .pipeline import accepted, leave

LEFT_ON = date(2025, 11, 20)
DUE_ON = date(2027, 11, 20)  # LEFT_ON + the default 24 months
NAME = "Nguyễn Thị Bích Vân"


def _left(student, secretary, on=LEFT_ON):
    """`student` accepted into the source list, then moved to another school on `on`."""
    with time_machine.travel(date(2025, 10, 1)):
        candidate = accepted(student, secretary)
    return leave(secretary, candidate, on, reason=f"{NAME} chuyển trường theo gia đình")


@pytest.fixture
def left(secretary, class_12a1, settings, tmp_path, rf):
    """A student who left the pipeline on 20/11/2025, with everything that names her: a
    consent with her mother's name, a nomination's texts, an edit of her address, comments,
    a scan, and the access log's entries about her."""
    settings.MEDIA_ROOT = tmp_path
    student = StudentFactory(
        school_class=class_12a1,
        full_name=NAME,
        gender=Student.Gender.FEMALE,
        date_of_birth=date(2008, 3, 14),
        residence="12 Lê Lợi, An Hải",
        hometown="Quảng Nam",
        entered_school_on=date(2023, 9, 5),
        study_result="Giỏi",
    )
    with time_machine.travel(date(2025, 9, 12)):
        services.consent_give(
            student=student,
            actor=secretary,
            on=date(2025, 9, 10),
            student_agreed=True,
            guardian_name="Nguyễn Văn Hòa",
            note="Mẹ em Vân ký.",
        )
        services.student_update(
            student=student,
            actor=secretary,
            data={"residence": "15 Lê Lợi, An Hải", "ethnicity": "Kinh"},
            version=student.version,
        )
    with time_machine.travel(date(2025, 9, 15)):
        candidate = services.candidate_nominate(
            student=student,
            author=secretary,
            kind="committee",
            reason="Lớp trưởng gương mẫu",
            achievements="Giải nhất Văn",
            on=date(2025, 9, 15),
        )
    with time_machine.travel(date(2025, 10, 1)):
        candidate = services.candidate_accept(
            candidate=candidate, actor=secretary, version=candidate.version, on=date(2025, 10, 1)
        )
    Consultation.objects.create(
        candidate=candidate,
        kind=Consultation.Kind.RESIDENCE,
        body="Chi bộ khu dân cư số 5",
        consulted_on=date(2025, 11, 1),
        asked=10,
        agreed=10,
        strengths="Ngoan, lễ phép",
    )
    item = DossierItem.objects.create(
        candidate=candidate, code="1-KNĐ", form_version="test", note="Đơn viết tay"
    )
    item.scan.save("don-nguyen-thi-bich-van.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    candidate = leave(secretary, candidate, LEFT_ON, reason=f"{NAME} chuyển trường theo gia đình")
    request = rf.get(f"/candidates/{candidate.pk}/")
    request.user, request.scope = secretary, None
    audit.sensitive_view(request, student)
    scan = rf.get(f"/candidates/{candidate.pk}/dossier/{item.pk}/scan/")
    scan.user, scan.scope = secretary, None
    audit.record(scan, audit.Kind.DOWNLOAD, "1-KNĐ-don-nguyen-thi-bich-van.pdf")
    AccessLog.objects.update(branch=student.branch)  # the requests above had no scope
    return Student.objects.get(pk=student.pk)


def _due(branch, on):
    return [d.student.pk for d in services.students_due(branch, on)]


# --- who is due ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "due"),
    [(date(2027, 11, 19), False), (DUE_ON, True), (date(2027, 11, 21), True)],
    ids=["the day before", "the day of", "the day after"],
)
def test_a_student_is_due_once_the_retention_period_has_run(secretary, class_12a1, branch, on, due):
    student = StudentFactory(school_class=class_12a1)
    _left(student, secretary)
    assert (_due(branch, on) == [student.pk]) is due


def test_the_period_is_the_branchs_and_counts_months_to_the_end_of_a_short_month(
    secretary, class_12a1, branch
):
    student = StudentFactory(school_class=class_12a1)
    _left(student, secretary, on=date(2025, 10, 31))
    branch.retention_months = 6
    branch.save()
    (due,) = services.students_due(branch, date(2026, 4, 30))
    assert (due.closed_on, due.due_since) == (date(2025, 10, 31), date(2026, 4, 30))
    assert _due(branch, date(2026, 4, 29)) == []


def test_a_declined_nomination_counts_from_the_day_it_was_declined(secretary, class_12a1, branch):
    student = StudentFactory(school_class=class_12a1)
    with time_machine.travel(date(2025, 10, 1)):
        candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
        services.candidate_decline(
            candidate=candidate, actor=secretary, reason="Chưa đủ tiêu chuẩn", version=1
        )
    (due,) = services.students_due(branch, date(2027, 10, 1))
    assert due.how_they_left == "Không tiếp nhận"
    assert _due(branch, date(2027, 9, 30)) == []


def test_who_is_never_due(secretary, class_12a1, branch):
    still_open = StudentFactory(school_class=class_12a1)
    with time_machine.travel(date(2025, 10, 1)):
        accepted(still_open, secretary)
    came_back = StudentFactory(school_class=class_12a1)
    _left(came_back, secretary, on=date(2025, 10, 5))
    with time_machine.travel(date(2025, 10, 6)):
        services.candidate_nominate(student=came_back, author=secretary, kind="committee")
    never_nominated = StudentFactory(school_class=class_12a1)
    # Admitted, then transferred to another Party organisation: a Party member's record.
    member = CandidateFactory(
        student=StudentFactory(school_class=class_12a1),
        stage=Candidate.Stage.EXITED,
        exit_stage=Candidate.Stage.PROBATIONARY,
        exit_kind=Candidate.ExitKind.TRANSFERRED,
        closed_on=date(2025, 6, 1),
    )
    Decision.objects.create(
        candidate=member,
        number="01-QĐ/ĐU",
        issued_on=date(2025, 1, 10),
        received_on=date(2025, 1, 12),
        issuer=branch.committee,
    )
    assert _due(branch, date(2040, 1, 1)) == []
    assert {still_open.pk, came_back.pk, never_nominated.pk}.isdisjoint(
        _due(branch, date(2040, 1, 1))
    )


def test_a_new_branch_keeps_the_data_24_months(branch):
    assert branch.retention_months == 24  # the bounds: tests/accounts/test_branch_settings.py


# --- what anonymising does -------------------------------------------------------------------


def test_anonymising_removes_the_students_personal_data(
    left, secretary, branch, django_capture_on_commit_callbacks
):
    candidate = left.candidacies.get()
    scan = DossierItem.objects.get(candidate=candidate).scan.path
    assert os.path.exists(scan)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.student_anonymise(student=left, actor=secretary, on=DUE_ON)
    student = Student.objects.get(pk=left.pk)
    placeholder = f"Học sinh ẩn danh {left.pk}"
    assert (student.full_name, student.student_code) == (placeholder, f"AN-{left.pk}")
    assert (student.search_name, student.sort_name) != (left.search_name, left.sort_name)
    assert student.search_name == fold(placeholder)
    for name in retention.BLANKED:
        assert getattr(student, name) in ("", None), name
    # What the reports count stays.
    for name in retention.KEPT_FOR_REPORTS:
        assert getattr(student, name) == getattr(left, name), name
    assert student.version == left.version + 1
    # The candidacy's facts stay, its texts go.
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.closed_on, candidate.exit_kind) == (
        Candidate.Stage.EXITED,
        LEFT_ON,
        "moved",
    )
    assert candidate.close_reason == ""
    nomination = Nomination.objects.get(candidate=candidate)
    assert (nomination.reason, nomination.achievements) == ("", "")
    consultation = Consultation.objects.get(candidate=candidate)
    assert (consultation.body, consultation.strengths, consultation.agreed) == ("", "", 10)
    item = DossierItem.objects.get(candidate=candidate)
    assert (item.note, item.scan.name) == ("", "")
    assert not os.path.exists(scan)
    consent = Consent.objects.get(student=student)
    assert (consent.guardian_name, consent.note, consent.on) == ("", "", date(2025, 9, 10))


def test_the_history_keeps_what_happened_not_the_values(left, secretary, branch):
    candidate = left.candidacies.get()
    mine = Event.objects.filter(student=left) | Event.objects.filter(candidate=candidate)
    before = {e.pk: e for e in mine}
    edit = next(e for e in before.values() if e.kind == "student_changed")
    assert edit.changes["residence"][1] == "15 Lê Lợi, An Hải"
    services.student_anonymise(student=left, actor=secretary, on=DUE_ON)
    placeholder = f"Học sinh ẩn danh {left.pk}"
    for event in Event.objects.filter(pk__in=before):
        old = before[event.pk]
        assert set(event.changes) == set(old.changes)
        assert all(values == [None, None] for values in event.changes.values())
        assert event.reason == ""
        assert NAME not in event.summary
        assert event.summary == old.summary.replace(NAME, placeholder)
        assert (event.at, event.kind, event.actor_id) == (old.at, old.kind, old.actor_id)
    (done,) = Event.objects.filter(student=left, kind="anonymised")
    assert done.actor == secretary
    assert done.summary == "Ẩn danh hoá dữ liệu cá nhân (hết thời hạn lưu giữ 24 tháng)"
    # The exception is the anonymisation's alone: events are still never changed or deleted.
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(student=left).update(reason="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(student=left).delete()
    with pytest.raises(AppendOnlyError):
        done.save()
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(student=left).update(note="x")


def test_the_access_log_holds_no_name_of_the_student(left, secretary, branch):
    assert AccessLog.objects.filter(subject__contains=NAME).exists()
    assert AccessLog.objects.filter(subject__contains="bich-van").exists()
    entries = AccessLog.objects.count()
    services.student_anonymise(student=left, actor=secretary, on=DUE_ON)
    assert AccessLog.objects.count() == entries  # who looked, and when, stays
    for entry in AccessLog.objects.all():
        assert NAME not in entry.subject and "bich-van" not in entry.subject


def test_issued_documents_keep_their_bytes(left, secretary, branch):
    document = IssuedDocument.objects.create(
        branch=branch,
        kind="source-list",
        type_code="DS",
        sequence=1,
        number="01-DS/CB",
        title="Danh sách quần chúng ưu tú",
        issued_on=date(2025, 12, 1),
        issued_by=secretary,
        candidate=left.candidacies.get(),
        pdf=f"%PDF {NAME}".encode(),
        xlsx=NAME.encode(),
        docx=NAME.encode(),
    )
    services.student_anonymise(student=left, actor=secretary, on=DUE_ON)
    document.refresh_from_db()
    assert (bytes(document.pdf), bytes(document.xlsx), bytes(document.docx)) == (
        f"%PDF {NAME}".encode(),
        NAME.encode(),
        NAME.encode(),
    )


@pytest.mark.parametrize(
    "period",
    [
        period_of(2025),
        # 28/02/2026: she is 17 (18 on 14/03/2026); born on 01/01/2008 she would have been
        # counted among the grade 12 students aged 18.
        period_of(2026, "custom", date(2026, 1, 1), date(2026, 2, 28)),
    ],
    ids=["2025", "January-February 2026"],
)
def test_a_past_periods_figures_are_the_same_after_anonymising(
    left, secretary, branch, class_12a1, period
):
    _left(StudentFactory(school_class=class_12a1, gender=Student.Gender.MALE), secretary)
    before = figures(branch, period)
    assert before.school["students"] >= 2
    services.students_anonymise(branch=branch, actor=secretary, on=DUE_ON)
    assert Event.objects.filter(kind="anonymised").count() == 2
    assert figures(branch, period) == before


# --- the command -----------------------------------------------------------------------------


def test_the_command_lists_then_anonymises_once(left, branch, capsys):
    with time_machine.travel(DUE_ON):
        call_command("anonymise_students", "--dry-run")
        listed = capsys.readouterr().out
        assert f"Học sinh {left.pk}, lớp 12A1" in listed and "20/11/2025" in listed
        assert "20/11/2027" in listed
        assert NAME not in listed
        assert Student.objects.get(pk=left.pk).full_name == NAME
        assert not Event.objects.filter(kind="anonymised").exists()

        call_command("anonymise_students", "--branch", str(branch.pk))
        assert "Đã ẩn danh hoá: 1 học sinh." in capsys.readouterr().out
        (done,) = Event.objects.filter(kind="anonymised")
        assert done.actor is None

        call_command("anonymise_students")
        assert "Đã ẩn danh hoá: 0 học sinh." in capsys.readouterr().out
    assert Event.objects.filter(kind="anonymised").count() == 1


def test_the_command_does_nothing_before_the_day(left, capsys):
    with time_machine.travel(date(2027, 11, 19)):
        call_command("anonymise_students")
    assert "0 học sinh" in capsys.readouterr().out
    assert Student.objects.get(pk=left.pk).full_name == NAME


# --- the page --------------------------------------------------------------------------------

URL = reverse("candidates:retention")


def test_the_page_lists_who_is_due(login, left, secretary):
    with time_machine.travel(DUE_ON):  # signed in on that day: the idle time counts
        html = login(secretary).get(URL).content.decode()
    assert "24 tháng" in html
    assert NAME in html and "12A1" in html and "Chuyển trường" in html
    assert "20/11/2025" in html and "20/11/2027" in html
    assert "Ẩn danh hoá 1 học sinh" in html
    assert "Tôi hiểu việc này không thể hoàn tác" in html


def test_the_committee_reads_the_list_but_cannot_anonymise(login, left, committee_member):
    with time_machine.travel(DUE_ON):
        client = login(committee_member)
        html = client.get(URL).content.decode()
        assert NAME in html and 'data-testid="anonymise-form"' not in html
        data = {"students": str(left.pk), "confirm": "on"}
        assert client.post(URL, data).status_code == 403
    assert Student.objects.get(pk=left.pk).full_name == NAME


def test_the_secretary_must_tick_that_it_cannot_be_undone(login, left, secretary):
    with time_machine.travel(DUE_ON):
        response = login(secretary).post(URL, {"students": str(left.pk)})
    assert response.status_code == 400
    assert Student.objects.get(pk=left.pk).full_name == NAME


def test_the_form_sent_twice_anonymises_once(login, left, secretary):
    data = {"students": str(left.pk), "confirm": "on"}
    with time_machine.travel(DUE_ON):
        client = login(secretary)
        first = client.post(URL, data, follow=True)
        assert "Đã ẩn danh hoá dữ liệu cá nhân của 1 học sinh." in first.content.decode()
        again = client.post(URL, data, follow=True)
    html = again.content.decode()
    assert "Không còn ai đến hạn: không có gì thay đổi." in html
    assert "Hôm nay không có học sinh nào đến hạn ẩn danh hoá." in html
    assert Event.objects.filter(kind="anonymised").count() == 1


def test_only_the_students_the_page_showed_are_anonymised(
    login, left, secretary, class_12a1, branch
):
    other = StudentFactory(school_class=class_12a1)
    _left(other, secretary)
    with time_machine.travel(DUE_ON):
        login(secretary).post(URL, {"students": str(left.pk), "confirm": "on"})
        assert _due(branch, DUE_ON) == [other.pk]


def test_the_pages_queries_do_not_grow_with_the_students_due(login, secretary, class_12a1, branch):
    def queries():
        with time_machine.travel(DUE_ON):
            client = login(secretary)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(URL).status_code == 200
        return len(ctx)

    _left(StudentFactory(school_class=class_12a1), secretary)
    one = queries()
    for _ in range(3):
        _left(StudentFactory(school_class=class_12a1), secretary)
    assert queries() == one


def test_the_pages_of_an_anonymised_student_still_open(login, left, secretary):
    services.student_anonymise(student=left, actor=secretary, on=DUE_ON)
    client = login(secretary)
    placeholder = f"Học sinh ẩn danh {left.pk}"
    student_page = client.get(reverse("candidates:student_detail", args=[left.pk]))
    candidate_page = client.get(reverse("candidates:detail", args=[left.candidacies.get().pk]))
    for response in (student_page, candidate_page):
        html = response.content.decode()
        assert response.status_code == 200
        assert placeholder in html and NAME not in html
        assert "Ẩn danh hoá dữ liệu cá nhân (hết thời hạn lưu giữ 24 tháng)" in html
        assert "15 Lê Lợi" not in html


def test_an_anonymised_student_cannot_be_nominated_again(login, left, secretary):
    student_page = reverse("candidates:student_detail", args=[left.pk])
    assert 'data-testid="nominate"' in login(secretary).get(student_page).content.decode()
    services.student_anonymise(student=left, actor=secretary, on=DUE_ON)
    client = login(secretary)
    assert 'data-testid="nominate"' not in client.get(student_page).content.decode()
    with pytest.raises(services.DomainError, match="ẩn danh"):
        services.candidate_nominate(student=left, author=secretary, kind="committee")
    response = client.get(reverse("candidates:nominate", args=[left.pk]))
    token = response.context["form"]["token"].value()
    refused = client.post(
        reverse("candidates:nominate", args=[left.pk]), {"token": token, "reason": "Xuất sắc"}
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "không thể giới thiệu lại" in html
    assert "Xuất sắc" in html  # what was typed is kept
    assert left.candidacies.count() == 1
