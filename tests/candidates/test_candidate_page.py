"""The candidate page as a place to act: the one next step on top, the forms of the other steps
folded, and a refused form opened with its message on top of the page."""

import re
from datetime import date

import pytest
from django.urls import reverse

from candidates import services
from candidates.models import BranchMeeting, PartyMember
from tests.factories import StudentFactory

from .pipeline import refresh


def detail(candidate):
    return reverse("candidates:detail", args=[candidate.pk])


def next_step(client, candidate):
    return client.get(detail(candidate)).context["next_step"]


def unfolded(html):
    """The ids of the step cards shown open."""
    return re.findall(r'<details class="card[^"]*" id="([^"]+)"[^>]* open>', html)


def test_a_nomination_leads_the_committee_to_its_answer(login, secretary, class_12a1):
    student = StudentFactory(school_class=class_12a1)
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    step = next_step(login(secretary), candidate)
    assert step["href"] == "#answer" and step["title"] == "Trả lời việc giới thiệu"


def test_the_source_list_leads_to_the_courses(login, secretary, source):
    assert next_step(login(secretary), source)["href"] == reverse("candidates:course_list")


def test_a_registered_candidate_leads_to_the_certificates_then_to_a_mentor(
    login, secretary, source, course
):
    services.course_register(
        course=course, candidates=[source], actor=secretary, on=date(2025, 10, 20)
    )
    client = login(secretary)
    certify = reverse("candidates:course_certify", args=[course.pk])
    assert next_step(client, source)["href"] == certify
    services.course_certify(
        attendance=refresh(source).attendances.get(),
        actor=secretary,
        number="125",
        issued_on=date(2025, 11, 10),
        issuer="",
    )
    assert next_step(client, source)["href"] == "#step-mentor"
    html = client.get(detail(source)).content.decode()
    assert unfolded(html) == ["step-mentor"]  # the other forms are folded, the exit's too


def test_a_complete_dossier_leads_to_the_branch_meeting(login, secretary, ready):
    step = next_step(login(secretary), ready)
    assert step["title"] == "Họp chi bộ xét kết nạp"
    assert step["href"] == reverse("candidates:meeting_create") + "?purpose=admission"


def test_a_missing_paper_is_named_in_the_next_step(login, secretary, ready):
    services.dossier_item_set(
        candidate=ready, actor=secretary, version=ready.version, code="5-KNĐ", status="missing"
    )
    step = next_step(login(secretary), refresh(ready))
    assert step["href"] == "#dossier" and "5-KNĐ" in step["text"]


def test_after_the_vote_the_decision_is_next_with_its_deadline(login, secretary, branch, ready):
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=BranchMeeting.Purpose.ADMISSION,
        held_on=date(2026, 3, 20),
        method="secret",
        present_official=6,
        present_probationary=0,
        votes=[{"candidate": ready, "votes_for": 6}],
    )
    client = login(secretary)
    step = next_step(client, refresh(ready))
    assert step["href"] == "#step-decision" and "Hạn có quyết định kết nạp" in step["text"]
    assert unfolded(client.get(detail(ready)).content.decode()) == ["step-decision"]


def test_a_mentor_sees_the_next_step_without_a_link_to_forms_they_cannot_use(
    login, party_member, mentor, ready
):
    step = next_step(login(party_member), ready)
    assert step["title"] == "Họp chi bộ xét kết nạp" and step["href"] == ""


def test_a_refused_step_opens_its_card_and_says_why_on_top(login, secretary, branch, source):
    probationary = PartyMember.objects.get(branch=branch, official_on__isnull=True)  # R6
    url = reverse("candidates:step_mentor", args=[source.pk])
    version = refresh(source).version
    data = {"version": version, "member": probationary.pk, "assigned_on": "20/11/2025"}
    response = login(secretary).post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    top = html.index('data-testid="refused"')
    assert top < html.index('id="next-step"') or 'id="next-step"' not in html
    assert 'href="#step-mentor"' in html[top : top + 600]
    assert "step-mentor" in unfolded(html)
    assert re.search(r'<form [^>]*action="[^"]*/mentor/"[^>]*data-ptdv-refused', html)
    assert 'value="20/11/2025"' in html  # what was typed is kept, as it is written


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_refused_decline_is_opened_at_the_reason(login, secretary, class_12a1, reason):
    student = StudentFactory(school_class=class_12a1)
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    url = reverse("candidates:decline", args=[candidate.pk])
    response = login(secretary).post(url, {"version": candidate.version, "reason": reason})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#decline"' in html and re.search(r'id="decline"[^>]*data-ptdv-refused', html)
