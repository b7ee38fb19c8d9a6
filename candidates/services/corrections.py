"""Corrections of recorded steps by the branch secretary, with a written reason; exits undone.

A correction writes the corrected values into the step's record and adds an `Event` of kind
"correction" that names what it corrects: the record ("decision:12"), the event that recorded
it where known (`Event.corrects`), each field old → new, and the reason. The original event is
never edited: the history shows both. Everything derived follows at once — the stage
(`derive_stage`), the dossier papers the step filed, the new member's dates (R17: the official
date is the end of the probation that the ceremony starts) — and the deadlines and findings,
which are read from the records. A correction is checked like its step: the procedure's order
and today's date (chronology.py; never forced), the step's own rules and those of the recorded
steps that its dates feed — the vote's R4/R5, R8, R11 for a paper the branch voted on, R15 of
the ceremony for the decision's receipt, R16 of the recognition for the ceremony (a block is
refused, or forced by the secretary with a reason, kept as an override event).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import dossier, rules, steps, text
from ..findings import (
    admission_resolution_date,
    introducer_findings,
    member_findings,
    rule_settings,
    vote_findings,
)
from ..models import (
    BranchMeeting,
    Candidate,
    Ceremony,
    Consultation,
    CourseAttendance,
    Decision,
    DecisionExtension,
    DossierItem,
    Event,
    IntermediateResolution,
    Introduction,
    MentorAssignment,
    Nomination,
    Recognition,
    YouthUnionResolution,
    normalize_multiline,
    record_key,
)
from .admission import (
    CEREMONY_MINUTES,
    _check_minutes,
    _recognise,
    committees_deciding,
    update_member,
)
from .base import DomainError, _assign, _snapshot, _validate, field_changes
from .chronology import check_dates
from .meetings import (
    MEETING_FIELDS,
    check_meeting_dates,
    check_meeting_facts,
    check_vote_count,
    refuse_or_force,
    vote_rule_findings,
)
from .pipeline import (
    ASSESSMENT_FIELDS,
    _check_blocks,
    _check_mentor_meeting,
    _dossier_received,
    _finish_step,
    _locked,
    check_youth_numbers,
    derive_stage,
    may_force,
)

Stage = Candidate.Stage
Purpose = BranchMeeting.Purpose


@dataclass(frozen=True)
class Correctable:
    """A kind of recorded step that the secretary may correct."""

    key: str
    model: type
    # The fields a correction may change, in the form's order.
    fields: tuple
    title: str
    # candidate → the candidate's records of this kind.
    records: Callable
    # Kinds of the events that record the step, to name the event a correction corrects.
    events: tuple
    # Fields a correction may not empty (the model lets them be empty before the step).
    required: tuple = ()
    # The step's own checks and those of the steps its dates feed, run when one of `checked`
    # changes: (candidate, record, settings) → findings, whose blocks the secretary may force;
    # a structural check raises.
    checks: Callable | None = None
    checked: tuple = ()
    # The rules of the admission vote that the step feeds, checked again at the vote's date
    # once the branch has voted.
    vote_codes: tuple = ()
    # Dossier papers the step filed, dated by one of its fields: (code, field).
    files: tuple = ()
    # (candidate, record, settings) → other records whose dates follow (checked too).
    follow: Callable | None = None


def _follow_nomination(candidate, nomination, settings):
    """The candidacy opens on the day of its earliest nomination."""
    candidate.opened_on = min(candidate.nominations.values_list("nominated_on", flat=True))
    candidate.save(update_fields=["opened_on"])
    return [candidate]


def _follow_ceremony(candidate, ceremony, settings):
    """The member joined at the ceremony; once recognised, official at the end of the 12 months
    of probation that the ceremony started (R17)."""
    dates = {"joined_on": ceremony.held_on}
    recognition = Recognition.objects.filter(candidate=candidate).first()
    if recognition is not None:
        recognition.official_on = dates["official_on"] = rules.official_date(
            ceremony.held_on, settings
        )
        recognition.save(update_fields=["official_on"])
    update_member(ceremony.member_id, **dates)
    return []


def _follow_ceremony_minutes(candidate, ceremony, settings):
    """The minutes stay consistent (two people of the branch that day, within its roster),
    then the member's dates follow the ceremony."""
    minutes = {name: getattr(ceremony, name) for name in CEREMONY_MINUTES}
    _check_minutes(candidate.branch, ceremony.held_on, minutes)
    return _follow_ceremony(candidate, ceremony, settings)


def _follow_mentor(candidate, assignment, settings):
    """The meeting that decided the assignment is checked again, and the roster of its day
    counted again."""
    assignment.official_members = _check_mentor_meeting(
        candidate,
        assignment.assigned_on,
        assignment.meeting_on,
        assignment.present,
        assignment.votes_for,
    )
    assignment.save(update_fields=["official_members"])
    return []


def _follow_consultation(candidate, consultation, settings):
    """The numbers add up, and the paper (5B/5C-KNĐ) is dated by the latest comments of its
    kind."""
    if consultation.asked <= 0 or consultation.agreed > consultation.asked:
        raise DomainError(_("Check the numbers: in favour ≤ asked, and more than 0 asked."))
    dates = candidate.consultations.filter(kind=consultation.kind)
    latest = max(dates.values_list("consulted_on", flat=True))
    code = Consultation.PAPERS[consultation.kind]
    DossierItem.objects.filter(candidate=candidate, code=code).update(dated_on=latest)
    return []


def _follow_extension(candidate, extension, settings):
    if extension.granted_on < admission_resolution_date(candidate):
        raise DomainError(_("The extension cannot come before the branch's vote."))
    return []


def _r15(decision, ceremony, settings):
    return rules.check_r15_ceremony(
        decision.received_on,
        ceremony.held_on,
        ceremony.consent_reference,
        ceremony.held_on,
        settings,
    )


def _ceremony_checks(candidate, ceremony, settings):
    """R15 against the decision's receipt; R16 for a recognition the branch has voted on."""
    found = _r15(Decision.objects.get(candidate=candidate), ceremony, settings)
    votes = candidate.votes.filter(meeting__purpose=Purpose.RECOGNITION)
    for held_on in votes.values_list("meeting__held_on", flat=True):
        found += rules.check_r16_recognition(ceremony.held_on, held_on, settings)
    return found


def _decision_checks(candidate, decision, settings):
    """The issuer decides admissions; R15 of a ceremony held since, against the decision's
    receipt as corrected."""
    if not committees_deciding().filter(pk=decision.issuer_id).exists():
        raise DomainError(_("Choose the committee that decides admissions."))
    ceremony = Ceremony.objects.filter(candidate=candidate).first()
    return _r15(decision, ceremony, settings) if ceremony else []


def _vote_checks(candidate, codes, settings):
    """The admission vote's findings of `codes` at its date, once the branch has voted."""
    voted_on = admission_resolution_date(candidate)
    if not codes or voted_on is None:
        return []
    return [f for f in vote_findings(candidate, voted_on, settings) if f.code in codes]


def _youth_checks(candidate, resolution, settings):
    check_youth_numbers(resolution.committee_members, resolution.present, resolution.votes_for)
    return []


CORRECTIONS = {
    kind.key: kind
    for kind in (
        Correctable(
            "nomination",
            Nomination,
            ("nominated_on",),
            gettext_lazy("Nomination"),
            lambda c: c.nominations.all(),
            ("nominated",),
            follow=_follow_nomination,
        ),
        Correctable(
            "acceptance",
            Candidate,
            ("source_since",),
            gettext_lazy("Acceptance into the source list"),
            lambda c: Candidate.objects.filter(pk=c.pk, source_since__isnull=False),
            ("accepted",),
            required=("source_since",),
        ),
        Correctable(
            "registration",
            CourseAttendance,
            ("registered_on",),
            gettext_lazy("Registration for the awareness class"),
            lambda c: c.attendances.all(),
            ("course_registered",),
        ),
        Correctable(
            "certificate",
            CourseAttendance,
            ("certificate_number", "certificate_issued_on", "certificate_issuer"),
            gettext_lazy("Awareness class certificate"),
            lambda c: c.attendances.exclude(certificate_number=""),
            ("certificate",),
            required=("certificate_number", "certificate_issued_on"),
            checked=("certificate_issued_on",),
            vote_codes=("R4", "R5"),
            files=((dossier.CERTIFICATE, "certificate_issued_on"),),
        ),
        Correctable(
            "mentor",
            MentorAssignment,
            ("assigned_on", "reference", "meeting_on", "present", "votes_for"),
            steps.STEPS["mentor"].title,
            lambda c: c.mentors.select_related("member"),
            ("mentor",),
            checks=lambda c, a, settings: member_findings(a.member, a.assigned_on),
            checked=("assigned_on",),
            follow=_follow_mentor,
        ),
        Correctable(
            "introduction",
            Introduction,
            ("introduced_on", "is_replacement", *ASSESSMENT_FIELDS, "points_to_note"),
            steps.STEPS["introduction"].title,
            lambda c: c.introductions.select_related("member"),
            ("introduction",),
            checks=lambda c, i, settings: introducer_findings(
                c, i.member, i.introduced_on, i.is_replacement, settings
            ),
            checked=("introduced_on", "is_replacement"),
            vote_codes=("R8", "R11"),
            files=(("3-KNĐ", "introduced_on"),),
        ),
        Correctable(
            "youth_resolution",
            YouthUnionResolution,
            ("number", "adopted_on", "committee_members", "present", "votes_for"),
            steps.STEPS["youth"].title,
            lambda c: c.youth_resolutions.all(),
            ("youth_resolution",),
            checks=_youth_checks,
            checked=("adopted_on", "committee_members", "present", "votes_for"),
            vote_codes=("R11",),
            files=(("4-KNĐ", "adopted_on"),),
        ),
        Correctable(
            "consultation",
            Consultation,
            ("body", "consulted_on", "asked", "agreed", "strengths", "weaknesses"),
            steps.STEPS["comments"].title,
            lambda c: c.consultations.all(),
            ("consultation",),
            checked=("consulted_on",),
            vote_codes=("R10", "R11"),
            follow=_follow_consultation,
        ),
        Correctable(
            "intermediate",
            IntermediateResolution,
            ("committee_name", "number", "adopted_on", "members", "votes_for"),
            steps.STEPS["intermediate"].title,
            lambda c: c.intermediate_resolutions.all(),
            ("intermediate",),
            checks=lambda c, r, settings: rules.check_r13_intermediate(r.votes_for, r.members),
            checked=("members", "votes_for"),
        ),
        Correctable(
            "decision",
            Decision,
            ("number", "issued_on", "received_on", "issuer", "signer"),
            steps.STEPS["decision"].title,
            lambda c: Decision.objects.filter(candidate=c),
            ("decision",),
            checks=_decision_checks,
            checked=("received_on", "issuer"),
            files=(("9-KNĐ", "issued_on"),),
        ),
        Correctable(
            "ceremony",
            Ceremony,
            ("held_on", "place", "consent_reference", *CEREMONY_MINUTES),
            steps.STEPS["ceremony"].title,
            lambda c: Ceremony.objects.filter(candidate=c),
            ("ceremony",),
            checks=_ceremony_checks,
            checked=("held_on", "consent_reference"),
            follow=_follow_ceremony_minutes,
        ),
        Correctable(
            "extension",
            DecisionExtension,
            ("reference", "granted_on"),
            steps.STEPS["extension"].title,
            lambda c: DecisionExtension.objects.filter(candidate=c),
            ("decision_extension",),
            required=("reference",),
            follow=_follow_extension,
        ),
        Correctable(
            "recognition",
            Recognition,
            ("resolution_number", "decision_number", "decision_on"),
            gettext_lazy("Recognition as official member"),
            lambda c: Recognition.objects.filter(candidate=c),
            ("recognition_decision",),
        ),
    )
}


def _secretary_reason(actor, branch, reason):
    """Only the secretary corrects, and says why."""
    if not may_force(actor, branch):
        raise DomainError(_("Only the branch secretary may correct a recorded step."))
    reason = normalize_multiline(reason)
    if not reason:
        raise DomainError(_("Write the reason for the correction: it is kept in the history."))
    return reason


def corrected_event(candidate, record, kinds):
    """The latest event about `record` (its step's or an earlier correction's); for events
    written before they named their record, the candidate's one event of the step's kinds."""
    events = Event.objects.filter(candidate=candidate).order_by("-at", "-pk")
    about = events.filter(record=record_key(record), kind__in=(*kinds, "correction"))
    found = about.first()
    if found is None:
        older = list(events.filter(kind__in=kinds, record="")[:2])
        found = older[0] if len(older) == 1 else None
    return found


def _refile(candidate, files, before, record):
    """Dossier papers the step filed with one of its dates take the corrected date."""
    for code, field in files:
        DossierItem.objects.filter(candidate=candidate, code=code, dated_on=before[field]).update(
            dated_on=getattr(record, field)
        )


def _summary(title):
    return _("Correction: %(step)s") % {"step": title}


@transaction.atomic
def step_correct(*, candidate, actor, version, kind, pk, reason, force_reason="", **values):
    """The secretary corrects the candidate's record `pk` of the step `kind` (a key of
    CORRECTIONS): `values` are the corrected fields; see the module's docstring."""
    correctable = CORRECTIONS[kind]
    reason = _secretary_reason(actor, candidate.branch, reason)
    candidate = _locked(candidate)
    record = correctable.records(candidate).select_for_update().filter(pk=pk).first()
    if record is None:
        raise DomainError(_("This record is not the candidate's; nothing was changed."))
    if isinstance(record, Candidate):
        candidate = record  # the acceptance is a date of the candidacy itself
    before = _snapshot(record, correctable.fields)
    _assign(record, values, correctable.fields)
    required = _("This field is required.")
    missing = {name: required for name in correctable.required if not getattr(record, name)}
    _validate(record, missing)
    changes = field_changes(before, record, correctable.fields)
    if not changes:
        raise DomainError(_("Nothing was corrected: these are the values already recorded."))
    record.save()
    settings = rule_settings(candidate.branch)
    _refile(candidate, correctable.files, before, record)
    followed = correctable.follow(candidate, record, settings) if correctable.follow else []
    check_dates(candidate, record, *followed)
    if set(changes) & set(correctable.checked):
        found = correctable.checks(candidate, record, settings) if correctable.checks else []
        found += _vote_checks(candidate, correctable.vote_codes, settings)
        _check_blocks(found, actor=actor, candidate=candidate, force_reason=force_reason)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="correction",
        summary=_summary(correctable.title),
        changes=changes,
        reason=reason,
        record=record,
        corrects=corrected_event(candidate, record, correctable.events),
    )


# A branch meeting -------------------------------------------------------------------------

VOTE_FIELDS = (
    "votes_for",
    "votes_against",
    "against_reasons",
    "typed_official_members",
    *ASSESSMENT_FIELDS,
)


def _absences_text(absences):
    return "; ".join(f"{a['name']} — {a['reason']}" for a in absences or [])


def _meeting_changes(before, meeting):
    fields = [name for name in ("held_on", *MEETING_FIELDS) if name != "absences"]
    changes = field_changes(before, meeting, fields)
    absences = (_absences_text(before["absences"]), _absences_text(meeting.absences))
    if absences[0] != absences[1]:
        changes["absences"] = list(absences)
    return changes


@transaction.atomic
def meeting_correct(*, meeting, actor, reason, held_on, votes, force_reason="", **details):
    """The secretary corrects a branch meeting's own facts (its date, attendance and the rest
    of its block) and the vote on each of its candidates, with a written reason. `votes` are
    meeting_record's dicts for candidates of this meeting (one left out keeps its vote). The
    roster of the corrected date counts (R12), each vote passes or fails again, and every
    candidate of the meeting moves with it; a new date is checked by the rules of the vote.
    Facts of the meeting left out of `details` stay as recorded."""
    reason = _secretary_reason(actor, meeting.branch, reason)
    meeting = BranchMeeting.objects.select_for_update().get(pk=meeting.pk)
    details = {**_snapshot(meeting, MEETING_FIELDS), **details}
    official, probationary, present = check_meeting_facts(meeting.branch, held_on, details)
    before = _snapshot(meeting, ("held_on", *MEETING_FIELDS))
    meeting.held_on, meeting.official_members = held_on, official
    meeting.probationary_members = probationary
    _assign(meeting, {k: v for k, v in details.items() if k in MEETING_FIELDS}, MEETING_FIELDS)
    meeting.save()
    meeting_changes = _meeting_changes(before, meeting)
    rows = {row["candidate"].pk: row for row in votes}
    settings = rule_settings(meeting.branch)
    checked, moved = [], []
    for vote in meeting.votes.select_for_update().order_by("pk"):
        candidate = _locked(vote.candidate)
        row = rows.get(candidate.pk, {})
        vote_before = _snapshot(vote, (*VOTE_FIELDS, "passed"))
        for name in VOTE_FIELDS:
            if name in row:
                value = row[name]
                setattr(vote, name, normalize_multiline(value) if isinstance(value, str) else value)
        vote.votes_against = vote.votes_against or 0
        counted = {"votes_for": vote.votes_for, "votes_against": vote.votes_against}
        check_vote_count(candidate, counted, present)
        vote.passed = rules.two_thirds(vote.votes_for, official) if official else False
        vote.save()
        _follow_vote(candidate, meeting, vote, before, vote_before["passed"], actor)
        check_meeting_dates(candidate, meeting)
        if held_on != before["held_on"]:
            typed = {"typed_official_members": vote.typed_official_members}
            found = vote_rule_findings(
                candidate, meeting.purpose, held_on, official, typed, settings
            )
            checked.append((candidate, found))
        vote_changes = field_changes(vote_before, vote, (*VOTE_FIELDS, "passed"))
        changes = {**meeting_changes, **vote_changes}
        moved.append((candidate, changes))
    if not any(changes for _candidate, changes in moved):
        raise DomainError(_("Nothing was corrected: these are the values already recorded."))
    refuse_or_force(checked, actor=actor, force_reason=force_reason)
    title = _("Branch meeting of %(date)s") % {"date": text.day(meeting.held_on)}
    for candidate, changes in moved:
        _finish_step(
            candidate,
            actor=actor,
            kind="correction",
            summary=_summary(title),
            changes=changes,
            reason=reason,
            record=meeting,
            corrects=corrected_event(candidate, meeting, ("vote",)),
        )
    return meeting


def _follow_vote(candidate, meeting, vote, before, was_passed, actor):
    """What the vote's result and date carry: the branch's resolution filed in the dossier
    (6-KNĐ) for an admission; the recognition and its dates (R17) for a recognition."""
    if meeting.purpose == Purpose.ADMISSION:
        _follow_admission(candidate, meeting, vote, before["held_on"], was_passed, actor)
    else:
        _follow_recognition(candidate, meeting, vote, was_passed, actor)


def _follow_admission(candidate, meeting, vote, was_held_on, was_passed, actor):
    name = {"name": candidate}
    if vote.passed and not was_passed:
        passed = candidate.votes.filter(passed=True, meeting__purpose=Purpose.ADMISSION)
        if passed.exclude(pk=vote.pk).exists():
            raise DomainError(
                _("%(name)s: another meeting of the branch has already passed the admission.")
                % name
            )
        _dossier_received(candidate, "6-KNĐ", meeting.held_on, actor)
        return
    paper = DossierItem.objects.filter(candidate=candidate, code="6-KNĐ", dated_on=was_held_on)
    if was_passed and not vote.passed:
        later = Decision.objects.filter(candidate=candidate).exists()
        if later or candidate.intermediate_resolutions.exists():
            raise DomainError(
                _(
                    "%(name)s: the steps recorded after this vote need it passed; correct them "
                    "first."
                )
                % name
            )
        paper.update(status=DossierItem.Status.MISSING, dated_on=None)
    elif vote.passed:
        paper.update(dated_on=meeting.held_on)


def _follow_recognition(candidate, meeting, vote, was_passed, actor):
    recognition = Recognition.objects.filter(candidate=candidate).first()
    name = {"name": candidate}
    if vote.passed and not was_passed:
        if recognition is not None or candidate.exit_kind:
            raise DomainError(
                _("%(name)s: this record is closed; the vote cannot pass now.") % name
            )
        _recognise(candidate, actor, meeting.held_on, meeting.resolution_number)
    elif was_passed and not vote.passed:
        if recognition.decision_number:
            raise DomainError(
                _(
                    "%(name)s: the superior's recognition decision is recorded; the vote of the "
                    "branch cannot become a failed one."
                )
                % name
            )
        recognition.delete()
        update_member(candidate.ceremony.member_id, official_on=None)
        _reopen(candidate)
    elif vote.passed:
        recognition.resolution_on = meeting.held_on
        recognition.resolution_number = meeting.resolution_number
        recognition.save(update_fields=["resolution_on", "resolution_number"])
        candidate.closed_on = meeting.held_on
        candidate.save(update_fields=["closed_on"])


def _reopen(candidate):
    others = Candidate.objects.open().filter(student_id=candidate.student_id)
    if others.exclude(pk=candidate.pk).exists():
        raise DomainError(
            _(
                "%(name)s has another open candidacy: close it before reopening this one; "
                "nothing was changed."
            )
            % {"name": candidate}
        )
    candidate.closed_on = None
    candidate.save(update_fields=["closed_on"])


# Undoing an exit --------------------------------------------------------------------------


@transaction.atomic
def candidate_exit_undo(*, candidate, actor, version, reason):
    """The secretary undoes an exit, with a written reason: the candidate is back at the stage
    it left, with every record kept; a member on probation is a member of the branch again."""
    reason = _secretary_reason(actor, candidate.branch, reason)
    candidate = _locked(candidate)
    if not candidate.exit_kind:
        raise DomainError(_("This candidacy did not end by leaving the pipeline; nothing changed."))
    fields = ("exit_kind", "closed_on", "close_reason")
    before = {**_snapshot(candidate, fields), "exit_kind": candidate.get_exit_kind_display()}
    _reopen(candidate)
    if candidate.exit_stage == Stage.PROBATIONARY:
        ceremony = Ceremony.objects.get(candidate=candidate)
        if ceremony.member.left_on == before["closed_on"]:
            update_member(ceremony.member_id, left_on=None)
    candidate.exit_kind = candidate.exit_stage = candidate.close_reason = ""
    candidate.save(update_fields=["exit_kind", "exit_stage", "close_reason"])
    stage = Stage(derive_stage(candidate)).label
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="exit_undone",
        summary=_("Exit undone: back at the stage “%(stage)s”") % {"stage": stage},
        changes=field_changes(before, candidate, fields),
        reason=reason,
        record=candidate,
        corrects=corrected_event(candidate, candidate, ("exit",)),
    )
