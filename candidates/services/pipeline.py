"""The admission pipeline's engine and the steps before the branch votes: the awareness
class, mentors, introductions, the Youth Union's resolution and the dossier."""

import os

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Membership

from .. import dossier, steps, text
from ..findings import RECEIVED, introducer_findings, member_findings, rule_settings
from ..models import (
    AwarenessCourse,
    BranchMeeting,
    Candidate,
    CourseAttendance,
    DossierItem,
    Introduction,
    MentorAssignment,
    MentorReview,
    YouthUnionResolution,
    normalize_multiline,
)
from ..text import normalize
from .base import DomainError, _snapshot, bump_version, field_changes, record_event
from .chronology import check_dates, check_not_future

# Each step: check the structure (steps.require: what must come before), the rules (blocks can
# be forced by the secretary with a written reason), write the step, derive the stage from what
# is recorded, raise the version, record an event. Stage is never set by hand: see derive_stage.

Stage = Candidate.Stage
CERTIFICATE = dossier.CERTIFICATE


def derive_stage(candidate) -> str:
    """The stage the recorded steps put a candidate at (the furthest step recorded)."""
    if candidate.exit_kind:
        return Stage.EXITED
    if hasattr_row(candidate, "recognition"):
        return Stage.OFFICIAL
    if candidate.closed_on is not None:
        return Stage.DECLINED
    recorded = [
        (Stage.PROBATIONARY, hasattr_row(candidate, "ceremony")),
        (Stage.DECIDED, hasattr_row(candidate, "decision")),
        (
            Stage.RESOLVED,
            candidate.votes.filter(
                passed=True, meeting__purpose=BranchMeeting.Purpose.ADMISSION
            ).exists(),
        ),
        # The certificate is filed with the dossier but belongs to the awareness class.
        (
            Stage.DOSSIER,
            candidate.dossier.filter(status__in=RECEIVED).exclude(code=CERTIFICATE).exists(),
        ),
        (
            Stage.MENTORED,
            candidate.mentors.filter(period=MentorAssignment.Period.ADMISSION).exists(),
        ),
        (Stage.AWARENESS, candidate.attendances.exists()),
        (Stage.SOURCE, candidate.source_since is not None),
    ]
    return next((stage for stage, done in recorded if done), Stage.NOMINATED)


def hasattr_row(candidate, name) -> bool:
    """Whether a one-to-one step (decision, ceremony, recognition) has been recorded."""
    model = Candidate._meta.get_field(name).related_model
    return model.objects.filter(candidate=candidate).exists()


def _check_blocks(findings, *, actor, candidate, force_reason):
    """Refuse when a rule blocks, unless the secretary forces it with a written reason."""
    blocks = [f for f in findings if f.blocks]
    if not blocks:
        return []
    force_reason = normalize_multiline(force_reason)
    if not force_reason:
        raise DomainError(
            _("Blocked by the rules: %(findings)s")
            % {"findings": "; ".join(f"{f.message} ({f.code})" for f in blocks)},
            blocks,
        )
    if not may_force(actor, candidate.branch):
        raise DomainError(_("Only the branch secretary may force a step that the rules block."))
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="override",
        summary=_("Rules overridden: %(codes)s") % {"codes": ", ".join(f.code for f in blocks)},
        reason=force_reason,
        candidate=candidate,
    )
    return blocks


def may_force(actor, branch) -> bool:
    """Whether `actor` may force a blocked step (and correct recorded ones) in `branch`."""
    return Membership.objects.filter(
        user=actor, branch=branch, role__in=Membership.MAY_FORCE
    ).exists()


def _finish_step(candidate, *, actor, kind, summary, version=None, **event):
    """Derive the stage, raise the version (checking it when given), record the event."""
    if version is None:
        Candidate.objects.filter(pk=candidate.pk).update(version=F("version") + 1)
        candidate.version += 1
    else:
        bump_version(candidate, version)
    candidate.stage = derive_stage(candidate)
    Candidate.objects.filter(pk=candidate.pk).update(stage=candidate.stage)
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind=kind,
        summary=summary,
        candidate=candidate,
        **event,
    )
    return candidate


def _locked(candidate):
    """Re-read the candidate inside the transaction, locked against concurrent steps."""
    fresh = Candidate.objects.select_for_update().select_related("student__school_class")
    return fresh.get(pk=candidate.pk)


# Awareness class --------------------------------------------------------------------------


@transaction.atomic
def course_create(*, branch, actor, name, organiser, starts_on, ends_on=None):
    """Open an awareness course that the branch's candidates will attend."""
    course = AwarenessCourse.objects.create(
        branch=branch, name=name, organiser=organiser, starts_on=starts_on, ends_on=ends_on
    )
    record_event(
        branch=branch,
        actor=actor,
        kind="course_created",
        summary=_("Awareness course %(course)s added") % {"course": course},
    )
    return course


@transaction.atomic
def course_register(*, course, candidates, actor, on):
    """Register a group of candidates from the source list for an awareness course."""
    registered = []
    for candidate in candidates:
        candidate = _locked(candidate)
        steps.require(candidate, "course_register")
        if candidate.attendances.filter(course=course).exists():
            continue
        attendance = CourseAttendance.objects.create(
            course=course, candidate=candidate, registered_on=on
        )
        check_dates(candidate, attendance)
        registered.append(
            _finish_step(
                candidate,
                actor=actor,
                kind="course_registered",
                summary=_("Registered for the awareness class %(course)s") % {"course": course},
                record=attendance,
            )
        )
    return registered


@transaction.atomic
def course_certify(*, attendance, actor, number, issued_on, issuer):
    """Record the certificate of one attendee (done for a batch, one row at a time)."""
    candidate = _locked(attendance.candidate)
    steps.require(candidate, "course_certify")
    number, issuer = normalize(number), normalize(issuer)
    if not number or issued_on is None:
        raise DomainError(_("Enter the certificate's number and date."))
    before = _snapshot(attendance, CERTIFICATE_FIELDS)
    attendance.certificate_number = number
    attendance.certificate_issued_on = issued_on
    attendance.certificate_issuer = issuer or attendance.course.organiser
    attendance.save()
    check_dates(candidate, attendance)
    DossierItem.objects.update_or_create(
        candidate=candidate,
        code=CERTIFICATE,
        defaults={
            "status": DossierItem.Status.RECEIVED,
            "dated_on": issued_on,
            "recorded_by": actor,
            "form_version": dossier.CURRENT.version,
        },
    )
    return _finish_step(
        candidate,
        actor=actor,
        kind="certificate",
        summary=_("Awareness class certificate no. %(number)s") % {"number": number},
        changes=field_changes(before, attendance, CERTIFICATE_FIELDS),
        record=attendance,
    )


@transaction.atomic
def course_certify_batch(*, certificates, actor):
    """Record several certificates at once (dicts of course_certify's arguments): one refused
    refuses them all; the refusal names its place in the list as `error.row` (from 0)."""
    for index, certificate in enumerate(certificates):
        try:
            course_certify(actor=actor, **certificate)
        except DomainError as error:
            error.row = index
            raise
    return len(certificates)


CERTIFICATE_FIELDS = ["certificate_number", "certificate_issued_on", "certificate_issuer"]


# Mentors, introductions, the Youth Union's resolution ----------------------------------------


@transaction.atomic
def candidate_assign_mentor(
    *, candidate, actor, version, member, assigned_on, reference="", force_reason=""
):
    """The branch assigns an official member to help the candidate (R6): before the vote,
    or on probation once admitted."""
    candidate = _locked(candidate)
    steps.require(candidate, "mentor")
    period = MentorAssignment.Period.ADMISSION
    if candidate.stage == Stage.PROBATIONARY:
        period = MentorAssignment.Period.PROBATION
    if member.branch_id != candidate.branch_id:
        raise DomainError(_("Choose a Party member of this branch."))
    active = candidate.mentors.filter(ended_on__isnull=True, period=period)
    if active.count() >= 2:
        raise DomainError(_("A candidate has at most two mentors; end one assignment first."))
    _check_blocks(
        member_findings(member, assigned_on),
        actor=actor,
        candidate=candidate,
        force_reason=force_reason,
    )
    assignment = MentorAssignment.objects.create(
        candidate=candidate,
        member=member,
        period=period,
        assigned_on=assigned_on,
        reference=normalize(reference),
    )
    check_dates(candidate, assignment)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="mentor",
        summary=_("Mentor assigned: %(name)s") % {"name": member.full_name},
        record=assignment,
    )


ASSESSMENT_FIELDS = ("political", "ethics", "ability", "relations")


def _assessment(data):
    return {name: normalize_multiline(data.get(name, "")) for name in ASSESSMENT_FIELDS}


@transaction.atomic
def mentor_assignment_end(*, assignment, actor, version, on):
    """End a mentor's assignment (to replace them, or when the step it served is over)."""
    candidate = _locked(assignment.candidate)
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_on is not None:
        raise DomainError(_("This assignment has already ended."))
    assignment.ended_on = on
    assignment.save(update_fields=["ended_on"])
    check_dates(candidate, assignment)
    bump_version(candidate, version)
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="mentor_ended",
        summary=_("Mentor %(name)s no longer assigned from %(date)s")
        % {"name": assignment.member.full_name, "date": text.day(on)},
        candidate=candidate,
        record=assignment,
    )
    return assignment


@transaction.atomic
def mentor_review_write(*, assignment, author, written_on, summary, duties="", **assessment):
    """A mentor writes a periodic review of their mentee, from their own login."""
    if assignment.member.user_id != author.pk:
        raise DomainError(_("Only the assigned mentor writes this review."))
    if assignment.ended_on is not None:
        raise DomainError(_("This assignment has ended; the review was not saved."))
    if written_on < assignment.assigned_on:
        raise DomainError(_("A review cannot be dated before the assignment."))
    check_not_future(_("the review"), written_on)
    summary = normalize_multiline(summary)
    if not summary:
        raise DomainError(_("Write the review."))
    review = MentorReview.objects.create(
        assignment=assignment,
        written_on=written_on,
        summary=summary,
        duties=normalize_multiline(duties),
        **_assessment(assessment),
    )
    candidate = assignment.candidate
    record_event(
        branch=candidate.branch,
        actor=author,
        kind="mentor_review",
        summary=_("Mentor's review of %(date)s") % {"date": text.day(written_on)},
        candidate=candidate,
    )
    return review


@transaction.atomic
def candidate_introduce(
    *,
    candidate,
    actor,
    version,
    member,
    introduced_on,
    is_replacement=False,
    points_to_note="",
    force_reason="",
    **assessment,
):
    """An official member introduces the candidate (3-KNĐ; R6, R7)."""
    candidate = _locked(candidate)
    steps.require(candidate, "introduction")
    if member.branch_id != candidate.branch_id:
        raise DomainError(_("Choose a Party member of this branch."))
    if candidate.introductions.filter(member=member).exists():
        raise DomainError(_("This member has already introduced the candidate."))
    settings = rule_settings(candidate.branch)
    findings = introducer_findings(candidate, member, introduced_on, is_replacement, settings)
    _check_blocks(findings, actor=actor, candidate=candidate, force_reason=force_reason)
    introduction = Introduction.objects.create(
        candidate=candidate,
        member=member,
        introduced_on=introduced_on,
        is_replacement=is_replacement,
        points_to_note=normalize_multiline(points_to_note),
        **_assessment(assessment),
    )
    check_dates(candidate, introduction)
    _dossier_received(candidate, "3-KNĐ", introduced_on, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="introduction",
        summary=_("Introduced by %(name)s") % {"name": member.full_name},
        record=introduction,
    )


@transaction.atomic
def youth_resolution_record(
    *,
    candidate,
    actor,
    version,
    number,
    adopted_on,
    committee_members,
    present,
    votes_for,
    **assessment,
):
    """The Youth Union committee's resolution introducing its member (4-KNĐ)."""
    candidate = _locked(candidate)
    steps.require(candidate, "youth")
    check_youth_numbers(committee_members, present, votes_for)
    resolution = YouthUnionResolution.objects.create(
        candidate=candidate,
        number=normalize(number),
        adopted_on=adopted_on,
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        recorded_by=actor,
        **_assessment(assessment),
    )
    check_dates(candidate, resolution)
    _dossier_received(candidate, "4-KNĐ", adopted_on, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="youth_resolution",
        summary=_("Youth Union resolution %(number)s") % {"number": normalize(number)},
        record=resolution,
    )


def check_youth_numbers(committee_members, present, votes_for):
    if not (0 < present <= committee_members and votes_for <= present):
        raise DomainError(
            _("Check the numbers: votes for ≤ present ≤ members of the committee, and more than 0.")
        )


# The dossier -------------------------------------------------------------------------------

SCAN_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
SCAN_MAX_BYTES = 10 * 1024 * 1024


def _dossier_received(candidate, code, dated_on, actor):
    DossierItem.objects.update_or_create(
        candidate=candidate,
        code=code,
        defaults={
            "status": DossierItem.Status.RECEIVED,
            "dated_on": dated_on,
            "recorded_by": actor,
            "form_version": dossier.CURRENT.version,
        },
    )


def check_scan(scan):
    """A scan is a PDF or an image, by extension and by its first bytes, and not too large."""
    extension = os.path.splitext(scan.name)[1].lower()
    head = scan.read(8)
    scan.seek(0)
    looks_right = head.startswith((b"%PDF", b"\xff\xd8\xff", b"\x89PNG"))
    if extension not in SCAN_TYPES or not looks_right:
        raise DomainError(_("A scan must be a PDF, JPEG or PNG file."))
    if scan.size > SCAN_MAX_BYTES:
        raise DomainError(_("A scan may be at most 10 MB."))


@transaction.atomic
def dossier_item_set(*, candidate, actor, version, code, status, dated_on=None, note="", scan=None):
    """Record one paper of the checklist: its status, date, who and an optional scan."""
    candidate = _locked(candidate)
    steps.require(candidate, "dossier")
    form = dossier.CURRENT.get(code)
    if form is None:
        raise DomainError(_("Unknown form %(code)s.") % {"code": code})
    if status in RECEIVED and dated_on is None:
        raise DomainError(_("Enter the date of the paper."))
    if scan:
        check_scan(scan)
    item, _created = DossierItem.objects.get_or_create(
        candidate=candidate, code=code, defaults={"form_version": dossier.CURRENT.version}
    )
    before = _snapshot(item, ["status", "dated_on", "note"])
    item.status, item.dated_on, item.note = status, dated_on, normalize(note)
    item.recorded_by = actor
    if scan:
        item.scan.save(scan.name, scan, save=False)
    item.save()
    check_dates(candidate, item)
    changes = field_changes(before, item, ["status", "dated_on", "note"])
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="dossier",
        summary=_("Dossier: %(code)s %(status)s")
        % {"code": code, "status": item.get_status_display()},
        changes=changes,
        record=item,
    )
