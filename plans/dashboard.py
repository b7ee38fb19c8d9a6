"""The secretary's first page, as data: the target and the forecast, the funnel, admissions by
month, who is at risk and what to do next. Every figure is read from the records as of `on`, in
a fixed number of queries however many candidates the branch has."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from candidates import findings, rules, steps
from candidates.models import Candidate, SchoolClass
from candidates.text import day

from .forecast import Forecast, certificate, counted, forecast_of
from .selectors import admissions_by_month

Stage = Candidate.Stage
# "Near": a deadline or a step due within this many working days is on the to-do list.
DUE_WORKING_DAYS = 30
# A deadline this close (in working days) or passed puts the candidate at risk.
RISK_WORKING_DAYS = 10


@dataclass
class Item:
    """One line of the at-risk or to-do list: whom it concerns, what, and by when."""

    candidate: Candidate
    text: str
    when: date | None = None
    code: str = ""
    # "warning" (a warning of the candidate page), "deadline" or "forecast".
    kind: str = "deadline"


@dataclass
class Dashboard:
    on: date
    forecast: Forecast
    funnel: list  # (stage, label, count) for the open candidates
    by_month: list  # 12 admissions (decisions) per month of the year
    by_month_last_year: list
    at_risk: list[Item]
    to_do: list[Item]
    waiting: list[Candidate]
    ready_to_vote: list  # the reachable whose earliest vote is near: meetings to hold
    counts: dict  # open candidates: waiting, in the source list, with warnings, in all

    @property
    def at_risk_by_candidate(self) -> list:
        """(candidate, [items]) — one entry per candidate, the most pressing first."""
        grouped = {}
        for item in self.at_risk:
            grouped.setdefault(item.candidate.pk, (item.candidate, []))[1].append(item)
        return list(grouped.values())

    year_to_close: str | None  # a past school year with graduates still to mark as left


def dashboard(branch, on: date) -> Dashboard:
    """The branch's year as of `on`."""
    settings = findings.rule_settings(branch)
    loaded = counted(branch)
    result = forecast_of(loaded, branch, on.year, on, settings)
    candidates = [c for c in loaded if c.is_open]
    at_risk, to_do = _risks_and_steps(candidates, result, on, settings)
    horizon = rules.add_working_days(on, DUE_WORKING_DAYS, settings.extra_days_off)
    return Dashboard(
        on=on,
        forecast=result,
        funnel=_funnel(candidates),
        by_month=admissions_by_month(branch, on.year),
        by_month_last_year=admissions_by_month(branch, on.year - 1),
        at_risk=at_risk,
        to_do=to_do,
        waiting=[c for c in candidates if c.stage == Stage.NOMINATED],
        ready_to_vote=[
            o for o in result.reachable if o.earliest_vote and o.earliest_vote <= horizon
        ],
        year_to_close=_year_to_close(branch, on, settings),
        counts={
            "waiting": sum(1 for c in candidates if c.stage == Stage.NOMINATED),
            "source": sum(1 for c in candidates if c.stage == Stage.SOURCE),
            "flagged": len({i.candidate.pk for i in at_risk if i.kind == "warning"}),
            "total": len(candidates),
        },
    )


def _year_to_close(branch, on, settings) -> str | None:
    """The oldest school year that has ended and still has grade 12 students not marked as
    having left: the dashboard offers to close it."""
    years = (
        SchoolClass.objects.filter(branch=branch, grade=12, students__left_school_on__isnull=True)
        .values_list("school_year", flat=True)
        .distinct()
    )
    ended = [y for y in years if findings.school_year_end(int(y[-4:]), settings) < on]
    return min(ended, default=None)


def _funnel(candidates):
    counts = dict.fromkeys(steps.PIPELINE_ORDER[:-1], 0)
    for candidate in candidates:
        if candidate.stage in counts:
            counts[candidate.stage] += 1
    return [(stage, stage.label, count) for stage, count in counts.items()]


def _risks_and_steps(candidates, result, on, settings):
    """At risk: the warnings of the candidate pages, deadlines near or passed, and the
    reachable whose certificate or papers will not last until their earliest vote. To do:
    every deadline within DUE_WORKING_DAYS working days."""
    days_off = settings.extra_days_off
    near = rules.add_working_days(on, RISK_WORKING_DAYS, days_off)
    due = rules.add_working_days(on, DUE_WORKING_DAYS, days_off)
    at_risk, to_do = [], []
    for candidate in candidates:
        found, deadlines = findings.candidate_status(candidate, on, settings)
        for finding in found:
            if not finding.blocks:  # what the candidate page calls a warning
                at_risk.append(
                    Item(candidate, finding.message, finding.deadline, finding.code, "warning")
                )
        for label, when, text in deadlines:
            if when <= near:
                at_risk.append(Item(candidate, f"{label}: {text}", when))
            elif when <= due:
                to_do.append(Item(candidate, f"{label}: {text}", when))
    for outlook in result.reachable:
        certificate = _expiring_certificate(outlook, settings)
        if certificate:
            at_risk.append(
                Item(outlook.candidate, certificate, outlook.earliest_vote, "R5", "forecast")
            )
    at_risk.sort(key=lambda item: (item.when or date.max, item.candidate.pk))
    to_do.sort(key=lambda item: (item.when or date.max, item.candidate.pk))
    return at_risk, to_do


def _expiring_certificate(outlook, settings) -> str:
    """A certificate valid today that will have expired by the earliest day to vote."""
    issued, last_valid = certificate(outlook.candidate, settings)
    if issued is None or outlook.earliest_vote is None or last_valid >= outlook.earliest_vote:
        return ""
    return _(
        "The awareness-class certificate is valid until %(last)s, before the earliest day the "
        "branch can vote (%(vote)s)."
    ) % {"last": day(last_valid), "vote": day(outlook.earliest_vote)}
