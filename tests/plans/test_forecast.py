"""The forecast of a year's admissions, on constructed cases at their edges.

The branch's school year ends on 31/05; the durations of steps not yet dated are set to 0 so that
each case is decided by the date under test alone (one test checks the durations themselves).
"""

from datetime import date

import pytest
import time_machine

from candidates import services
from candidates.models import RuleConfig
from plans.dashboard import dashboard
from plans.forecast import forecast
from reports.figures import figures
from reports.periods import period_of
from tests.candidates.pipeline import accepted, decide, leave, make_ready, vote
from tests.factories import AnnualPlanFactory, SchoolClassFactory, StudentFactory

ON = date(2026, 3, 1)  # after make_ready's last paper (10/02/2026)


@pytest.fixture
def settings_zero(branch):
    return RuleConfig.objects.create(
        branch=branch,
        school_year_end=date(2026, 5, 31),
        forecast_course_days=0,
        forecast_dossier_working_days=0,
        forecast_decision_working_days=0,
    )


@pytest.fixture
def ready_born(branch, secretary, mentor, course, class_12a1, settings_zero):
    """A candidate of 12A1 (2025-2026) with every paper the vote needs, born on a given day."""

    def make(born, school_class=class_12a1, name="Nguyễn Văn An"):
        student = StudentFactory(school_class=school_class, full_name=name, date_of_birth=born)
        return make_ready(accepted(student, secretary), secretary, mentor, course)

    return make


def names(outlooks):
    return [o.candidate.student.full_name for o in outlooks]


@pytest.mark.parametrize(
    ("born", "reachable"),
    [
        (date(2008, 5, 30), True),  # 18 the day before the school year ends
        (date(2008, 5, 31), True),  # 18 on its last day: the branch can still vote that day
        (date(2008, 6, 1), False),  # 18 the day after: not this year
    ],
)
def test_turning_18_around_the_end_of_the_school_year(branch, ready_born, born, reachable):
    ready_born(born)
    result = forecast(branch, 2026, ON)
    assert bool(result.reachable) is reachable
    assert bool(result.not_this_year) is not reachable
    if reachable:
        outlook = result.reachable[0]
        assert outlook.earliest_vote == date(2026, born.month, born.day)
        assert outlook.last_vote == date(2026, 5, 31)
    else:
        outlook = result.not_this_year[0]
        assert outlook.deciding_date == date(2026, 6, 1)
        assert "01/06/2026" in outlook.reason and "31/05/2026" in outlook.reason


@pytest.mark.parametrize(
    ("issued_on", "admitted_in_2026"),
    [(date(2026, 12, 31), True), (date(2027, 1, 1), False)],
)
@time_machine.travel(date(2027, 1, 2))
def test_a_decision_counts_in_the_year_it_is_dated(
    branch, secretary, ready_born, issued_on, admitted_in_2026
):
    candidate = vote(branch, secretary, ready_born(date(2008, 3, 14)), date(2026, 3, 20))
    decide(secretary, candidate, issued_on)
    on = date(2027, 1, 2)
    assert len(forecast(branch, 2026, on).admitted) == (1 if admitted_in_2026 else 0)
    assert len(forecast(branch, 2027, on).admitted) == (0 if admitted_in_2026 else 1)
    for year in (2026, 2027):  # a decided candidate is nowhere else
        result = forecast(branch, year, on)
        assert result.reachable == [] and result.not_this_year == []


def test_an_exited_candidate_counts_nowhere(branch, secretary, ready_born):
    candidate = ready_born(date(2008, 3, 14))
    services.candidate_exit(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        kind="withdrawn",
        on=date(2026, 2, 20),
        reason="Xin rút",
    )
    result = forecast(branch, 2026, ON)
    assert (result.admitted, result.reachable, result.not_this_year) == ([], [], [])


@pytest.mark.parametrize(
    ("leaves_on", "admitted"),
    [
        (date(2026, 4, 9), False),  # the day before the decision: left before it, nowhere
        (date(2026, 4, 10), True),  # the day of the decision: admitted, then left
        (date(2026, 4, 11), True),  # the day after
    ],
)
@time_machine.travel(date(2026, 12, 1))
def test_who_leaves_after_the_decision_stays_admitted_everywhere(
    branch, secretary, ready_born, leaves_on, admitted
):
    """The forecast, the dashboard's chart and the reports count the same admissions."""
    candidate = vote(branch, secretary, ready_born(date(2008, 3, 14)), date(2026, 3, 20))
    if admitted:
        candidate = decide(secretary, candidate, date(2026, 4, 10))
    leave(secretary, candidate, leaves_on)
    on = date(2026, 12, 1)
    result = forecast(branch, 2026, on)
    count = 1 if admitted else 0
    assert len(result.admitted) == count
    assert (result.reachable, result.not_this_year) == ([], [])
    assert dashboard(branch, on).by_month[3] == count
    assert len(figures(branch, period_of(2026), on).admitted) == count


def test_grade_11_students_wait_for_next_school_year_unless_18_before_the_year_ends(
    branch, ready_born
):
    grade11 = SchoolClassFactory(branch=branch, name="11A1", grade=11)
    ready_born(date(2008, 10, 1), grade11, "Trần Thị Bình")  # 18 on 01/10/2026, in grade 12
    ready_born(date(2009, 1, 15), grade11, "Lê Văn Cường")  # 18 on 15/01/2027
    result = forecast(branch, 2026, ON)
    assert names(result.reachable) == ["Trần Thị Bình"]
    assert result.reachable[0].earliest_vote == date(2026, 10, 1)
    assert result.reachable[0].last_vote == date(2026, 12, 31)
    assert names(result.not_this_year) == ["Lê Văn Cường"]
    assert result.not_this_year[0].deciding_date == date(2027, 1, 15)


@time_machine.travel(date(2026, 12, 11))
def test_a_vote_late_in_december_may_bring_the_decision_into_next_year(
    branch, secretary, ready_born, settings_zero
):
    candidate = vote(branch, secretary, ready_born(date(2008, 3, 14)), date(2026, 12, 10))
    settings_zero.forecast_decision_working_days = 20
    settings_zero.save()
    on = date(2026, 12, 11)
    result = forecast(branch, 2026, on)
    assert names(result.not_this_year) == [candidate.student.full_name]
    assert result.not_this_year[0].deciding_date.year == 2027
    settings_zero.forecast_decision_working_days = 5
    settings_zero.save()
    assert names(forecast(branch, 2026, on).reachable) == [candidate.student.full_name]


def test_missing_steps_take_the_durations_of_the_settings(
    branch, secretary, class_12a1, settings_zero
):
    """A source-list candidate with nothing recorded: a course, then the dossier, then the vote."""
    student = StudentFactory(school_class=class_12a1, date_of_birth=date(2008, 1, 10))
    accepted(student, secretary)
    settings_zero.forecast_course_days = 20
    settings_zero.forecast_dossier_working_days = 30
    settings_zero.save()
    on = date(2026, 4, 1)
    outlook = forecast(branch, 2026, on).reachable[0]
    # The dossier: 30 working days from 01/04/2026, with 30/04 and 01/05 off; the course (20
    # days, 21/04) is done before it.
    assert outlook.earliest_vote == date(2026, 5, 18)
    assert any("giấy chứng nhận" in lack.lower() for lack in outlook.lacks)
    assert any("KNĐ" in lack or "HS" in lack for lack in outlook.lacks)
    # A school year ending before the steps are done: out of reach, and said so.
    settings_zero.school_year_end = date(2026, 5, 15)
    settings_zero.save()
    late = forecast(branch, 2026, on).not_this_year[0]
    assert late.deciding_date == date(2026, 5, 18) and "15/05/2026" in late.reason


def test_short_by_counts_the_target_against_admitted_and_reachable(branch, secretary, ready_born):
    AnnualPlanFactory(branch=branch, year=2026, target_admissions=3)
    decide(secretary, vote(branch, secretary, ready_born(date(2008, 1, 1), name="A"), ON), ON)
    ready_born(date(2008, 2, 1), name="B")
    ready_born(date(2008, 7, 1), name="C")  # 18 after the school year
    result = forecast(branch, 2026, ON)
    assert (result.target, len(result.admitted), len(result.reachable)) == (3, 1, 1)
    assert result.short_by == 1
    AnnualPlanFactory(branch=branch, year=2027, target_admissions=0)
    assert forecast(branch, 2027, ON).short_by == 0  # never below 0
