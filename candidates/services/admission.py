"""From the branch's vote to official membership, and leaving the pipeline."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Committee

from .. import dossier, rules, steps, text
from ..findings import (
    admission_resolution_date,
    entered_school,
    intermediate_findings,
    rule_settings,
)
from ..models import (
    Candidate,
    Ceremony,
    Decision,
    DecisionExtension,
    IntermediateResolution,
    PartyMember,
    Recognition,
    normalize_multiline,
)
from ..text import normalize
from .base import DomainError, bump_version, record_event
from .chronology import check_dates
from .pipeline import (
    _check_blocks,
    _dossier_received,
    _finish_step,
    _locked,
    check_attendance,
    record_warnings,
)

Stage = Candidate.Stage


@transaction.atomic
def intermediate_record(
    *,
    candidate,
    actor,
    version,
    adopted_on,
    members,
    votes_for,
    number="",
    force_reason="",
):
    """The committee between the branch and the decider, as the branch's configuration names
    it, adopts its resolution (7/8-KNĐ; R13: two thirds of its members)."""
    candidate = _locked(candidate)
    steps.require(candidate, "intermediate")
    findings = rules.check_r13_intermediate(votes_for, members)
    _check_blocks(findings, actor=actor, candidate=candidate, force_reason=force_reason)
    committee_name = candidate.branch.intermediate_committee.name
    resolution = IntermediateResolution.objects.create(
        candidate=candidate,
        committee_name=committee_name,
        number=normalize(number),
        adopted_on=adopted_on,
        members=members,
        votes_for=votes_for,
    )
    check_dates(candidate, resolution)
    _dossier_received(candidate, dossier.INTERMEDIATE_RESOLUTION, adopted_on, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="intermediate",
        summary=_("Resolution of %(committee)s") % {"committee": committee_name},
        record=resolution,
    )


@transaction.atomic
def decision_extension_record(*, candidate, actor, version, reference, granted_on):
    """The superior extends the deadline of the decision by 30 working days (R14)."""
    candidate = _locked(candidate)
    steps.require(candidate, "extension")
    reference = normalize(reference)
    if not reference:
        raise DomainError(_("Enter the number and date of the superior's document."))
    if granted_on < admission_resolution_date(candidate):
        raise DomainError(_("The extension cannot come before the branch's vote."))
    extension = DecisionExtension.objects.create(
        candidate=candidate, reference=reference, granted_on=granted_on
    )
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="decision_extension",
        summary=_("Deadline of the decision extended by 30 working days: %(reference)s")
        % {"reference": reference},
        record=extension,
    )


def committees_deciding():
    """The committees a decision may come from: those that decide admissions."""
    return Committee.objects.filter(decides_admissions=True).order_by("name", "pk")


@transaction.atomic
def decision_record(
    *,
    candidate,
    actor,
    version,
    number,
    issued_on,
    received_on,
    issuer,
    signer="",
    force_reason="",
):
    """The competent committee's admission decision (9-KNĐ), as received: after the resolution
    of the committee in between where there is one (R13); R14 warns when it comes late."""
    candidate = _locked(candidate)
    steps.require(candidate, "decision")
    if not committees_deciding().filter(pk=issuer.pk).exists():
        raise DomainError(_("Choose the committee that decides admissions."))
    _check_blocks(
        intermediate_findings(candidate),
        actor=actor,
        candidate=candidate,
        force_reason=force_reason,
    )
    decision = Decision.objects.create(
        candidate=candidate,
        number=normalize(number),
        issued_on=issued_on,
        received_on=received_on,
        issuer=issuer,
        signer=normalize(signer),
    )
    check_dates(candidate, decision)
    _dossier_received(candidate, dossier.DECISION, issued_on, actor)
    _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="decision",
        summary=_("Admission decision %(number)s of %(date)s")
        % {"number": normalize(number), "date": text.day(issued_on)},
        record=decision,
    )
    extended = DecisionExtension.objects.filter(candidate=candidate).exists()
    late = rules.check_r14_decision(
        admission_resolution_date(candidate),
        issued_on,
        issued_on,
        rule_settings(candidate.branch),
        extended=extended,
    )
    record_warnings(late, actor=actor, candidate=candidate)
    return candidate


CEREMONY_MINUTES = (
    "starts_at",
    "chair",
    "minutes_taker",
    "guests",
    "present_official",
    "present_probationary",
    "decision_read",
    "oath_taken",
)


def _check_minutes(branch, held_on, minutes):
    """The ceremony's minutes: a chair and a minutes-taker who are two members of the branch
    on the day, and no more members present than its roster holds then."""
    chair, taker = minutes.get("chair"), minutes.get("minutes_taker")
    if chair is not None and chair == taker:
        raise DomainError(_("The chair and the minutes-taker are two people."))
    present = (minutes.get("present_official"), minutes.get("present_probationary"))
    check_attendance(branch, held_on, present, people=(chair, taker))
    unknown = set(minutes) - set(CEREMONY_MINUTES)
    if unknown:
        raise TypeError(f"not fields of the ceremony's minutes: {sorted(unknown)}")
    return {**minutes, "guests": normalize_multiline(minutes.get("guests", ""))}


@transaction.atomic
def ceremony_record(
    *,
    candidate,
    actor,
    version,
    held_on,
    place="",
    consent_reference="",
    force_reason="",
    **minutes,
):
    """The admission ceremony and its minutes (chair, minutes-taker, guests, attendance, the
    decision read, the oath taken): the candidate becomes a probationary member (R15)."""
    candidate = _locked(candidate)
    steps.require(candidate, "ceremony")
    decision = candidate.decision
    settings = rule_settings(candidate.branch)
    findings = rules.check_r15_ceremony(
        decision.received_on, held_on, normalize(consent_reference), held_on, settings
    )
    _check_blocks(findings, actor=actor, candidate=candidate, force_reason=force_reason)
    student = candidate.student
    member = PartyMember.objects.create(
        branch=candidate.branch,
        full_name=student.full_name,
        date_of_birth=student.date_of_birth,
        hometown=student.hometown,
        position=_("Student, class %(name)s") % {"name": student.school_class.name},
        joined_on=held_on,
        started_at_school_on=entered_school(student),
    )
    ceremony = Ceremony.objects.create(
        candidate=candidate,
        held_on=held_on,
        place=normalize(place),
        consent_reference=normalize(consent_reference),
        member=member,
        **_check_minutes(candidate.branch, held_on, minutes),
    )
    check_dates(candidate, ceremony)
    _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="ceremony",
        summary=_("Admitted at the ceremony of %(date)s; probation until %(end)s")
        % {
            "date": text.day(held_on),
            "end": text.day(rules.official_date(held_on, settings)),
        },
        record=ceremony,
    )
    record_warnings(findings, actor=actor, candidate=candidate)
    return candidate


def update_member(pk, **values):
    """Set dates of a Party member that a step derives, raising the member's version so that an
    edit form opened before is refused rather than undoing them."""
    PartyMember.objects.filter(pk=pk).update(**values, version=F("version") + 1)


def _recognise(candidate, actor, resolution_on, resolution_number):
    settings = rule_settings(candidate.branch)
    ceremony = candidate.ceremony
    official_on = rules.official_date(ceremony.held_on, settings)
    Recognition.objects.create(
        candidate=candidate,
        resolution_on=resolution_on,
        resolution_number=normalize(resolution_number),
        official_on=official_on,
    )
    update_member(ceremony.member_id, official_on=official_on)
    _dossier_received(candidate, dossier.RECOGNITION_RESOLUTION, resolution_on, actor)
    candidate.closed_on = resolution_on
    Candidate.objects.filter(pk=candidate.pk).update(closed_on=resolution_on)


@transaction.atomic
def recognition_decision_record(*, candidate, actor, version, decision_number, decision_on):
    """The superior's decision recognising the member as official (after the branch's vote)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    steps.require(candidate, "recognition")
    recognition = candidate.recognition
    recognition.decision_number = normalize(decision_number)
    recognition.decision_on = decision_on
    recognition.save()
    check_dates(candidate, recognition)
    _dossier_received(candidate, dossier.RECOGNITION_DECISION, decision_on, actor)
    bump_version(candidate, version)
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="recognition_decision",
        summary=_("Recognition decision %(number)s") % {"number": recognition.decision_number},
        candidate=candidate,
        record=recognition,
    )
    return candidate


# Leaving the pipeline ------------------------------------------------------------------------


@transaction.atomic
def candidate_exit(*, candidate, actor, version, kind, on, reason):
    """End a candidacy at any stage with a reason; the record and dossier stay readable (R19)."""
    candidate = _locked(candidate)
    steps.require(candidate, "exit")
    reason = normalize_multiline(reason)
    if not reason:
        raise DomainError(_("Write the reason."))
    if kind not in Candidate.ExitKind.values:
        raise DomainError(_("Choose why the candidacy ends."))
    candidate.exit_stage = candidate.stage
    candidate.exit_kind = kind
    candidate.closed_on = on
    candidate.close_reason = reason
    candidate.save(update_fields=["exit_stage", "exit_kind", "closed_on", "close_reason"])
    check_dates(candidate, candidate)
    if candidate.exit_stage == Stage.PROBATIONARY:
        update_member(candidate.ceremony.member_id, left_on=on)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="exit",
        summary=_("Left the pipeline: %(kind)s") % {"kind": candidate.get_exit_kind_display()},
        reason=reason,
        record=candidate,
    )
