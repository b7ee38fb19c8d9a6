"""The order of a candidacy's dated steps: no step is dated before the step it follows, and
none after today. It is structure, like the steps' gates: no override lifts it.

`check_dates(candidate, *records)` runs after a step or a correction has written `records`,
inside its transaction: it reads every dated step of the candidate as now recorded and refuses
(DomainError, naming both dates) when a date of `records` lies after today, or before a step it
follows, or after a step that follows it. Dates of other records are not judged, so an old
record entered before these checks never blocks a new step.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .. import text
from ..findings import today
from ..models import (
    BranchMeeting,
    Ceremony,
    Decision,
    MentorAssignment,
    Recognition,
    record_key,
)
from .base import DomainError


@dataclass(frozen=True)
class Dated:
    """One date of a candidacy: what it dates (a noun phrase after "the date of")."""

    what: str
    on: date
    record: str  # record_key() of the record the date belongs to


class _Chronology:
    def __init__(self):
        self.points, self.links = [], []

    def add(self, what, on, record):
        if on is None:
            return None
        point = Dated(what, on, record_key(record))
        self.points.append(point)
        return point

    def after(self, later, *earlier):
        """`later` may not be dated before any of `earlier` (missing ones are skipped)."""
        if later is not None:
            self.links += [(later, point) for point in earlier if point is not None]


def _chronology(candidate) -> _Chronology:
    """Every dated step of the candidacy, as recorded, and the order the procedure puts them in
    (RULES.md §3): each step after the one whose record opens it."""
    c, chrono = candidate, _Chronology()
    add, after = chrono.add, chrono.after
    nominated = add(_("the nomination"), c.opened_on, c)
    for nomination in c.nominations.all():
        add(_("the nomination"), nomination.nominated_on, nomination)
    accepted = add(_("the acceptance into the source list"), c.source_since, c)
    after(accepted, nominated)
    for attendance in c.attendances.select_related("course"):
        course = attendance.course
        name = {"course": course.name}
        registered = add(
            _("the registration for %(course)s") % name, attendance.registered_on, attendance
        )
        after(registered, accepted)
        # The course's own start belongs to the course: only the certificate is judged by it.
        starts = add(_("the start of %(course)s") % name, course.starts_on, course)
        certified = add(
            _("the certificate of %(course)s") % name, attendance.certificate_issued_on, attendance
        )
        after(certified, starts, registered)
    for introduction in c.introductions.select_related("member"):
        introduced = add(
            _("the introduction by %(name)s") % {"name": introduction.member.full_name},
            introduction.introduced_on,
            introduction,
        )
        after(introduced, accepted)
    for resolution in c.youth_resolutions.all():
        after(add(_("the Youth Union resolution"), resolution.adopted_on, resolution), accepted)
    for item in c.dossier.all():
        add(_("the paper %(code)s") % {"code": item.code}, item.dated_on, item)
    resolved, recognition_votes = None, []
    for vote in c.votes.select_related("meeting").order_by("meeting__held_on", "pk"):
        meeting = vote.meeting
        held = add(_("the branch meeting"), meeting.held_on, meeting)
        if meeting.purpose == BranchMeeting.Purpose.RECOGNITION:
            recognition_votes.append(held)
            continue
        after(held, accepted)
        if vote.passed and resolved is None:
            resolved = held
    committees = [
        add(
            _("the resolution of %(committee)s") % {"committee": r.committee_name},
            r.adopted_on,
            r,
        )
        for r in c.intermediate_resolutions.all()
    ]
    for point in committees:
        after(point, resolved)
    received = admitted = None
    decision = Decision.objects.filter(candidate=c).first()
    if decision is not None:
        issued = add(_("the admission decision"), decision.issued_on, decision)
        after(issued, resolved, *committees)
        received = add(_("the receipt of the admission decision"), decision.received_on, decision)
        after(received, issued)
    ceremony = Ceremony.objects.filter(candidate=c).first()
    if ceremony is not None:
        admitted = add(_("the admission ceremony"), ceremony.held_on, ceremony)
        after(admitted, received)
    for held in recognition_votes:
        after(held, admitted)
    recognition = Recognition.objects.filter(candidate=c).first()
    if recognition is not None:
        recognised = add(_("the recognition resolution"), recognition.resolution_on, recognition)
        after(recognised, admitted)
        decided = add(_("the recognition decision"), recognition.decision_on, recognition)
        after(decided, recognised)
    for assignment in c.mentors.select_related("member"):
        name = {"name": assignment.member.full_name}
        assigned = add(
            _("the assignment of the mentor %(name)s") % name, assignment.assigned_on, assignment
        )
        probation = assignment.period == MentorAssignment.Period.PROBATION
        after(assigned, admitted if probation else accepted)
        ended = add(
            _("the end of the mentor %(name)s's assignment") % name,
            assignment.ended_on,
            assignment,
        )
        after(ended, assigned)
    if c.exit_kind:
        steps = [p for p in chrono.points if not p.record.startswith("awarenesscourse:")]
        left = add(_("the end of the candidacy"), c.closed_on, c)
        after(left, *steps)
    return chrono


def _refuse(later, earlier):
    raise DomainError(
        _("The date of %(what)s (%(date)s) cannot come before that of %(previous)s (%(earlier)s).")
        % {
            "what": later.what,
            "date": text.day(later.on),
            "previous": earlier.what,
            "earlier": text.day(earlier.on),
        }
    )


def check_not_future(what, on):
    """Refuse a step dated after today: it is recorded once it has happened."""
    now = today()
    if on is not None and on > now:
        raise DomainError(
            _(
                "The date of %(what)s (%(date)s) is after today (%(today)s): a step is recorded "
                "once it has happened."
            )
            % {"what": what, "date": text.day(on), "today": text.day(now)}
        )


def check_dates(candidate, *records):
    """Refuse (DomainError) when a date of `records` is after today or out of the procedure's
    order with the candidate's other steps."""
    touched = {record_key(record) for record in records}
    chrono = _chronology(candidate)
    for point in chrono.points:
        if point.record in touched:
            check_not_future(point.what, point.on)
    for later, earlier in chrono.links:
        if touched & {later.record, earlier.record} and later.on < earlier.on:
            _refuse(later, earlier)
