"""The papers of a branch meeting considering recognition as an official member: the minutes (one
per meeting, however many probationary members it considered) and the 13-KNĐ resolution
proposing the recognition (one per member), whose conclusions come from the probation's papers:
the self-review (10-KNĐ) and the summary of comments (12-KNĐ) when the dossier holds them, and
the probation mentor's review (11-KNĐ, `MentorReview`)."""

from django.utils.translation import gettext as _

from candidates import rules
from candidates.errors import DomainError
from candidates.findings import rule_settings
from candidates.models import (
    BranchMeeting,
    Ceremony,
    Decision,
    DossierItem,
    MentorAssignment,
    MentorReview,
    Recognition,
)
from candidates.text import day

from ..builders import _default_recipients, _document
from ..document import Paragraph, nfc
from .meeting import meeting_minutes, require_purpose, vote_lines
from .prose import assessment, details, in_prose, meeting_attendance, name_of, roles
from .wording import RECOGNITION_BASIS
from .wording import of as wording_of

RECOGNITION = BranchMeeting.Purpose.RECOGNITION
SELF_REVIEW, COMMENTS = "10-KNĐ", "12-KNĐ"


def _member(meeting, vote) -> str:
    """ "đảng viên dự bị Nguyễn Văn An (sinh ngày …, học sinh lớp 12A1, kết nạp ngày …)"."""
    candidate = vote.candidate
    about = [details(candidate.student, on=meeting.held_on)]
    ceremony = Ceremony.objects.filter(candidate=candidate).first()
    if ceremony:
        about.append(_("admitted to the Party on %(date)s") % {"date": day(ceremony.held_on)})
    return _("the probationary member %(name)s (%(about)s)") % {
        "name": nfc(candidate.student.full_name),
        "about": ", ".join(about),
    }


def _held(candidate, code):
    """The dossier's paper `code` when the branch holds it (received or verified)."""
    held = (DossierItem.Status.RECEIVED, DossierItem.Status.VERIFIED)
    return candidate.dossier.filter(code=code, status__in=held).first()


def _dated(text, item) -> str:
    """ "…(10-KNĐ), ngày 02/05/2027." — the date when the paper has one."""
    if item.dated_on:
        text += ", " + _("dated %(date)s") % {"date": day(item.dated_on)}
    return text + "."


def _probation(candidate) -> list[Paragraph]:
    """The admission decision and the twelve months of probation, as far as recorded."""
    ceremony = Ceremony.objects.filter(candidate=candidate).first()
    if ceremony is None:
        return []
    name = nfc(candidate.student.full_name)
    lines = []
    decision = Decision.objects.filter(candidate=candidate).select_related("issuer").first()
    if decision:
        lines.append(
            _(
                "Comrade %(name)s was admitted to the Party by Decision No. %(number)s of "
                "%(date)s of %(issuer)s."
            )
            % {
                "name": name,
                "number": nfc(decision.number),
                "date": day(decision.issued_on),
                "issuer": nfc(decision.issuer.name),
            }
        )
    recognition = Recognition.objects.filter(candidate=candidate).first()
    end = (
        recognition.official_on
        if recognition
        else rules.official_date(ceremony.held_on, rule_settings(candidate.branch))
    )
    lines.append(
        _("The probation of comrade %(name)s ran from %(start)s to %(end)s.")
        % {"name": name, "start": day(ceremony.held_on), "end": day(end)}
    )
    return [Paragraph(line) for line in lines]


def _reviews(candidate) -> list[MentorReview]:
    """The last review of each probation mentor (11-KNĐ), in the order they were written."""
    reviews = MentorReview.objects.filter(
        assignment__candidate=candidate,
        assignment__period=MentorAssignment.Period.PROBATION,
    ).select_related("assignment__member")
    last = {}
    for review in reviews.order_by("written_on", "pk"):
        last[review.assignment.member_id] = review
    return sorted(last.values(), key=lambda r: (r.written_on, r.pk))


def _review(review, name) -> list[Paragraph]:
    mentor = name_of(review.assignment.member)
    lines = [
        Paragraph(
            _(
                "Comrade %(mentor)s, assigned to help the probationary member, reviewed comrade "
                "%(name)s on %(date)s (11-KNĐ): %(summary)s."
            )
            % {
                "mentor": mentor,
                "name": name,
                "date": day(review.written_on),
                "summary": nfc(review.summary).rstrip("."),
            }
        ),
        *assessment(review),
    ]
    Recommendation = MentorReview.Recommendation
    if review.recommendation:
        text = (
            _("Comrade %(mentor)s recommends recognising comrade %(name)s as an official member")
            if review.recommendation == Recommendation.FOR
            else _(
                "Comrade %(mentor)s does not recommend recognising comrade %(name)s as an "
                "official member"
            )
        ) % {"mentor": mentor, "name": name}
        if review.recommendation_reason:
            text += ": " + nfc(review.recommendation_reason).rstrip(".")
        lines.append(Paragraph(text + "."))
    return lines


def conclusions(meeting, vote) -> list[Paragraph]:
    """What the probation's papers say (10-, 11-, 12-KNĐ), each only when recorded."""
    candidate = vote.candidate
    name = nfc(candidate.student.full_name)
    found = _probation(candidate)
    item = _held(candidate, SELF_REVIEW)
    if item:
        text = _("Comrade %(name)s wrote a self-review of the probation (10-KNĐ)") % {"name": name}
        found.append(Paragraph(_dated(text, item)))
    for review in _reviews(candidate):
        found += _review(review, name)
    item = _held(candidate, COMMENTS)
    if item:
        text = _(
            "The comments of the organisations where comrade %(name)s studies and of the Party "
            "cell where they live were summarised (12-KNĐ)"
        ) % {"name": name}
        found.append(Paragraph(_dated(text, item)))
    return found


def _result(meeting, vote) -> Paragraph:
    name = nfc(vote.candidate.student.full_name)
    decider = nfc(meeting.branch.committee.decider.name)
    if not vote.passed:
        return Paragraph(
            _(
                "With fewer than two thirds of all official members for, the branch does not "
                "propose recognising comrade %(name)s as an official member of the Party."
            )
            % {"name": name}
        )
    recognition = Recognition.objects.filter(candidate=vote.candidate).first()
    if recognition:
        text = _(
            "With at least two thirds of all official members for, the branch proposes that "
            "%(decider)s consider recognising comrade %(name)s as an official member of the "
            "Party from %(date)s."
        )
    else:
        text = _(
            "With at least two thirds of all official members for, the branch proposes that "
            "%(decider)s consider recognising comrade %(name)s as an official member of the "
            "Party."
        )
    date = day(recognition.official_on) if recognition else ""
    return Paragraph(text % {"decider": decider, "name": name, "date": date})


# --- the minutes ------------------------------------------------------------------------------


def build_recognition_minutes(kind, meeting, votes, options):
    require_purpose(meeting, RECOGNITION)
    return meeting_minutes(
        kind,
        meeting,
        votes,
        options,
        opening_text=_(
            "%(opening)s, %(branch)s met to consider recognising the probationary members "
            "%(names)s as official members of the Party."
        ),
        who=_member,
        considered=lambda meeting, vote: [
            Paragraph(
                _(
                    "The branch studied the papers of the probation and heard the opinions of "
                    "the members present."
                )
            ),
            *conclusions(meeting, vote),
        ],
        result=_result,
        summary=_("of the branch meeting considering recognition as official members"),
    )


# --- the 13-KNĐ resolution --------------------------------------------------------------------


def build_recognition_resolution(kind, meeting, vote, options):
    require_purpose(meeting, RECOGNITION)
    if not vote.passed:
        raise DomainError(
            _(
                "The vote did not reach two thirds of all official members: no resolution "
                "proposes this recognition."
            )
        )
    branch = meeting.branch
    name = nfc(vote.candidate.student.full_name)
    body = [
        *wording_of(options).paragraphs(RECOGNITION_BASIS),
        Paragraph(
            _(
                "On %(date)s, %(branch)s met to consider recognising %(member)s as an official "
                "member of the Party."
            )
            % {
                "date": day(meeting.held_on),
                "branch": in_prose(branch),
                "member": _member(meeting, vote),
            }
        ),
        *meeting_attendance(meeting),
        *roles(meeting),
        Paragraph(
            _(
                "Having reviewed the papers of the probation of comrade %(name)s, the branch "
                "concludes:"
            )
            % {"name": name}
        ),
        *conclusions(meeting, vote),
        *assessment(vote),
        *vote_lines(meeting, vote),
        _result(meeting, vote),
    ]
    document = _document(
        branch,
        kind,
        options,
        type_name=_("RESOLUTION"),
        summary=_("proposing the recognition of an official member"),
        body=body,
        recipients=_default_recipients(branch, nfc(branch.committee.decider.name)),
    )
    document.dated = meeting.held_on
    recognition = Recognition.objects.filter(candidate=vote.candidate).first()
    number = meeting.resolution_number or (recognition.resolution_number if recognition else "")
    if number:
        document.number = nfc(number)
    return document
