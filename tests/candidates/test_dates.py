"""Dates are the user's: nomination and acceptance carry the day the user gives (today by
default); no step is dated before the step it follows, and none after today."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from candidates import services
from candidates.models import Candidate, Event, Nomination
from tests.factories import StudentFactory

from .pipeline import refresh

Stage = Candidate.Stage
TODAY = date(2026, 5, 4)


@pytest.fixture
def in_may(db):
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def an(class_12a1):
    return StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An")


def nominate(student, author, on=None):
    return services.candidate_nominate(student=student, author=author, kind="committee", on=on)


def accept(secretary, candidate, on):
    candidate = refresh(candidate)
    return services.candidate_accept(
        candidate=candidate, actor=secretary, version=candidate.version, on=on
    )


# --- the user's dates ----------------------------------------------------------------------


def test_the_nomination_form_carries_its_date_today_by_default(in_may, login, teacher_12a1, an):
    client = login(teacher_12a1)
    url = reverse("candidates:nominate", args=[an.pk])
    assert client.get(url).context["form"]["on"].value() == TODAY
    response = client.post(url, {"on": "2026-04-20", "reason": "Gương mẫu"})
    assert response.status_code == 302
    candidate = Candidate.objects.get(student=an)
    assert candidate.opened_on == candidate.nominations.get().nominated_on == date(2026, 4, 20)


def test_a_nomination_left_undated_is_dated_today(in_may, login, teacher_12a1, an):
    login(teacher_12a1).post(reverse("candidates:nominate", args=[an.pk]), {"reason": "Tốt"})
    assert Candidate.objects.get(student=an).opened_on == TODAY


def test_an_earlier_second_nomination_opens_the_candidacy_earlier(in_may, secretary, an):
    nominate(an, secretary, date(2026, 4, 20))
    candidate = nominate(an, secretary, date(2026, 4, 2))
    assert candidate.opened_on == date(2026, 4, 2)
    assert sorted(Nomination.objects.values_list("nominated_on", flat=True)) == [
        date(2026, 4, 2),
        date(2026, 4, 20),
    ]


def test_the_committee_accepts_on_the_day_it_gives(in_may, login, secretary, an):
    candidate = nominate(an, secretary, date(2026, 4, 1))
    client = login(secretary)
    page = client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert page.context["accept_form"]["on"].value() == TODAY
    url = reverse("candidates:accept", args=[candidate.pk])
    response = client.post(url, {"version": candidate.version, "on": "2026-04-15"})
    assert response.status_code == 302
    assert refresh(candidate).source_since == date(2026, 4, 15)


def test_the_pending_list_accepts_with_a_date(in_may, login, secretary, an):
    nominate(an, secretary, date(2026, 4, 1))
    html = login(secretary).get(reverse("candidates:pending")).content.decode()
    field = html[html.index('name="on"') :].split(">", 1)[0]
    assert 'value="04/05/2026"' in field and "data-ptdv-date" in field  # dd/mm/yyyy, today


# --- no step before the step it follows (the day before, of and after) ----------------------


@pytest.mark.parametrize(
    ("on", "allowed"),
    [(date(2026, 3, 31), False), (date(2026, 4, 1), True), (date(2026, 4, 2), True)],
)
def test_no_acceptance_before_the_nomination(in_may, secretary, an, on, allowed):
    candidate = nominate(an, secretary, date(2026, 4, 1))
    if allowed:
        assert accept(secretary, candidate, on).source_since == on
        return
    with pytest.raises(services.DomainError) as refusal:
        accept(secretary, candidate, on)
    assert "31/03/2026" in refusal.value.message and "01/04/2026" in refusal.value.message
    assert refresh(candidate).stage == Stage.NOMINATED


@pytest.mark.parametrize(
    ("on", "allowed"),
    [(date(2025, 9, 30), False), (date(2025, 10, 1), True), (date(2025, 10, 2), True)],
)
def test_no_registration_before_the_acceptance(secretary, source, course, on, allowed):
    if allowed:
        services.course_register(course=course, candidates=[source], actor=secretary, on=on)
        assert refresh(source).stage == Stage.AWARENESS
    else:
        with pytest.raises(services.DomainError, match="01/10/2025"):
            services.course_register(course=course, candidates=[source], actor=secretary, on=on)
        assert not refresh(source).attendances.exists()


@pytest.mark.parametrize(
    ("issued_on", "allowed"),
    [(date(2025, 11, 2), False), (date(2025, 11, 3), True), (date(2025, 11, 4), True)],
)
def test_no_certificate_before_the_course_starts(secretary, source, course, issued_on, allowed):
    services.course_register(
        course=course, candidates=[source], actor=secretary, on=date(2025, 10, 20)
    )
    attendance = refresh(source).attendances.get()
    certify = {"attendance": attendance, "actor": secretary, "number": "1", "issuer": ""}
    if allowed:
        services.course_certify(issued_on=issued_on, **certify)
        return
    with pytest.raises(services.DomainError, match="03/11/2025"):
        services.course_certify(issued_on=issued_on, **certify)


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [(date(2026, 4, 12), False), (date(2026, 4, 13), True), (date(2026, 4, 14), True)],
)
def test_no_ceremony_before_the_decision_is_received(secretary, decided, held_on, allowed):
    record = {"candidate": decided, "actor": secretary, "version": decided.version}
    if allowed:
        services.ceremony_record(held_on=held_on, **record)
        assert refresh(decided).stage == Stage.PROBATIONARY
        return
    with pytest.raises(services.DomainError) as refusal:
        services.ceremony_record(held_on=held_on, force_reason="Vẫn tổ chức", **record)
    assert "12/04/2026" in refusal.value.message and "13/04/2026" in refusal.value.message
    assert refresh(decided).stage == Stage.DECIDED
    assert not Event.objects.filter(candidate=decided, kind="override").exists()


@pytest.mark.parametrize(
    ("issued_on", "allowed"),
    [(date(2026, 3, 19), False), (date(2026, 3, 20), True), (date(2026, 3, 21), True)],
)
def test_no_decision_before_the_vote(secretary, resolved, issued_on, allowed):
    record = {"candidate": resolved, "actor": secretary, "version": resolved.version}
    record.update(number="1", received_on=date(2026, 3, 25), issuer=resolved.branch.committee)
    if allowed:
        services.decision_record(issued_on=issued_on, **record)
        return
    with pytest.raises(services.DomainError, match="20/03/2026"):
        services.decision_record(issued_on=issued_on, **record)


def test_no_vote_before_the_acceptance(branch, secretary, ready):
    with pytest.raises(services.DomainError, match="01/10/2025"):
        services.meeting_record(
            branch=branch,
            actor=secretary,
            purpose="admission",
            held_on=date(2025, 9, 30),
            method="secret",
            present_official=9,
            present_probationary=1,
            votes=[{"candidate": ready, "votes_for": 9}],
            force_reason="Vẫn họp",
        )


# --- none after today (today allowed, tomorrow refused) ---------------------------------


@pytest.mark.parametrize(("on", "allowed"), [(TODAY, True), (date(2026, 5, 5), False)])
def test_no_acceptance_after_today(in_may, secretary, an, on, allowed):
    candidate = nominate(an, secretary, date(2026, 4, 1))
    if allowed:
        accept(secretary, candidate, on)
        return
    with pytest.raises(services.DomainError) as refusal:
        accept(secretary, candidate, on)
    assert "05/05/2026" in refusal.value.message and "04/05/2026" in refusal.value.message


@pytest.mark.parametrize(("on", "allowed"), [(TODAY, True), (date(2026, 5, 5), False)])
def test_no_nomination_after_today(in_may, secretary, an, on, allowed):
    if allowed:
        nominate(an, secretary, on)
        return
    with pytest.raises(services.DomainError, match="05/05/2026"):
        nominate(an, secretary, on)
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(("on", "allowed"), [(TODAY, True), (date(2026, 5, 5), False)])
def test_no_ceremony_after_today(in_may, secretary, decided, on, allowed):
    record = {"candidate": decided, "actor": secretary, "version": decided.version}
    if allowed:
        services.ceremony_record(held_on=on, **record)
        return
    with pytest.raises(services.DomainError, match="05/05/2026"):
        services.ceremony_record(held_on=on, **record)


def test_a_step_dated_tomorrow_is_refused_on_the_page_with_the_input_kept(
    in_may, login, secretary, decided
):
    url = reverse("candidates:step_ceremony", args=[decided.pk])
    response = login(secretary).post(url, {"version": decided.version, "held_on": "2026-05-05"})
    assert response.status_code == 400
    form = dict(response.context["step_cards"])
    ceremony = next(f for step, f in form.items() if step.key == "ceremony")
    assert ceremony["held_on"].value() == "2026-05-05"
    assert "05/05/2026" in " ".join(ceremony.non_field_errors())
