"""The demo follows the day it is loaded: its school year, its plans, its candidates' dates.

`seed_demo` runs on days spread over the school year — its first day, the autumn, the season of
admissions, the summer after grade 12 has left, the next school year — and what a new user
sees first is checked with the real services, selectors and pages.
"""

from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse

from candidates import rules, services
from candidates.models import (
    BranchMeeting,
    Candidate,
    Ceremony,
    Decision,
    Event,
    Recognition,
    SchoolClass,
    Student,
)
from demo.pipeline import CAST
from demo.seed import DEMO_PASSWORD
from plans.models import AnnualPlan

Stage = Candidate.Stage
# day → the school year running that day (1 September to 31 August)
DAYS = {
    date(2026, 9, 1): "2026-2027",
    date(2026, 12, 1): "2026-2027",
    date(2027, 3, 15): "2026-2027",
    date(2027, 8, 1): "2026-2027",
    date(2027, 9, 10): "2027-2028",
}
# The only warnings of the demo, each deliberate (see demo/pipeline.py).
DELIBERATE_WARNINGS = {("Phan Hữu Nghĩa", "R2")}


@pytest.fixture(scope="module", params=list(DAYS), ids=str)
def loaded_on(request, django_db_setup, django_db_blocker):
    """The demo loaded once for each of DAYS (rolled back after that day's tests)."""
    travel = time_machine.travel(request.param, tick=False)
    with django_db_blocker.unblock(), travel, transaction.atomic():
        call_command("seed_demo")
        yield request.param
        transaction.set_rollback(True)


@pytest.fixture
def today(loaded_on, db):
    """The day the demo was loaded; the test runs on that day too."""
    return loaded_on


def test_every_class_is_of_the_school_year_running_that_day(today):
    assert set(SchoolClass.objects.values_list("school_year", flat=True)) == {DAYS[today]}
    grade12 = Student.objects.filter(candidacies__isnull=False, school_class__grade=12)
    assert grade12.exists()
    assert {s.school_class.school_year for s in grade12} == {DAYS[today]}


def test_the_plans_are_this_year_with_its_target_of_07_and_last_year(today):
    plans = {p.year: p for p in AnnualPlan.objects.all()}
    assert set(plans) == {today.year - 1, today.year}
    assert plans[today.year].target_admissions == 7
    assert plans[today.year].title.endswith(f"năm {today.year}")
    assert plans[today.year].issued_on <= today


def test_the_overview_shows_this_years_plan_and_some_progress(today, client):
    client.post(reverse("login"), {"username": "bithu", "password": DEMO_PASSWORD})
    page = client.get(reverse("home")).content.decode()
    assert f"Kế hoạch phát triển đảng viên trong học sinh năm {today.year}" in page
    assert "/07" in page  # the progress against the target
    # Two admitted this calendar year (unless it has only just begun).
    assert Ceremony.objects.filter(held_on__year=today.year).count() == 2


def test_each_candidate_page_shows_only_the_findings_listed_in_the_cast(today):
    shown = {}
    for part in CAST:
        candidate = Candidate.objects.get(student__full_name=part.name)
        findings, deadlines = services.candidate_status(candidate)
        shown[part.name] = sorted(f.code for f in findings)
        assert shown[part.name] == sorted(part.expected), part.name
        # Every deadline still ahead: nothing is late in the demo.
        assert not [text for _label, _when, text in deadlines if "đã quá" in text], part.name
    warnings = set()
    for part in CAST:
        findings, _deadlines = services.candidate_status(
            Candidate.objects.get(student__full_name=part.name)
        )
        warnings |= {(part.name, f.code) for f in findings if not f.blocks}
    assert warnings == DELIBERATE_WARNINGS


def test_candidates_are_spread_over_the_pipeline(today):
    assert set(Candidate.objects.values_list("stage", flat=True)) == set(Stage.values)
    # Grade 12 students who turn 18 in the school year: some already have, some will.
    pipeline = Candidate.objects.filter(stage__in=[Stage.SOURCE, Stage.MENTORED, Stage.DOSSIER])
    adults = [rules.eighteenth_birthday(c.student.date_of_birth) for c in pipeline]
    assert all(c.planned_vote_on >= a for c, a in zip(pipeline, adults, strict=True))


def test_no_step_is_dated_after_today_and_no_rule_was_overridden(today):
    planned = {"planned_vote_on", "ends_on"}  # a plan, not a step: may lie ahead
    for model in apps.get_app_config("candidates").get_models():
        for field in model._meta.fields:
            if field.get_internal_type() == "DateField" and field.name not in planned:
                latest = model.objects.aggregate(latest=models.Max(field.name))["latest"]
                assert latest is None or latest <= today, (model.__name__, field.name)
    assert not Event.objects.filter(kind="override").exists()


def test_every_recorded_step_kept_its_deadline(today):
    settings = services.rule_settings(Candidate.objects.first().branch)
    for decision in Decision.objects.all():
        resolved_on = services.admission_resolution_date(decision.candidate)
        assert rules.check_r14_decision(resolved_on, decision.issued_on, today) == []
    for ceremony in Ceremony.objects.select_related("candidate__decision"):
        received = ceremony.candidate.decision.received_on
        assert rules.check_r15_ceremony(received, ceremony.held_on, "", today) == []
    for recognition in Recognition.objects.select_related("candidate__ceremony"):
        held = recognition.candidate.ceremony.held_on
        assert rules.check_r16_recognition(held, recognition.resolution_on) == []
    for meeting in BranchMeeting.objects.filter(purpose=BranchMeeting.Purpose.ADMISSION):
        for vote in meeting.votes.all():
            # Certificate valid, papers fresh, everyone 18: nothing to say on the day.
            assert services.vote_findings(vote.candidate, meeting.held_on, settings) == []


def test_document_numbers_follow_the_dates(today):
    resolutions = sorted(BranchMeeting.objects.values_list("resolution_number", "held_on"))
    assert len({number for number, _day in resolutions}) == len(resolutions)
    assert [day for _number, day in resolutions] == sorted(day for _n, day in resolutions)
    decisions = list(Decision.objects.values_list("number", flat=True))
    decisions += list(Recognition.objects.values_list("decision_number", flat=True))
    assert len(set(decisions)) == len(decisions)
