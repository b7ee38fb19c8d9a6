"""The papers of a branch meeting, from what the meeting recorded (FORMS.md): the minutes (one
per meeting, however many candidates it considered) and the 6-KNĐ resolution proposing an
admission (one per candidate), in full prose; and the minutes of a candidate's admission
ceremony.

An empty optional field drops its clause (no dotted blanks); a vote is always given as a share
of all official members (`rules.vote_for_text`). Built in Vietnamese, like every document.
"""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates import rules
from candidates.errors import DomainError
from candidates.findings import roster_counts
from candidates.models import BranchMeeting, Ceremony, Decision, MeetingVote, MentorAssignment
from candidates.text import day

from .builders import Kind, Options, _default_recipients, _document
from .document import Heading, Paragraph, Signature, nfc


def build(kind: str, meeting: BranchMeeting, candidate=None, on=None):
    """The paper `kind` of `meeting` (and `candidate`, for a resolution), as a draft."""
    with translation.override("vi"):
        paper = PAPERS[kind]
        if meeting.purpose != BranchMeeting.Purpose.ADMISSION:
            raise DomainError(_("This paper belongs to a meeting of another purpose."))
        votes = list(meeting.votes.select_related("candidate__student__school_class"))
        options = Options(period=None, on=on or meeting.held_on)
        if paper.per_candidate:
            vote = next((v for v in votes if v.candidate == candidate), None)
            if vote is None:
                raise DomainError(_("Choose a candidate this meeting voted on."))
            options.candidate = candidate
            return paper.build(meeting, vote, options)
        return paper.build(meeting, votes, options)


def _branch(branch) -> str:
    """The branch inside a sentence, "Chi bộ Trường THPT Quang Trung" (its printed name is in
    capitals)."""
    return _("the party branch of %(school)s") % {"school": nfc(branch.school)}


def _name(member) -> str:
    return nfc(member.full_name) if member else ""


def _student(vote: MeetingVote) -> str:
    return _about(vote.candidate.student)


def _about(student) -> str:
    """ "quần chúng Hồ Thị An (sinh ngày 02/03/2008, học sinh lớp 12A1)"."""
    about = [_("born on %(date)s") % {"date": day(student.date_of_birth)}]
    if student.school_class_id:
        about.append(_("student of class %(name)s") % {"name": nfc(student.school_class.name)})
    return _("the non-member %(name)s (%(about)s)") % {
        "name": nfc(student.full_name),
        "about": ", ".join(about),
    }


def _time(value) -> str:
    """ "14 giờ 05"."""
    return _("%(hour)s:%(minute)s") % {"hour": f"{value:%H}", "minute": f"{value:%M}"}


def _opening(meeting) -> str:
    """ "Vào lúc 14 giờ 00 ngày 20/03/2026, tại phòng họp…": the time and place when known."""
    when = {"date": day(meeting.held_on)}
    if meeting.starts_at:
        text = _("At %(time)s on %(date)s") % {**when, "time": _time(meeting.starts_at)}
    else:
        text = _("On %(date)s") % when
    if meeting.place:
        text += ", " + _("at %(place)s") % {"place": nfc(meeting.place)}
    return text


def _counts(official, probationary) -> str:
    """ "11 đồng chí, gồm 9 đảng viên chính thức và 2 đảng viên dự bị"."""
    return _(
        "%(total)s comrades: %(official)s official and %(probationary)s probationary members"
    ) % {"total": official + probationary, "official": official, "probationary": probationary}


def attendance(members, present=None, absences=()) -> list[Paragraph]:
    """The members, those present and those absent (each absence with its reason), each an
    (official, probationary) pair; without `present`, the members only."""
    lines = [_("Members of the branch: %(counts)s.") % {"counts": _counts(*members)}]
    if present is not None:
        absent = (members[0] - present[0], members[1] - present[1])
        lines.append(_("Present: %(counts)s.") % {"counts": _counts(*present)})
        if sum(absent):
            line = _("Absent: %(counts)s") % {"counts": _counts(*absent)}
            named = [_absence(a) for a in absences if a.get("name")]
            lines.append(f"{line}: {'; '.join(named)}." if named else f"{line}.")
        else:
            lines.append(_("Absent: none."))
    return [Paragraph(line) for line in lines]


def _meeting_attendance(meeting) -> list[Paragraph]:
    return attendance(
        (meeting.official_members, meeting.probationary_members),
        (meeting.present_official, meeting.present_probationary),
        meeting.absences,
    )


def _absence(absence) -> str:
    status = _("official member") if absence.get("official", True) else _("probationary member")
    text = _("comrade %(name)s (%(status)s)") % {"name": nfc(absence["name"]), "status": status}
    reason = nfc(absence.get("reason", ""))
    return (
        _("%(who)s, with a reason: %(reason)s") % {"who": text, "reason": reason}
        if reason
        else _("%(who)s, without a reason") % {"who": text}
    )


def _roles(meeting) -> list[Paragraph]:
    lines = []
    if meeting.chair:
        lines.append(_("Chair: comrade %(name)s.") % {"name": _name(meeting.chair)})
    if meeting.minutes_taker:
        lines.append(
            _("Minutes taken by: comrade %(name)s.") % {"name": _name(meeting.minutes_taker)}
        )
    return [Paragraph(line) for line in lines]


def _assessment(vote) -> list[Paragraph]:
    """ "Về phẩm chất chính trị: ưu điểm: …; khuyết điểm: …" for each heading written."""
    found = []
    for heading, strengths, weaknesses in vote.written_headings():
        said = []
        if strengths:
            said.append(_("strengths: %(text)s") % {"text": nfc(strengths).rstrip(".")})
        if weaknesses:
            said.append(_("weaknesses: %(text)s") % {"text": nfc(weaknesses).rstrip(".")})
        found.append(
            Paragraph(
                _("On %(heading)s: %(said)s.") % {"heading": heading, "said": "; ".join(said)}
            )
        )
    return found


def _vote(meeting, vote) -> list[Paragraph]:
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


def build_admission_minutes(meeting, votes, options):
    branch = meeting.branch
    names = ", ".join(nfc(v.candidate.student.full_name) for v in votes)
    body = [
        Paragraph(
            _(
                "%(opening)s, %(branch)s met to consider proposing the admission of the "
                "non-members %(names)s to the Party."
            )
            % {"opening": _opening(meeting), "branch": _branch(branch), "names": names}
        ),
        Heading(_("I. ATTENDANCE")),
        *_meeting_attendance(meeting),
        *_roles(meeting),
        Heading(_("II. PROCEEDINGS")),
    ]
    for index, vote in enumerate(votes, start=1):
        body += [
            Heading(f"{index}. {capfirst(_student(vote))}"),
            Paragraph(
                _(
                    "The branch studied the dossier of the non-member and heard the opinions of "
                    "the members present."
                )
            ),
            *_assessment(vote),
            *_vote(meeting, vote),
            _result(meeting, vote),
        ]
    if meeting.ends_at:
        body.append(
            Paragraph(
                _("The meeting ended at %(time)s on the same day.")
                % {"time": _time(meeting.ends_at)}
            )
        )
    summary = _("of the branch meeting considering proposals for admission to the Party")
    kind = PAPERS["admission-minutes"]
    return _minutes(branch, kind, options, summary, body, meeting)


# --- the 6-KNĐ resolution ---------------------------------------------------------------------


def build_admission_resolution(meeting, vote, options):
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
        Paragraph(
            _("Pursuant to Article 4 of the Party Statute and the guidance on its implementation;")
        ),
        Paragraph(
            _(
                "On %(date)s, %(branch)s met to consider proposing the admission of %(student)s "
                "to the Party."
            )
            % {"date": day(meeting.held_on), "branch": _branch(branch), "student": _student(vote)}
        ),
        *_meeting_attendance(meeting),
        *_roles(meeting),
        Paragraph(
            _("Having reviewed the dossier of the non-member %(name)s, the branch concludes:")
            % {"name": name}
        ),
        *_assessment(vote),
        *_vote(meeting, vote),
        _result(meeting, vote),
    ]
    document = _document(
        branch,
        PAPERS["admission-resolution"],
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


# --- the ceremony's minutes -------------------------------------------------------------------


def build_for_candidate(kind: str, candidate, on=None):
    """The paper `kind` of `candidate` (the minutes of its admission ceremony), as a draft."""
    with translation.override("vi"):
        ceremony = (
            Ceremony.objects.filter(candidate=candidate)
            .select_related("chair", "minutes_taker", "candidate__student__school_class")
            .first()
        )
        if ceremony is None:
            raise DomainError(_("No admission ceremony is recorded for this candidate."))
        options = Options(period=None, on=on or ceremony.held_on, candidate=candidate)
        return CANDIDATE_PAPERS[kind].build(ceremony, options)


def build_ceremony_minutes(ceremony, options):
    candidate = ceremony.candidate
    branch, name = candidate.branch, nfc(candidate.student.full_name)
    present = (ceremony.present_official, ceremony.present_probationary)
    body = [
        Paragraph(
            _("%(opening)s, %(branch)s held the ceremony admitting %(student)s to the Party.")
            % {
                "opening": _opening(ceremony),
                "branch": _branch(branch),
                "student": _about(candidate.student),
            }
        ),
        Heading(_("I. ATTENDANCE")),
        *attendance(roster_counts(branch, ceremony.held_on), None if None in present else present),
        *_roles(ceremony),
    ]
    if ceremony.guests:
        body.append(Paragraph(_("Guests: %(names)s.") % {"names": _inline(ceremony.guests)}))
    body.append(Heading(_("II. PROCEEDINGS")))
    decision = Decision.objects.filter(candidate=candidate).select_related("issuer").first()
    if ceremony.decision_read and decision:
        body.append(
            Paragraph(
                _(
                    "Decision No. %(number)s of %(date)s of %(issuer)s admitting %(name)s to "
                    "the Party was read."
                )
                % {
                    "number": nfc(decision.number),
                    "date": day(decision.issued_on),
                    "issuer": nfc(decision.issuer.name),
                    "name": name,
                }
            )
        )
    if ceremony.oath_taken:
        body.append(Paragraph(_("The new member %(name)s took the oath.") % {"name": name}))
    mentors = candidate.mentors.filter(period=MentorAssignment.Period.PROBATION)
    mentors = [_name(m.member) for m in mentors.select_related("member")]
    if mentors:
        body.append(
            Paragraph(
                _("The branch assigned comrade %(mentors)s to help the probationary member.")
                % {"mentors": _(" and comrade ").join(mentors)}
            )
        )
    body.append(
        Paragraph(
            _("The probation of comrade %(name)s runs from %(date)s.")
            % {"name": name, "date": day(ceremony.held_on)}
        )
    )
    kind = CANDIDATE_PAPERS["ceremony-minutes"]
    return _minutes(branch, kind, options, _("of the Party admission ceremony"), body, ceremony)


def _minutes(branch, kind, options, summary, body, held):
    """Minutes of `held` (a meeting or a ceremony): dated its day, signed by its minutes taker
    on the left and its chair on the right."""
    document = _document(branch, kind, options, type_name=_("MINUTES"), summary=summary, body=body)
    document.dated = held.held_on
    document.signature = Signature([_("CHAIR")], _name(held.chair))
    document.left_signature = Signature([_("MINUTES TAKER")], _name(held.minutes_taker))
    return document


def _inline(text) -> str:
    """Lines typed one a line, as one clause: "a; b"."""
    return "; ".join(line.strip("-–;. ") for line in nfc(text).splitlines() if line.strip("-–;. "))


CANDIDATE_PAPERS = {
    "ceremony-minutes": Kind(
        "ceremony-minutes",
        "BB",
        gettext_lazy("Minutes of the admission ceremony"),
        build_ceremony_minutes,
        per_candidate=True,
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
    )
}
