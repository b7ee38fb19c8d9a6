"""The branch's papers from what the pipeline recorded (FORMS.md), in full prose: the papers of a
branch meeting (`PAPERS`, built from the meeting and, for a resolution, one candidate it voted
on) and the papers of one candidate (`CANDIDATE_PAPERS`). Each is a `Kind` whose builder is
called with the kind itself, the record and the `Options`; the report engine renders them (PDF,
.docx) like any document, always as drafts.

Built in Vietnamese, like every document.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.errors import DomainError
from candidates.models import BranchMeeting

from ..builders import Kind, Options
from . import awareness, mentors
from .awareness import build_awareness_letter
from .ceremony import build_ceremony_minutes
from .drafts import (
    build_comments_summary,
    build_introduction,
    build_mentor_review,
    build_youth_resolution,
)
from .meeting import build_admission_minutes, build_admission_resolution
from .mentors import build_mentor_assignment
from .recognition import build_recognition_minutes, build_recognition_resolution
from .wording import current


def build(kind: str, meeting: BranchMeeting, candidate=None, on=None):
    """The paper `kind` of `meeting` (and `candidate`, for a resolution), as a draft."""
    with translation.override("vi"):
        paper = PAPERS[kind]
        votes = list(meeting.votes.select_related("candidate__student__school_class"))
        options = Options(period=None, on=on or meeting.held_on)
        options.extra["wording"] = wording = current(meeting.branch, kind)
        if paper.per_candidate:
            vote = next((v for v in votes if v.candidate == candidate), None)
            if vote is None:
                raise DomainError(_("Choose a candidate this meeting voted on."))
            options.candidate = candidate
            return _with(paper.build(paper, meeting, vote, options), wording)
        return _with(paper.build(paper, meeting, votes, options), wording)


def build_for_candidate(kind: str, candidate, on=None, record=None, mentor=None):
    """The paper `kind` of `candidate`, as a draft (dated `on`, or the day of what it records);
    `record`: the id of one of several records of its kind (an introducer's, a review);
    `mentor`: the user whose own review it must be (drafts.py)."""
    with translation.override("vi"):
        paper = CANDIDATE_PAPERS[kind]
        wording = current(candidate.branch, kind)
        extra = {"record": record, "mentor": mentor, "wording": wording}
        options = Options(period=None, on=on, candidate=candidate, extra=extra)
        return _with(paper.build(paper, candidate, options), wording)


def _with(document, wording):
    """The document, noting the versions of the branch's wording it was made with."""
    document.wording = wording.versions
    return document


CANDIDATE_PAPERS = {
    paper.key: paper
    for paper in (
        Kind(
            "ceremony-minutes",
            "BB",
            gettext_lazy("Minutes of the admission ceremony"),
            build_ceremony_minutes,
            per_candidate=True,
        ),
        # The drafts others finish and sign (drafts.py).
        Kind(
            "introduction",
            "",
            gettext_lazy("Introduction by a Party member (3-KNĐ)"),
            build_introduction,
            per_candidate=True,
            issuable=False,
        ),
        Kind(
            "youth-resolution",
            "NQ",
            gettext_lazy("Resolution of the Youth Union committee (4-KNĐ)"),
            build_youth_resolution,
            per_candidate=True,
            issuable=False,
        ),
        Kind(
            "comments-summary",
            "BC",
            gettext_lazy("Summary of comments (5-KNĐ)"),
            build_comments_summary,
            per_candidate=True,
        ),
        Kind(
            "mentor-review",
            "",
            gettext_lazy("Mentor's review of the probationary member (11-KNĐ)"),
            build_mentor_review,
            per_candidate=True,
            issuable=False,
        ),
        Kind(
            "mentor-assignment",
            "NQ",
            gettext_lazy("Resolution assigning mentors"),
            build_mentor_assignment,
            per_candidate=True,
        ),
        Kind(
            "awareness-letter",
            "CV",
            gettext_lazy("Letter proposing candidates for the awareness class"),
            build_awareness_letter,
            per_candidate=True,
            letter=True,
        ),
    )
}


PAPERS = {
    paper.key: paper
    for paper in (
        Kind(
            "admission-minutes",
            "BB",
            gettext_lazy("Minutes of the admission meeting"),
            build_admission_minutes,
        ),
        Kind(
            "admission-resolution",
            "NQ",
            gettext_lazy("Resolution proposing admission (6-KNĐ)"),
            build_admission_resolution,
            per_candidate=True,
        ),
        Kind(
            "recognition-minutes",
            "BB",
            gettext_lazy("Minutes of the recognition meeting"),
            build_recognition_minutes,
        ),
        Kind(
            "recognition-resolution",
            "NQ",
            gettext_lazy("Resolution proposing recognition as an official member (13-KNĐ)"),
            build_recognition_resolution,
            per_candidate=True,
        ),
    )
}


def kind_of(key):
    """A paper's kind, of a meeting or of a candidate; None for another key."""
    return PAPERS.get(key) or CANDIDATE_PAPERS.get(key)


# Papers that cover several candidates: the records of the group a candidate's paper covers.
GROUPS = {"mentor-assignment": mentors.batch_of, "awareness-letter": awareness.batch_of}


def holder_id(kind, candidate) -> int:
    """The id of the candidate a paper of `candidate` is issued under: the first of those it
    covers, so that one letter or resolution is issued once whichever page it is issued from."""
    group = GROUPS.get(kind)
    if group is None:
        return candidate.pk
    try:
        first = group(candidate).order_by("candidate_id").values_list("candidate_id", flat=True)
    except DomainError:
        return candidate.pk
    return first.first() or candidate.pk


def holder(kind, candidate):
    """The candidate a paper of `candidate` is issued under (holder_id)."""
    pk = holder_id(kind, candidate)
    return candidate if pk == candidate.pk else type(candidate).objects.get(pk=pk)
