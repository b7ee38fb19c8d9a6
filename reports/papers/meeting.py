"""The papers of a branch meeting considering admissions: the minutes (one per meeting, however
many candidates it considered) and the 6-KNĐ resolution proposing an admission (one per
candidate); a vote is always a share of all official members (`rules.vote_for_text`).

`meeting_minutes` and `vote_lines` serve a meeting of any purpose (reports.papers.recognition
words its own)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from candidates import rules
from candidates.errors import DomainError
from candidates.models import BranchMeeting, MeetingVote
from candidates.text import day

from ..builders import _default_recipients, _document
from ..document import Heading, Paragraph, nfc
from .prose import about, assessment, in_prose, meeting_attendance, minutes, opening, roles, time_of
from .wording import ADMISSION_BASIS
from .wording import of as wording_of


def require_purpose(meeting, purpose):
    """Refuse a paper of a meeting of another purpose, naming both purposes."""
    if meeting.purpose != purpose:
        raise DomainError(
            _(
                "This paper belongs to a meeting of the purpose “%(paper)s”; this "
                "meeting's purpose is “%(meeting)s”."
            )
            % {
                "paper": BranchMeeting.Purpose(purpose).label,
                "meeting": meeting.get_purpose_display(),
            }
        )


def _student(vote: MeetingVote) -> str:
    return about(vote.candidate.student)


def vote_lines(meeting, vote) -> list[Paragraph]:
    """How the branch voted and the result, of all official members (R12)."""
    official = meeting.official_members
    method = (
        _("by secret ballot")
        if meeting.method == BranchMeeting.Method.SECRET
        else _("by a show of cards")
    )
    line = _("The branch voted %(method)s: %(for)s; %(against)s.") % {
        "method": method,
        "for": rules.vote_for_text(vote.votes_for, official),
        "against": rules.vote_against_text(vote.votes_against, official),
    }
    lines = [line]
    if vote.votes_against and vote.against_reasons:
        lines.append(
            _("Reasons of those against: %(text)s.")
            % {"text": nfc(vote.against_reasons).rstrip(".")}
        )
    return [Paragraph(line) for line in lines]


def _result(meeting, vote) -> Paragraph:
    name = nfc(vote.candidate.student.full_name)
    decider = nfc(meeting.branch.committee.decider.name)
    if vote.passed:
        return Paragraph(
            _(
                "With at least two thirds of all official members for, the branch proposes that "
                "%(decider)s consider admitting the non-member %(name)s to the Party."
            )
            % {"decider": decider, "name": name}
        )
    return Paragraph(
        _(
            "With fewer than two thirds of all official members for, the branch does not propose "
            "the admission of the non-member %(name)s."
        )
        % {"name": name}
    )


# --- the minutes ------------------------------------------------------------------------------


def meeting_minutes(
    kind, meeting, votes, options, *, opening_text, who, considered, result, summary
):
    """The minutes of a branch meeting, however many it voted on: `opening_text` (with
    %(opening)s, %(branch)s and %(names)s), then for each vote a heading (`who`), what the
    branch considered (`considered`, paragraphs), the assessment, the vote and its `result`."""
    branch = meeting.branch
    names = ", ".join(nfc(v.candidate.student.full_name) for v in votes)
    body = [
        Paragraph(
            opening_text % {"opening": opening(meeting), "branch": in_prose(branch), "names": names}
        ),
        Heading(_("I. ATTENDANCE")),
        *meeting_attendance(meeting),
        *roles(meeting),
        Heading(_("II. PROCEEDINGS")),
    ]
    for index, vote in enumerate(votes, start=1):
        body += [
            Heading(f"{index}. {capfirst(who(meeting, vote))}"),
            *considered(meeting, vote),
            *assessment(vote),
            *vote_lines(meeting, vote),
            result(meeting, vote),
        ]
    if meeting.ends_at:
        body.append(
            Paragraph(
                _("The meeting ended at %(time)s on the same day.")
                % {"time": time_of(meeting.ends_at)}
            )
        )
    return minutes(branch, kind, options, summary, body, meeting)


def build_admission_minutes(kind, meeting, votes, options):
    require_purpose(meeting, BranchMeeting.Purpose.ADMISSION)
    return meeting_minutes(
        kind,
        meeting,
        votes,
        options,
        opening_text=_(
            "%(opening)s, %(branch)s met to consider proposing the admission of the "
            "non-members %(names)s to the Party."
        ),
        who=lambda meeting, vote: _student(vote),
        considered=lambda meeting, vote: [
            Paragraph(
                _(
                    "The branch studied the dossier of the non-member and heard the opinions of "
                    "the members present."
                )
            )
        ],
        result=_result,
        summary=_("of the branch meeting considering proposals for admission to the Party"),
    )


# --- the 6-KNĐ resolution ---------------------------------------------------------------------


def build_admission_resolution(kind, meeting, vote, options):
    require_purpose(meeting, BranchMeeting.Purpose.ADMISSION)
    if not vote.passed:
        raise DomainError(
            _(
                "The vote did not reach two thirds of all official members: no resolution "
                "proposes this admission."
            )
        )
    branch = meeting.branch
    name = nfc(vote.candidate.student.full_name)
    body = [
        *wording_of(options).paragraphs(ADMISSION_BASIS),
        Paragraph(
            _(
                "On %(date)s, %(branch)s met to consider proposing the admission of %(student)s "
                "to the Party."
            )
            % {"date": day(meeting.held_on), "branch": in_prose(branch), "student": _student(vote)}
        ),
        *meeting_attendance(meeting),
        *roles(meeting),
        Paragraph(
            _("Having reviewed the dossier of the non-member %(name)s, the branch concludes:")
            % {"name": name}
        ),
        *assessment(vote),
        *vote_lines(meeting, vote),
        _result(meeting, vote),
    ]
    document = _document(
        branch,
        kind,
        options,
        type_name=_("RESOLUTION"),
        summary=_("proposing the admission of a Party member"),
        body=body,
        recipients=_default_recipients(branch, nfc(branch.committee.decider.name)),
    )
    document.dated = meeting.held_on
    if meeting.resolution_number:
        document.number = nfc(meeting.resolution_number)
    return document
