"""The branch meeting: one form voting on several candidates (6-KNĐ or 13-KNĐ)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules, steps, text
from ..findings import rule_settings, vote_findings
from ..models import BranchMeeting, MeetingVote, normalize_multiline
from .admission import _recognise
from .base import DomainError
from .pipeline import (
    _assessment,
    _check_blocks,
    _dossier_received,
    _finish_step,
    _locked,
    check_attendance,
    record_warnings,
)

# The step of the pipeline that a meeting of each purpose records.
VOTE_STEP = {
    BranchMeeting.Purpose.ADMISSION: "admission_vote",
    BranchMeeting.Purpose.RECOGNITION: "recognition_vote",
}
MEETING_FIELDS = (
    "place",
    "starts_at",
    "ends_at",
    "chair",
    "minutes_taker",
    "method",
    "present_official",
    "present_probationary",
    "absences",
    "resolution_number",
)


@transaction.atomic
def meeting_record(*, branch, actor, purpose, held_on, votes, force_reason="", **details):
    """One branch meeting voting on several candidates (6-KNĐ or 13-KNĐ), in one form.

    `votes` is a list of dicts: candidate, votes_for, votes_against, against_reasons,
    typed_official_members (optional) and the four assessment headings. The number of
    official members comes from the roster on `held_on` (R12); a typed number that disagrees
    is a warning. A vote below two thirds is recorded as failed, not refused.
    """
    present = (details.get("present_official") or 0, details.get("present_probationary") or 0)
    people = (details.get("chair"), details.get("minutes_taker"))
    official, probationary = check_attendance(branch, held_on, present, people)
    if not votes:
        raise DomainError(_("Choose at least one candidate for this meeting."))
    settings = rule_settings(branch)
    checked = []
    for vote in votes:
        candidate = _locked(vote["candidate"])
        if candidate.branch_id != branch.pk:
            raise DomainError(_("A candidate of another branch cannot be voted on here."))
        if vote["votes_for"] + vote.get("votes_against", 0) > present[0]:
            raise DomainError(
                _("%(name)s: more votes than official members present.") % {"name": candidate}
            )
        steps.require(candidate, VOTE_STEP[purpose])
        if purpose == BranchMeeting.Purpose.ADMISSION:
            findings = vote_findings(candidate, held_on, settings)
        else:
            findings = rules.check_r16_recognition(candidate.ceremony.held_on, held_on, settings)
        findings += rules.check_r12_votes(0, official, vote.get("typed_official_members"))
        findings = [f for f in findings if not (f.code == "R12" and f.blocks)]
        checked.append((candidate, vote, findings))
    blocked = [(c, [f for f in found if f.blocks]) for c, _v, found in checked]
    blocked = [(c, blocks) for c, blocks in blocked if blocks]
    if blocked and not normalize_multiline(force_reason):
        raise DomainError(
            _("Blocked by the rules: %(findings)s")
            % {
                "findings": "; ".join(
                    f"{c}: {f.message} ({f.code})" for c, blocks in blocked for f in blocks
                )
            },
            [f for _c, blocks in blocked for f in blocks],
        )
    for candidate, blocks in blocked:
        # The override is kept on the page of each candidate the rules block.
        _check_blocks(blocks, actor=actor, candidate=candidate, force_reason=force_reason)
    meeting = BranchMeeting.objects.create(
        branch=branch,
        purpose=purpose,
        held_on=held_on,
        official_members=official,
        probationary_members=probationary,
        recorded_by=actor,
        **{k: v for k, v in details.items() if k in MEETING_FIELDS},
    )
    for candidate, vote, found in checked:
        passed = rules.two_thirds(vote["votes_for"], official) if official else False
        MeetingVote.objects.create(
            meeting=meeting,
            candidate=candidate,
            votes_for=vote["votes_for"],
            votes_against=vote.get("votes_against", 0),
            against_reasons=normalize_multiline(vote.get("against_reasons", "")),
            typed_official_members=vote.get("typed_official_members"),
            passed=passed,
            **_assessment(vote),
        )
        share = rules.share_percent(vote["votes_for"], official)
        summary = (
            _(
                "Branch meeting of %(date)s: %(for)s of %(official)s official members for "
                "(%(share)s%%) — passed"
            )
            if passed
            else _(
                "Branch meeting of %(date)s: %(for)s of %(official)s official members for "
                "(%(share)s%%) — below two thirds, not passed"
            )
        ) % {
            "date": text.day(held_on),
            "for": vote["votes_for"],
            "official": official,
            "share": share,
        }
        if purpose == BranchMeeting.Purpose.RECOGNITION and passed:
            _recognise(candidate, actor, held_on, details.get("resolution_number", ""))
        elif passed:
            _dossier_received(candidate, "6-KNĐ", held_on, actor)
        _finish_step(candidate, actor=actor, kind="vote", summary=summary)
        record_warnings(found, actor=actor, candidate=candidate)
    return meeting
