"""Closing a school year: the graduates leave, their candidacies end, R19 counts from the day."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from candidates import findings, services
from candidates.models import Candidate, Event, SchoolClass, Student
from tests.factories import SchoolClassFactory, StudentFactory

from .pipeline import accepted, refresh

GRADUATION = date(2026, 6, 5)
URL = reverse("candidates:school_year_close")


@pytest.fixture
def year(branch, secretary, class_12a1, teacher_12a1, roster):
    """12A1 (2025-2026) with a source-list candidate and a student outside the pipeline, and
    11A1 (2025-2026), whose student stays."""
    grade11 = SchoolClassFactory(branch=branch, name="11A1", grade=11, homeroom_teacher=None)
    staying = StudentFactory(school_class=grade11, full_name="Lê Văn Ở Lại")
    outside = StudentFactory(school_class=class_12a1, full_name="Phạm Thị Ra Trường")
    candidate = accepted(
        StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An"), secretary
    )
    return {"candidate": candidate, "outside": outside, "staying": staying}


def test_the_committee_sees_what_closing_would_do(login, secretary, year):
    response = login(secretary).get(URL, {"school_year": "2025-2026"})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["graduates"].count() == 2
    assert [c.pk for c in summary["ending"]] == [year["candidate"].pk]
    assert summary["homerooms"].count() == 1
    assert not Event.objects.filter(kind="school_year_closed").exists()


def test_closing_the_year_marks_the_graduates_and_ends_their_candidacies(
    login, secretary, year, class_12a1
):
    response = login(secretary).post(
        URL, {"school_year": "2025-2026", "graduated_on": "2026-06-05"}
    )
    assert response.status_code == 302
    candidate = refresh(year["candidate"])
    assert (candidate.stage, candidate.exit_kind) == (Candidate.Stage.EXITED, "graduated")
    assert candidate.closed_on == GRADUATION
    assert Student.objects.get(pk=year["outside"].pk).left_school_on == GRADUATION
    assert Student.objects.get(pk=year["staying"].pk).left_school_on is None
    assert SchoolClass.objects.get(pk=class_12a1.pk).homeroom_teacher is None
    assert Event.objects.filter(kind="school_year_closed").count() == 1
    again = login(secretary).post(URL, {"school_year": "2025-2026", "graduated_on": "2026-06-05"})
    assert again.status_code == 400  # nothing left to close
    assert "không còn gì" in again.content.decode()


def test_only_the_secretary_closes_a_year(login, committee_member, year):
    response = login(committee_member).post(
        URL, {"school_year": "2025-2026", "graduated_on": "2026-06-05"}
    )
    assert response.status_code == 403
    assert refresh(year["candidate"]).is_open


def test_a_probationary_members_transfer_deadline_counts_from_the_graduation(
    branch, secretary, class_12a1
):
    student = StudentFactory(school_class=class_12a1)
    candidate = accepted(student, secretary)
    Candidate.objects.filter(pk=candidate.pk).update(stage=Candidate.Stage.PROBATIONARY)
    services.school_year_close(
        branch=branch, actor=secretary, school_year="2025-2026", graduated_on=GRADUATION
    )
    student.refresh_from_db()
    settings = findings.rule_settings(branch)
    assert findings.left_school_on(student, settings) == GRADUATION
    assert refresh(candidate).is_open  # a probationary member stays, to be transferred


def test_the_dashboard_offers_to_close_a_year_that_has_ended(login, secretary, year):
    with time_machine.travel(date(2026, 6, 1), tick=False):  # the day after 31/05
        assert 'data-testid="todo-close-year"' in login(secretary).get("/").content.decode()
    with time_machine.travel(date(2026, 5, 31), tick=False):  # its last day
        assert 'data-testid="todo-close-year"' not in login(secretary).get("/").content.decode()
