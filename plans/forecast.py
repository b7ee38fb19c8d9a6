"""Will the branch reach its target this year? The forecast of a year's admissions.

`forecast(branch, year, on)` reads the records as of the day `on`: who already has an admission
decision dated in `year` (admitted), which open candidates can still get one (reachable: each
with the day the branch can vote at the earliest, the last day it still can, and what they
lack), and which cannot (not_this_year: each with the reason and the date that decides it).
Steps not yet dated take the durations of the branch's rule settings (docs/forecast.md).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from candidates import findings, rules
from candidates.models import Candidate
from candidates.text import day

from .models import AnnualPlan

Stage = Candidate.Stage
# The papers and checks of the dossier that the vote waits for (findings of vote_findings).
DOSSIER_CODES = {"HS", "R8", "R9", "R10"}


@dataclass
class Outlook:
    """One open candidate's way to a decision dated in the year."""

    candidate: Candidate
    earliest_vote: date | None  # None once the branch has voted
    last_vote: date | None
    expected_decision: date
    lacks: list[str] = field(default_factory=list)
    reason: str = ""  # why not this year; "" when reachable
    deciding_date: date | None = None  # the date that decides it

    @property
    def slack(self) -> int:
        """Days to spare between the earliest and the last day to vote (urgency: fewest)."""
        if self.earliest_vote is None or self.last_vote is None:
            return (self.expected_decision - date(self.expected_decision.year, 1, 1)).days
        return (self.last_vote - self.earliest_vote).days


@dataclass
class Forecast:
    year: int
    on: date
    target: int
    admitted: list[Candidate]
    reachable: list[Outlook]
    not_this_year: list[Outlook]

    @property
    def short_by(self) -> int:
        """How many the target still misses if every reachable candidate makes it."""
        return max(0, self.target - len(self.admitted) - len(self.reachable))


def forecast(branch, year: int, on: date) -> Forecast:
    """The year's admissions for `branch` as the records stand on `on`."""
    return forecast_of(counted(branch), branch, year, on, findings.rule_settings(branch))


def counted(branch):
    """The candidacies a forecast reads, with their records loaded (a fixed number of queries):
    all but the declined and those who left before an admission decision (one who leaves after
    it, transferred during probation, stays admitted in the decision's year, as in the reports)."""
    return findings.with_pipeline(
        Candidate.objects.filter(Q(exit_kind="") | Q(decision__isnull=False), branch=branch)
        .exclude(stage=Stage.DECLINED)
        .order_by("student__sort_name", "pk")
    )


def forecast_of(candidates, branch, year, on, settings) -> Forecast:
    """The forecast from candidacies already loaded by `counted`."""
    plan = AnnualPlan.objects.filter(branch=branch, year=year).first()
    admitted, reachable, not_this_year = [], [], []
    for candidate in candidates:
        decision = getattr(candidate, "decision", None)
        if decision is not None:
            if decision.issued_on.year == year:
                admitted.append(candidate)
            continue
        if not candidate.is_open:
            continue
        outlook = outlook_of(candidate, year, on, settings)
        (not_this_year if outlook.reason else reachable).append(outlook)
    reachable.sort(key=lambda o: (o.slack, o.earliest_vote or o.expected_decision))
    not_this_year.sort(key=lambda o: (o.deciding_date or date.max, o.candidate.pk))
    return Forecast(
        year=year,
        on=on,
        target=plan.target_admissions if plan else 0,
        admitted=admitted,
        reachable=reachable,
        not_this_year=not_this_year,
    )


def outlook_of(candidate, year, on, settings) -> Outlook:
    """When an open candidate without a decision can be voted on and decided, and what for."""
    days_off = settings.extra_days_off
    year_end = date(year, 12, 31)
    resolved_on = findings.admission_resolution_date(candidate)
    if resolved_on is not None:
        expected = max(
            rules.add_working_days(resolved_on, settings.forecast_decision_working_days, days_off),
            on,
        )
        outlook = Outlook(candidate, None, None, expected, [_("The admission decision")])
        if expected > year_end:
            outlook.reason = _("The decision is expected on %(date)s, in the next year.") % {
                "date": day(expected)
            }
            outlook.deciding_date = expected
        return outlook
    student = candidate.student
    last_vote = min(findings.left_school_on(student, settings), year_end)
    lacks, ready = [], [on]
    if candidate.stage == Stage.NOMINATED:
        lacks.append(_("Acceptance into the source list"))
    adult = rules.eighteenth_birthday(student.date_of_birth) if student.date_of_birth else on
    if adult > on:
        lacks.append(_("18 full years on %(date)s") % {"date": day(adult)})
        ready.append(adult)
    issued, last_valid = certificate(candidate, settings)
    vote_blocks = [f for f in findings.vote_findings(candidate, on, settings) if f.blocks]
    dossier = sorted({f.code for f in vote_blocks if f.code in DOSSIER_CODES})
    if dossier:
        lacks.append(_("The dossier (%(codes)s)") % {"codes": ", ".join(dossier)})
        ready.append(rules.add_working_days(on, settings.forecast_dossier_working_days, days_off))
    earliest = max(ready)
    if issued is None or last_valid < earliest:
        # A certificate must still be valid on the day of the vote (R4, R5).
        lacks.append(_("The awareness-class certificate (valid on the day of the vote)"))
        earliest = max(earliest, on + timedelta(days=settings.forecast_course_days))
    else:
        earliest = max(earliest, issued)
    lacks.append(_("The branch's vote"))
    expected = rules.add_working_days(earliest, settings.forecast_decision_working_days, days_off)
    outlook = Outlook(candidate, earliest, last_vote, expected, lacks)
    if last_vote < on:
        outlook.reason = _("Left school on %(date)s.") % {"date": day(last_vote)}
        outlook.deciding_date = last_vote
    elif adult > last_vote:
        outlook.reason = _(
            "Turns 18 on %(adult)s, after the last day the branch can vote on them (%(last)s)."
        ) % {"adult": day(adult), "last": day(last_vote)}
        outlook.deciding_date = adult
    elif earliest > last_vote:
        outlook.reason = _(
            "The missing steps take until %(date)s at the earliest, after the last day the "
            "branch can vote on them (%(last)s)."
        ) % {"date": day(earliest), "last": day(last_vote)}
        outlook.deciding_date = earliest
    elif expected > year_end:
        outlook.reason = _("The decision is expected on %(date)s, in the next year.") % {
            "date": day(expected)
        }
        outlook.deciding_date = expected
    return outlook


def certificate(candidate, settings):
    """(issued, last valid day) of the candidate's latest certificate, or (None, None)."""
    issued = max(
        (
            a.certificate_issued_on
            for a in findings.rows(candidate, "attendances")
            if a.certificate_issued_on
        ),
        default=None,
    )
    if issued is None:
        return None, None
    return issued, rules.certificate_last_valid_day(issued, settings)
