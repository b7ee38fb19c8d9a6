"""The drafts others finish and sign, filled with what PTĐV knows of the candidate: the
introducing member's 3-KNĐ and the mentor's 11-KNĐ (personal papers), the Youth Union
committee's 4-KNĐ resolution (the Youth Union's header) and the branch committee's 5-KNĐ summary
of comments (a Party paper).

A candidate may have several records of a kind. 3-KNĐ: one paper per introducer, the first
introduction unless `options.extra["record"]` names another. 4-KNĐ: the latest resolution.
5-KNĐ: one paper summarising every body consulted, in date order. 11-KNĐ: the latest review
written on probation (by the mentor asking, when a mentor asks), unless a record is named.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from candidates import rules
from candidates.errors import DomainError
from candidates.models import (
    Consultation,
    MentorAssignment,
    MentorReview,
)
from candidates.text import day

from ..builders import _default_recipients, _document, paragraphs
from ..document import PERSONAL, YOUTH, Heading, Paragraph, Signature, nfc
from .prose import assessment, in_prose, inline, name_of
from .wording import INTRODUCTION_RESPONSIBILITY, YOUTH_BASIS
from .wording import of as wording_of


def _details(student) -> str:
    """ "sinh ngày 02/03/2008, học sinh lớp 12A1"."""
    found = [_("born on %(date)s") % {"date": day(student.date_of_birth)}]
    if student.school_class_id:
        found.append(_("student of class %(name)s") % {"name": nfc(student.school_class.name)})
    return ", ".join(found)


def _branch(branch) -> str:
    """ "Chi bộ Trường THPT Quang Trung", as a name that opens a line."""
    return capfirst(in_prose(branch))


def _record(queryset, options, latest=False):
    """The record of `queryset` named by `options.extra["record"]`, else the first (or the
    latest)."""
    chosen = options.extra.get("record")
    if chosen:
        return queryset.filter(pk=chosen).first()
    return queryset.last() if latest else queryset.first()


def _member(member, branch) -> list[Paragraph]:
    """The member block of a personal paper (FORMS.md): who writes, from the roster."""
    line = _("I am comrade %(name)s") % {"name": name_of(member)}
    if member.date_of_birth:
        line += ", " + _("born on %(date)s") % {"date": day(member.date_of_birth)}
    if member.hometown:
        line += "; " + _("hometown: %(place)s") % {"place": nfc(member.hometown)}
    lines = [line + "."]
    joined = _("I joined the Party on %(date)s") % {"date": day(member.joined_on)}
    if member.official_on:
        joined += ", " + _("official member since %(date)s") % {"date": day(member.official_on)}
    lines.append(joined + ".")
    if member.position:
        lines.append(
            _("Positions in the Party, the school and its organisations: %(text)s.")
            % {"text": nfc(member.position).rstrip(".")}
        )
    lines.append(_("I am a member of %(branch)s.") % {"branch": in_prose(branch)})
    return [Paragraph(text) for text in lines]


def _personal(document, title, member):
    """A personal paper: "Kính gửi: Chi bộ …", signed by its writer under the place and date."""
    document.layout = PERSONAL
    document.recipients = []
    document.signature = Signature([title], name_of(member), note=_("(Signature and full name)"))
    return document


# --- 3-KNĐ: the introduction ------------------------------------------------------------------


def build_introduction(kind, candidate, options):
    intro = _record(candidate.introductions.select_related("member"), options)
    if intro is None:
        raise DomainError(_("No introduction by a Party member is recorded for this candidate."))
    branch, student = candidate.branch, candidate.student
    name = nfc(student.full_name)
    if intro.is_replacement:
        line = _(
            "Assigned by the branch, I introduce the non-member %(name)s (%(about)s) for "
            "admission to the Communist Party of Vietnam."
        )
    else:
        line = _(
            "I introduce the non-member %(name)s (%(about)s) for admission to the Communist "
            "Party of Vietnam."
        )
    body = [
        *_member(intro.member, branch),
        Paragraph(line % {"name": name, "about": _details(student)}),
    ]
    found = assessment(intro)
    if found:
        body.append(
            Paragraph(
                _(
                    "Having come to know and helped the non-member %(name)s, I report to the "
                    "branch their main strengths and weaknesses:"
                )
                % {"name": name}
            )
        )
        body += found
    if intro.points_to_note:
        body.append(
            Paragraph(_("Points to note: %(text)s.") % {"text": inline(intro.points_to_note)})
        )
    body += wording_of(options).paragraphs(INTRODUCTION_RESPONSIBILITY)
    document = _document(
        branch,
        kind,
        options,
        type_name=_("LETTER OF INTRODUCTION"),
        summary=_("of a person applying to join the Party"),
        body=body,
        addressee=_branch(branch),
    )
    document.dated = intro.introduced_on
    return _personal(document, _("THE INTRODUCING MEMBER"), intro.member)


# --- 4-KNĐ: the Youth Union committee's resolution --------------------------------------------


def youth_vote_text(votes_for, members) -> str:
    """ "tán thành 6 đồng chí (đạt 66,7% so với tổng số ủy viên Ban Chấp hành)"."""
    return _("%(for)s comrades for (%(share)s%% of all members of the executive committee)") % {
        "for": votes_for,
        "share": rules.share_percent(votes_for, members),
    }


def build_youth_resolution(kind, candidate, options):
    resolution = _record(candidate.youth_resolutions.all(), options, latest=True)
    if resolution is None:
        raise DomainError(_("No resolution of the Youth Union is recorded for this candidate."))
    branch, student = candidate.branch, candidate.student
    name = nfc(student.full_name)
    committee = _("the Youth Union executive committee of %(school)s") % {
        "school": nfc(branch.school)
    }
    absent = resolution.committee_members - resolution.present
    attendance = _(
        "Members of the executive committee: %(members)s comrades; present: %(present)s "
        "comrades; absent: %(absent)s comrades."
    ) % {"members": resolution.committee_members, "present": resolution.present, "absent": absent}
    body = [
        *wording_of(options).paragraphs(YOUTH_BASIS),
        Paragraph(
            _(
                "On %(date)s, %(committee)s met to consider introducing the Youth Union member "
                "%(name)s (%(about)s) for admission to the Party."
            )
            % {
                "date": day(resolution.adopted_on),
                "committee": committee,
                "name": name,
                "about": _details(student),
            }
        ),
        Paragraph(attendance),
    ]
    found = assessment(resolution)
    if found:
        body.append(
            Paragraph(
                _("The executive committee's assessment of the Youth Union member %(name)s:")
                % {"name": name}
            )
        )
        body += found
    body += [
        Paragraph(
            _("The executive committee voted: %(vote)s.")
            % {"vote": youth_vote_text(resolution.votes_for, resolution.committee_members)}
        ),
        Heading(_("RESOLVED:")),
        Paragraph(
            _(
                "%(committee)s introduces the outstanding Youth Union member %(name)s to "
                "%(branch)s to be considered for admission to the Party."
            )
            % {"committee": capfirst(committee), "name": name, "branch": in_prose(branch)}
        ),
    ]
    document = _document(
        branch,
        kind,
        options,
        type_name=_("RESOLUTION"),
        summary=_("introducing an outstanding Youth Union member for admission to the Party"),
        body=body,
        recipients=[f"{_branch(branch)};", _("Youth Union archive.")],
    )
    document.layout = YOUTH
    document.committee = nfc(branch.youth_union_superior)
    document.branch = _("Youth Union executive committee of %(school)s") % {
        "school": nfc(branch.school)
    }
    document.number = nfc(resolution.number)
    document.dated = resolution.adopted_on
    # The Youth Union's secretary is not recorded: the name is written on signing.
    document.signature = Signature([_("ON BEHALF OF THE EXECUTIVE COMMITTEE"), _("SECRETARY")], "")
    return document


# --- 5-KNĐ: the branch committee's summary of comments ----------------------------------------


def build_comments_summary(kind, candidate, options):
    consulted = list(Consultation.objects.filter(candidate=candidate))
    if not consulted:
        raise DomainError(_("No comments of a body consulted are recorded for this candidate."))
    branch, student = candidate.branch, candidate.student
    name = nfc(student.full_name)
    body = [
        Paragraph(
            _(
                "In considering the admission of the non-member %(name)s (%(about)s), "
                "%(branch)s asked for the comments of the bodies below. The results:"
            )
            % {"name": name, "about": _details(student), "branch": in_prose(branch)}
        )
    ]
    for index, consultation in enumerate(consulted, start=1):
        body += [
            Heading(
                f"{index}. "
                + _("%(body)s (%(kind)s)")
                % {"body": nfc(consultation.body), "kind": _kind_of(consultation)}
            ),
            Paragraph(
                _("Comments of %(date)s: %(result)s.")
                % {"date": day(consultation.consulted_on), "result": consultation.agreed_text}
            ),
        ]
        if consultation.strengths:
            body.append(
                Paragraph(_("Strengths: %(text)s.") % {"text": inline(consultation.strengths)})
            )
        if consultation.weaknesses:
            body.append(
                Paragraph(_("Weaknesses: %(text)s.") % {"text": inline(consultation.weaknesses)})
            )
    if len(consulted) > 1:
        asked, agreed = (sum(getattr(c, f) for c in consulted) for f in ("asked", "agreed"))
        body.append(
            Paragraph(_("In all: %(result)s.") % {"result": rules.consulted_text(agreed, asked)})
        )
    body.append(
        Paragraph(
            _("The branch committee reports these comments to the branch for its consideration.")
        )
    )
    document = _document(
        branch,
        kind,
        options,
        type_name=_("SUMMARY OF COMMENTS"),
        summary=_(
            "of the organisations and the Party cells of residence on the non-member %(name)s "
            "applying to join the Party"
        )
        % {"name": name},
        body=body,
        recipients=_default_recipients(branch),
    )
    document.dated = consulted[-1].consulted_on
    return document


def _kind_of(consultation) -> str:
    if consultation.kind == Consultation.Kind.RESIDENCE:
        return _("the Party cell where the candidate lives")
    return _("the organisation where the candidate studies")


# --- 11-KNĐ: the mentor's review of the probationary member -----------------------------------


def build_mentor_review(kind, candidate, options):
    reviews = MentorReview.objects.filter(
        assignment__candidate=candidate, assignment__period=MentorAssignment.Period.PROBATION
    ).select_related("assignment__member")
    mentor = options.extra.get("mentor")
    if mentor is not None:  # a mentor drafts their own review only
        reviews = reviews.filter(assignment__member__user=mentor)
    review = _record(reviews, options, latest=True)
    if review is None:
        raise DomainError(_("No review by a mentor on probation is recorded for this candidate."))
    branch, student = candidate.branch, candidate.student
    member, name = review.assignment.member, nfc(student.full_name)
    body = [
        *_member(member, branch),
        Paragraph(
            _(
                "Assigned by the branch from %(date)s to help the probationary member %(name)s "
                "(%(about)s), I report on their training and efforts during the probation:"
            )
            % {"date": day(review.assignment.assigned_on), "name": name, "about": _details(student)}
        ),
        *paragraphs(review.summary),
        *assessment(review),
    ]
    reason = inline(review.recommendation_reason)
    if review.recommendation == MentorReview.Recommendation.FOR:
        line = _("I propose that the branch recognise comrade %(name)s as an official member")
    elif review.recommendation == MentorReview.Recommendation.AGAINST:
        line = _("I do not propose that comrade %(name)s be recognised as an official member")
    else:
        line = ""
    if line:
        line = line % {"name": name}
        if reason:
            line += ", " + _("because: %(why)s") % {"why": reason}
        body.append(Paragraph(f"{line}."))
    document = _document(
        branch,
        kind,
        options,
        type_name=_("REVIEW"),
        summary=_("of a probationary member by the member assigned to help"),
        body=body,
        addressee=_branch(branch),
    )
    document.dated = review.written_on
    return _personal(document, _("THE REVIEWER"), member)
