"""Nomination and the committee's answer: accepted into the source list, or declined."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import dossier, rules, text
from ..findings import today
from ..models import Candidate, Nomination, Student, normalize_multiline
from ..text import normalize
from .base import DomainError, bump_version, field_changes, record_event
from .chronology import check_dates
from .pipeline import authorise_override, record_override
from .retention import is_anonymised


@transaction.atomic
def candidate_nominate(
    *,
    student,
    author,
    kind,
    achievements="",
    youth_union_roles="",
    results="",
    reason="",
    on=None,
    force_reason="",
):
    """Nominate a student on `on` (default today); a second nomination of the same student
    joins the open candidacy, which opened on the earliest of them. A student who is not a
    Youth Union member (R3) is refused unless the secretary forces it, and a student whose data
    was anonymised always."""
    if is_anonymised(student):
        raise DomainError(
            _("This student's personal data was anonymised: they cannot be nominated again.")
        )
    blocking = rules.check_r3_youth_union(
        student.is_youth_union_member, student.youth_union_joined_on
    )
    if blocking and not normalize_multiline(force_reason):
        finding = blocking[0]
        raise DomainError(
            _("The nomination is refused: %(message)s (%(code)s).")
            % {"message": finding.message, "code": finding.code},
            blocking,
        )
    blocking = authorise_override(
        blocking, actor=author, branch=student.branch, force_reason=force_reason
    )
    on = on or today()
    # Two first nominations at once: locking the student (a row that exists) makes the second
    # wait and then find the first's candidacy; a lock on the candidacy it looks for would lock
    # nothing while there is none.
    Student.objects.select_for_update().filter(pk=student.pk).first()
    candidate = Candidate.objects.select_for_update().filter(student=student).open().first()
    if candidate is None:
        candidate = Candidate.objects.create(
            branch=student.branch,
            student=student,
            opened_on=on,
            form_list=dossier.in_force(student.branch, on),
        )
        summary = _("Nominated")
    else:
        summary = _("Nomination joined to the open candidacy")
        if on < candidate.opened_on:
            candidate.opened_on = on
            candidate.save(update_fields=["opened_on"])
    waiting = candidate.stage == Candidate.Stage.NOMINATED
    nomination = Nomination.objects.create(
        candidate=candidate,
        kind=kind,
        author=author,
        achievements=normalize_multiline(achievements),
        youth_union_roles=normalize_multiline(youth_union_roles),
        results=normalize(results),
        reason=normalize_multiline(reason),
        status=Nomination.Status.PENDING if waiting else Nomination.Status.ACCEPTED,
        decided_at=None if waiting else timezone.now(),
        nominated_on=on,
    )
    check_dates(candidate, candidate, nomination)
    record_override(blocking, actor=author, candidate=candidate, force_reason=force_reason)
    record_event(
        branch=student.branch,
        actor=author,
        kind="nominated",
        summary=f"{summary}: {nomination.get_kind_display()}",
        candidate=candidate,
        student=student,
        record=nomination,
    )
    return candidate


def _require_stage(candidate, stage):
    if candidate.stage != stage:
        raise DomainError(
            _("This candidate is now at the stage “%(stage)s”; the step was not recorded.")
            % {"stage": candidate.get_stage_display()}
        )


@transaction.atomic
def candidate_accept(*, candidate, actor, version, on=None):
    """The committee accepts a nominated student into the source list (quần chúng ưu tú)."""
    _require_stage(candidate, Candidate.Stage.NOMINATED)
    bump_version(candidate, version)
    candidate.stage = Candidate.Stage.SOURCE
    candidate.source_since = on or today()
    candidate.save(update_fields=["stage", "source_since"])
    check_dates(candidate, candidate)
    candidate.nominations.filter(status=Nomination.Status.PENDING).update(
        status=Nomination.Status.ACCEPTED, decided_by=actor, decided_at=timezone.now()
    )
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="accepted",
        summary=_("Accepted into the source list on %(date)s")
        % {"date": text.day(candidate.source_since)},
        candidate=candidate,
        record=candidate,
    )
    return candidate


@transaction.atomic
def candidate_decline(*, candidate, actor, reason, version):
    """The committee declines a nomination with a reason that the nominators see."""
    reason = normalize_multiline(reason)
    if not reason:
        raise DomainError(_("Write the reason for declining: the nominators will read it."))
    _require_stage(candidate, Candidate.Stage.NOMINATED)
    bump_version(candidate, version)
    candidate.stage = Candidate.Stage.DECLINED
    candidate.closed_on = today()
    candidate.close_reason = reason
    candidate.save(update_fields=["stage", "closed_on", "close_reason"])
    candidate.nominations.filter(status=Nomination.Status.PENDING).update(
        status=Nomination.Status.DECLINED,
        decided_by=actor,
        decided_at=timezone.now(),
        decline_reason=reason,
    )
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="declined",
        summary=_("Nomination declined"),
        reason=reason,
        candidate=candidate,
    )
    return candidate


@transaction.atomic
def candidate_plan_vote(*, candidate, actor, planned_vote_on, version):
    """Set the date the branch plans to meet on this candidate (R2 warns against it)."""
    if not candidate.is_open:
        raise DomainError(_("This candidacy is closed; nothing was changed."))
    bump_version(candidate, version)
    before = {"planned_vote_on": candidate.planned_vote_on}
    candidate.planned_vote_on = planned_vote_on
    candidate.save(update_fields=["planned_vote_on"])
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="planned_vote",
        summary=_("Planned branch meeting changed"),
        changes=field_changes(before, candidate, ["planned_vote_on"]),
        candidate=candidate,
    )
    return candidate
