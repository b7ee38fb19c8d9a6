"""The branch meeting: one form voting on several candidates (6-KNĐ or 13-KNĐ)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules, steps, text
from ..findings import meeting_findings, rule_settings
from ..models import BranchMeeting, MeetingVote, normalize_multiline
from .admission import _recognise
from .base import DomainError
from .chronology import check_dates
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
    official, probationary, present = check_meeting_facts(branch, held_on, details)
    if not votes:
        raise DomainError(_("Choose at least one candidate for this meeting."))
    settings = rule_settings(branch)
    checked = []
    for vote in votes:
        candidate = _locked(vote["candidate"])
        if candidate.branch_id != branch.pk:
            raise DomainError(_("A candidate of another branch cannot be voted on here."))
        check_vote_count(candidate, vote, present)
        steps.require(candidate, VOTE_STEP[purpose])
        _require_one_vote_a_day(candidate, purpose, held_on)
        findings = vote_rule_findings(candidate, purpose, held_on, official, vote, settings)
        checked.append((candidate, findings))
    refuse_or_force(checked, actor=actor, force_reason=force_reason)
    meeting = BranchMeeting.objects.create(
        branch=branch,
        purpose=purpose,
        held_on=held_on,
        official_members=official,
        probationary_members=probationary,
        recorded_by=actor,
        **{k: v for k, v in details.items() if k in MEETING_FIELDS},
    )
    for (candidate, found), vote in zip(checked, votes, strict=True):
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
        check_meeting_dates(candidate, meeting)
        _finish_step(candidate, actor=actor, kind="vote", summary=summary, record=meeting)
        record_warnings(found, actor=actor, candidate=candidate)
    return meeting


def _require_one_vote_a_day(candidate, purpose, held_on):
    """A candidate is voted on once a day for one purpose: the same meeting entered again (a
    second tab, a copy) is refused rather than counted twice (R18 counts failed votes)."""
    same = candidate.votes.filter(meeting__purpose=purpose, meeting__held_on=held_on)
    if same.exists():
        raise DomainError(
            _(
                "%(name)s: a vote of the branch meeting of %(date)s is already recorded; "
                "it was not recorded twice."
            )
            % {"name": candidate, "date": text.day(held_on)}
        )


def check_meeting_dates(candidate, meeting):
    """check_dates for one candidate of a meeting, naming the candidate in the refusal."""
    try:
        check_dates(candidate, meeting)
    except DomainError as error:
        raise DomainError(f"{candidate}: {error.message}") from None


def check_meeting_facts(branch, held_on, details):
    """The meeting's attendance against the roster of `held_on`, and its chair and minutes-taker
    members that day; returns the roster's (official, probationary) members and the official
    members present."""
    present = (details.get("present_official") or 0, details.get("present_probationary") or 0)
    people = (details.get("chair"), details.get("minutes_taker"))
    official, probationary = check_attendance(branch, held_on, present, people)
    return official, probationary, present[0]


def check_vote_count(candidate, vote, present_official):
    if vote["votes_for"] + (vote.get("votes_against") or 0) > present_official:
        raise DomainError(
            _("%(name)s: more votes than official members present.") % {"name": candidate}
        )


def vote_rule_findings(candidate, purpose, held_on, official, vote, settings):
    """What the rules say about voting on `candidate` at a meeting of `purpose` on `held_on`
    (a vote below two thirds is recorded as failed, so R12 does not block here)."""
    findings = meeting_findings(candidate, purpose, held_on, settings)
    findings += rules.check_r12_votes(0, official, vote.get("typed_official_members"))
    return [f for f in findings if not (f.code == "R12" and f.blocks)]


def refuse_or_force(checked, *, actor, force_reason):
    """[(candidate, findings)]: refuse every block at once, or keep the secretary's override
    on the page of each candidate the rules block."""
    blocked = [(c, [f for f in found if f.blocks]) for c, found in checked]
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
        _check_blocks(blocks, actor=actor, candidate=candidate, force_reason=force_reason)
