"""The minutes of a candidate's admission ceremony (no official form: FORMS.md)."""

from django.utils.translation import gettext as _

from candidates.errors import DomainError
from candidates.findings import roster_counts
from candidates.models import Ceremony, Decision, MentorAssignment
from candidates.text import day

from ..document import Heading, Paragraph, nfc
from .prose import about, attendance, in_prose, inline, minutes, name_of, opening, roles


def build_ceremony_minutes(kind, candidate, options):
    ceremony = (
        Ceremony.objects.filter(candidate=candidate)
        .select_related("chair", "minutes_taker", "candidate__student__school_class")
        .first()
    )
    if ceremony is None:
        raise DomainError(_("No admission ceremony is recorded for this candidate."))
    options.on = options.on or ceremony.held_on
    branch, name = candidate.branch, nfc(candidate.student.full_name)
    present = (ceremony.present_official, ceremony.present_probationary)
    body = [
        Paragraph(
            _("%(opening)s, %(branch)s held the ceremony admitting %(student)s to the Party.")
            % {
                "opening": opening(ceremony),
                "branch": in_prose(branch),
                "student": about(candidate.student),
            }
        ),
        Heading(_("I. ATTENDANCE")),
        *attendance(roster_counts(branch, ceremony.held_on), None if None in present else present),
        *roles(ceremony),
    ]
    if ceremony.guests:
        body.append(Paragraph(_("Guests: %(names)s.") % {"names": inline(ceremony.guests)}))
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
    mentors = [name_of(m.member) for m in mentors.select_related("member")]
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
    return minutes(branch, kind, options, _("of the Party admission ceremony"), body, ceremony)
