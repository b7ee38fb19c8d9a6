"""The branch's resolution assigning mentors (no official form: FORMS.md): one resolution for
every assignment before admission that the branch decided at one meeting, each candidate and
mentor a row of its table, then the mentors' duties and the vote."""

from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from candidates.errors import DomainError
from candidates.findings import roster_counts
from candidates.models import MentorAssignment
from candidates.text import day
from plans.models import AnnualPlan

from ..builders import _document
from ..document import Column, Heading, Paragraph, Table, nfc
from .prose import attendance, in_prose
from .wording import MENTOR_BASIS, MENTOR_DUTIES
from .wording import of as wording_of


def _meeting_day(assignment):
    """The day of the branch meeting that decided it; the day it starts when not recorded."""
    return assignment.meeting_on or assignment.assigned_on


def batch_of(candidate):
    """Every assignment before admission that the branch decided at the meeting that assigned
    `candidate`'s (latest) mentor."""
    own = (
        candidate.mentors.filter(period=MentorAssignment.Period.ADMISSION)
        .order_by("-assigned_on", "-pk")
        .first()
    )
    if own is None:
        raise DomainError(_("No mentor assigned before admission is recorded for this candidate."))
    return MentorAssignment.objects.annotate(
        decided_on=Coalesce("meeting_on", "assigned_on")
    ).filter(
        candidate__branch=candidate.branch,
        period=MentorAssignment.Period.ADMISSION,
        decided_on=_meeting_day(own),
    )


def assignments_of(candidate) -> list[MentorAssignment]:
    """The candidate's batch (batch_of), in the school's order of the candidates' names."""
    return list(
        batch_of(candidate)
        .select_related("member", "candidate__student__school_class")
        .order_by("candidate__student__sort_name", "candidate_id", "assigned_on", "pk")
    )


def _basis(branch, on, wording) -> list[Paragraph]:
    found = wording.paragraphs(MENTOR_BASIS)
    plan = AnnualPlan.objects.filter(branch=branch, year=on.year).first()
    if plan and plan.number:
        found.append(
            Paragraph(
                _("Pursuant to the branch's plan No. %(number)s of Party member development;")
                % {"number": nfc(plan.number)}
            )
        )
    elif plan:
        found.append(
            Paragraph(
                _("Pursuant to the branch's plan of Party member development for %(year)s;")
                % {"year": plan.year}
            )
        )
    return found


def _meeting(branch, assignments, on) -> list[Paragraph]:
    """The short meeting block: the day, the members on the roster, those present if known."""
    lines = [
        Paragraph(
            _(
                "On %(date)s, %(branch)s met to assign official members to help outstanding "
                "non-members prepare to join the Party."
            )
            % {"date": day(on), "branch": in_prose(branch)}
        ),
        *attendance(roster_counts(branch, on)),
    ]
    present = next((a.present for a in assignments if a.present is not None), None)
    if present is not None:
        lines.append(Paragraph(_("Present: %(count)s comrades.") % {"count": present}))
    return lines


def _table(assignments) -> Table:
    helped, mentor = _("Non-member helped"), _("Member assigned to help")
    rows = []
    for number, assignment in enumerate(assignments, start=1):
        student = assignment.candidate.student
        rows.append(
            [
                number,
                nfc(student.full_name),
                student.date_of_birth,
                nfc(student.school_class.name),
                nfc(student.youth_union_position),
                nfc(assignment.member.full_name),
                nfc(assignment.member.position),
                assignment.assigned_on,
            ]
        )
    return Table(
        title=_("Mentors assigned"),
        columns=[
            Column(_("No."), 0.8, align="center"),
            Column(_("Full name"), 2.1, group=helped),
            Column(_("Date of birth"), 1.9, group=helped, align="center"),
            Column(_("Class"), 0.9, group=helped, align="center"),
            Column(capfirst(_("Youth Union position")), 1.3, group=helped),
            Column(_("Full name"), 2.1, group=mentor),
            Column(_("Position"), 1.6, group=mentor),
            Column(_("From"), 1.9, align="center"),
        ],
        rows=rows,
    )


def _vote(assignments) -> list[Paragraph]:
    """The vote of the meeting, of all official members (R12); one line per candidate when the
    assignments record different votes, none when no vote is recorded."""
    voted = [a for a in assignments if a.vote_text]
    if not voted:
        return []
    if len({(a.votes_for, a.official_members) for a in voted}) == 1:
        text = voted[0].vote_text
    else:
        text = "; ".join(
            _("the mentor of %(name)s: %(vote)s")
            % {"name": nfc(a.candidate.student.full_name), "vote": a.vote_text}
            for a in voted
        )
    return [Paragraph(_("The branch adopted this resolution by vote: %(vote)s.") % {"vote": text})]


def build_mentor_assignment(kind, candidate, options):
    assignments = assignments_of(candidate)
    branch, on = candidate.branch, _meeting_day(assignments[0])
    wording = wording_of(options)
    body = [
        *_basis(branch, on, wording),
        *_meeting(branch, assignments, on),
        Heading(_("THE BRANCH RESOLVES:")),
        Paragraph(
            _(
                "1. To assign the following official members to help outstanding non-members "
                "prepare to join the Party:"
            )
        ),
        _table(assignments),
        Paragraph(_("2. A member assigned to help a non-member shall:")),
        *wording.paragraphs(MENTOR_DUTIES),
        Paragraph(
            _("3. The members named above and the branch committee carry out this resolution.")
        ),
        *_vote(assignments),
    ]
    document = _document(
        branch,
        kind,
        options,
        type_name=_("RESOLUTION"),
        summary=_("assigning Party members to help outstanding non-members join the Party"),
        body=body,
        recipients=[
            f"{nfc(branch.committee.name)} (b/c);",
            _("The members assigned;"),
            _("Branch archive."),
        ],
    )
    document.dated = on
    reference = next((a.reference for a in assignments if a.reference), "")
    if reference:
        document.number = nfc(reference)
    return document
