"""The admission pipeline's engine and the steps before the branch votes: the awareness
class, mentors, introductions, the Youth Union's resolution and the dossier."""

import os
import re

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Membership

from .. import dossier, steps, text
from ..findings import (
    RECEIVED,
    admission_resolution_date,
    introducer_findings,
    late_papers_finding,
    member_findings,
    registration_refusal,
    roster_counts,
    rule_settings,
)
from ..models import (
    Assessment,
    AwarenessCourse,
    BranchMeeting,
    Candidate,
    Consultation,
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


def authorise_override(findings, *, actor, branch, force_reason):
    """The blocks among `findings`, once the secretary forces them with a written reason;
    refused otherwise. The caller records the override (`record_override`)."""
    blocks = [f for f in findings if f.blocks]
    if not blocks:
        return []
    if not normalize_multiline(force_reason):
        raise DomainError(
            _("Blocked by the rules: %(findings)s")
            % {"findings": "; ".join(f"{f.message} ({f.code})" for f in blocks)},
            blocks,
        )
    if not may_force(actor, branch):
        raise DomainError(_("Only the branch secretary may force a step that the rules block."))
    return blocks


def may_force(actor, branch) -> bool:
    """Whether `actor` may force a blocked step (and correct recorded ones) in `branch`."""
    return Membership.objects.filter(
        user=actor, branch=branch, role__in=Membership.MAY_FORCE
    ).exists()


def record_override(blocks, *, actor, candidate, force_reason):
    """Keep the secretary's override of `blocks` on the candidate's history."""
    if blocks:
        record_event(
            branch=candidate.branch,
            actor=actor,
            kind="override",
            summary=_("Rules overridden: %(codes)s") % {"codes": ", ".join(f.code for f in blocks)},
            reason=normalize_multiline(force_reason),
            candidate=candidate,
        )
    return blocks


def _check_blocks(findings, *, actor, candidate, force_reason):
    """Refuse when a rule blocks, unless the secretary forces it with a written reason."""
    blocks = authorise_override(
        findings, actor=actor, branch=candidate.branch, force_reason=force_reason
    )
    return record_override(blocks, actor=actor, candidate=candidate, force_reason=force_reason)


def record_warnings(findings, *, actor, candidate):
    """Keep in the history the warnings that applied when a step was recorded (a late
    decision, a late ceremony with the superior's consent, a late recognition…)."""
    for finding in findings:
        if not finding.blocks:
            record_event(
                branch=candidate.branch,
                actor=actor,
                kind="warning",
                summary=_("Warning of the rules when recorded: %(code)s") % {"code": finding.code},
                reason=finding.message,
                candidate=candidate,
            )


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


def check_attendance(branch, held_on, present, people=()):
    """A meeting's attendance: `present` (official, probationary; None if not given) within the
    branch's roster on `held_on`, and `people` (its chair, its minutes-taker…) members of the
    branch that day. Returns the roster (official, probationary)."""
    roster = roster_counts(branch, held_on)
    if any(
        count is not None and count > limit for count, limit in zip(present, roster, strict=True)
    ):
        raise DomainError(
            _(
                "More members present than the roster holds on %(date)s (%(official)s official, "
                "%(probationary)s probationary)."
            )
            % {"date": text.day(held_on), "official": roster[0], "probationary": roster[1]}
        )
    for member in people:
        if member is not None and not (
            member.branch_id == branch.pk and member.in_branch_on(held_on)
        ):
            raise DomainError(
                _("%(name)s was not a member of the branch on %(date)s.")
                % {"name": member.full_name, "date": text.day(held_on)}
            )
    return roster


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
    """Register a group of candidates from the source list for an awareness course: none who
    waits for another course's certificate or holds one still valid (the whole group is
    refused, naming each); one already registered for this course is left as it is."""
    registered, settings = [], rule_settings(course.branch)
    locked = [_locked(candidate) for candidate in candidates]
    refusals = [registration_refusal(c, course, settings, on) for c in locked]
    if any(refusals):
        raise DomainError(" ".join(r for r in refusals if r))
    for candidate in locked:
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
    _dossier_received(candidate, CERTIFICATE, issued_on, actor)
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
    *,
    candidate,
    actor,
    version,
    member,
    assigned_on,
    reference="",
    meeting_on=None,
    present=None,
    votes_for=None,
    force_reason="",
):
    """The branch assigns an official member to help the candidate (R6): before the vote,
    or on probation once admitted; the meeting that decided it and its vote, if given, are
    kept for the resolution's papers."""
    candidate = _locked(candidate)
    steps.require(candidate, "mentor")
    official = _check_mentor_meeting(candidate, assigned_on, meeting_on, present, votes_for)
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
        meeting_on=meeting_on,
        official_members=official,
        present=present,
        votes_for=votes_for,
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


def _check_mentor_meeting(candidate, assigned_on, meeting_on, present, votes_for):
    """The meeting that decided an assignment: before it takes effect, with no more votes for
    than members present, nor more present than the roster holds that day. Returns the
    official members on the roster that day (None without a meeting)."""
    if meeting_on is None:
        if present is not None or votes_for is not None:
            raise DomainError(_("Enter the date of the meeting that decided the assignment."))
        return None
    if meeting_on > assigned_on:
        raise DomainError(_("The assignment cannot start before the meeting that decided it."))
    official, probationary = roster_counts(candidate.branch, meeting_on)
    if present is not None and present > official + probationary:
        raise DomainError(
            _("The roster holds only %(count)s members on %(date)s.")
            % {"count": official + probationary, "date": text.day(meeting_on)}
        )
    too_many = votes_for is not None and (
        votes_for > official or (present is not None and votes_for > present)
    )
    if too_many:
        raise DomainError(_("More votes for than official members present."))
    return official


ASSESSMENT_FIELDS = tuple(Assessment.assessment_fields())
REVIEW_FIELDS = tuple(MentorReview.assessment_fields())


def _assessment(data, fields=ASSESSMENT_FIELDS):
    return {name: normalize_multiline(data.get(name, "")) for name in fields}


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
def mentor_review_write(
    *,
    assignment,
    author,
    written_on,
    summary,
    recommendation="",
    recommendation_reason="",
    **assessment,
):
    """A mentor writes a periodic review of their mentee, from their own login; on probation
    it covers the member's duties and may recommend recognition, or not, and why (11-KNĐ)."""
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
    probation = assignment.period == MentorAssignment.Period.PROBATION
    if recommendation and not probation:
        raise DomainError(_("A recommendation for recognition belongs to a probation review."))
    if recommendation and recommendation not in MentorReview.Recommendation.values:
        raise DomainError(_("Choose whether you recommend recognition."))
    reason = normalize_multiline(recommendation_reason)
    if recommendation and not reason:
        raise DomainError(_("Write why you recommend recognition or not."))
    review = MentorReview.objects.create(
        assignment=assignment,
        written_on=written_on,
        summary=summary,
        recommendation=recommendation,
        recommendation_reason=reason,
        **_assessment(assessment, REVIEW_FIELDS),
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
    latest = max(candidate.introductions.values_list("introduced_on", flat=True))
    _dossier_received(candidate, dossier.introduction_code(candidate), latest, actor)
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
    _dossier_received(candidate, dossier.YOUTH_RESOLUTION, adopted_on, actor)
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

# Each accepted extension and the first bytes its files start with.
SCAN_SIGNATURES = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG",
}
# What a browser or a PDF reader could run, hidden behind a valid signature (a "polyglot").
SCAN_ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:script|html|body|iframe|object|embed|svg|!doctype)\b|javascript:|/JavaScript\b",
    re.IGNORECASE,
)
SCAN_MAX_BYTES = 10 * 1024 * 1024


def _dossier_received(candidate, code, dated_on, actor):
    """File the paper a step produces in the dossier, as received on its date."""
    DossierItem.objects.update_or_create(
        candidate=candidate,
        code=code,
        defaults={
            "status": DossierItem.Status.RECEIVED,
            "dated_on": dated_on,
            "recorded_by": actor,
            "form_version": dossier.form_list_of(candidate).version,
        },
    )


@transaction.atomic
def consultation_record(
    *,
    candidate,
    actor,
    version,
    kind,
    body,
    consulted_on,
    asked,
    agreed,
    strengths="",
    weaknesses="",
):
    """The comments of a body consulted on the candidate — the organisation (5C-KNĐ) or the
    residence Party cell (5B-KNĐ): how many were asked, how many agreed (for 5-KNĐ)."""
    candidate = _locked(candidate)
    steps.require(candidate, "comments")
    if kind not in Consultation.Kind.values:
        raise DomainError(_("Choose the body consulted."))
    body = normalize(body)
    if not body:
        raise DomainError(_("Enter the name of the body consulted."))
    if asked <= 0 or agreed > asked:
        raise DomainError(_("Check the numbers: in favour ≤ asked, and more than 0 asked."))
    consultation = Consultation.objects.create(
        candidate=candidate,
        kind=kind,
        body=body,
        consulted_on=consulted_on,
        asked=asked,
        agreed=agreed,
        strengths=normalize_multiline(strengths),
        weaknesses=normalize_multiline(weaknesses),
    )
    # The paper is complete on the day its last body answered.
    latest = max(candidate.consultations.filter(kind=kind).values_list("consulted_on", flat=True))
    _dossier_received(candidate, Consultation.PAPERS[kind], latest, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="consultation",
        summary=_("Comments of %(body)s: %(agreed)s of %(asked)s in favour")
        % {"body": body, "agreed": agreed, "asked": asked},
        record=consultation,
    )


def check_scan(scan):
    """A scan is a PDF or an image whose first bytes match its extension, not too large, and
    with no web page or script inside."""
    signature = SCAN_SIGNATURES.get(os.path.splitext(scan.name)[1].lower())
    if signature is None or not scan.read(len(signature)).startswith(signature):
        scan.seek(0)
        raise DomainError(_("A scan must be a PDF, JPEG or PNG file."))
    scan.seek(0)
    if scan.size > SCAN_MAX_BYTES:
        raise DomainError(_("A scan may be at most 10 MB."))
    content = scan.read(SCAN_MAX_BYTES)
    scan.seek(0)
    if SCAN_ACTIVE_CONTENT.search(content):
        raise DomainError(
            _(
                "This file carries a web page or a script besides the scan. Scan the paper again, "
                "or print it to a new PDF, and upload that."
            )
        )


def _late_paper_findings(candidate, code, status, dated_on):
    """HS: a paper needed before the vote, recorded once the branch has voted but dated after
    the meeting, was missing at the vote (whatever order the records were entered in)."""
    voted_on = admission_resolution_date(candidate)
    if voted_on is None or status not in RECEIVED or dated_on is None or dated_on <= voted_on:
        return []
    if code not in dossier.required_before_vote(candidate):
        return []
    return [late_papers_finding({code: dated_on}, voted_on)]


@transaction.atomic
def dossier_item_set(
    *,
    candidate,
    actor,
    version,
    code,
    status,
    dated_on=None,
    note="",
    scan=None,
    force_reason="",
):
    """Record one paper of the checklist: its status, date, who and an optional scan."""
    candidate = _locked(candidate)
    steps.require(candidate, "dossier")
    form_list = dossier.form_list_of(candidate)
    if code not in {form.code for form in dossier.forms_for(form_list, candidate)}:
        raise DomainError(_("Unknown form %(code)s.") % {"code": code})
    if status in RECEIVED and dated_on is None:
        raise DomainError(_("Enter the date of the paper."))
    if scan:
        check_scan(scan)
    _check_blocks(
        _late_paper_findings(candidate, code, status, dated_on),
        actor=actor,
        candidate=candidate,
        force_reason=force_reason,
    )
    item, _created = DossierItem.objects.get_or_create(
        candidate=candidate, code=code, defaults={"form_version": form_list.version}
    )
    before = _snapshot(item, ["status", "dated_on", "note"])
    item.status, item.dated_on, item.note = status, dated_on, normalize(note)
    item.recorded_by = actor
    if scan:
        replaced = item.scan.name
        item.scan.save(scan.name, scan, save=False)
        if replaced and replaced != item.scan.name:
            storage = item.scan.storage
            transaction.on_commit(lambda: storage.delete(replaced))
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
