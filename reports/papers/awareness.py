"""The branch's cover letter proposing candidates for an awareness class, to the class's
organiser: one letter for every candidate of the branch registered for the same course on the
same day (one batch of `course_register`), its list attached (reports.builders'
awareness letter and table)."""

from django.utils.translation import gettext as _

from candidates.errors import DomainError
from candidates.models import CourseAttendance
from candidates.text import day

from ..builders import awareness_letter
from ..document import Paragraph, nfc


def batch_of(candidate):
    """The batch of the candidate's latest registration: every attendance of a candidate of the
    branch registered for that course on that day."""
    own = candidate.attendances.order_by("-registered_on", "-pk").first()
    if own is None:
        raise DomainError(_("This candidate is not registered for an awareness class."))
    return CourseAttendance.objects.filter(
        course=own.course_id, registered_on=own.registered_on, candidate__branch=candidate.branch
    )


def attendances_of(candidate) -> list[CourseAttendance]:
    """The candidate's batch (batch_of), in the school's order of names."""
    return list(
        batch_of(candidate)
        .select_related("course", "candidate__student__school_class")
        .prefetch_related("candidate__mentors__member")
        .order_by("candidate__student__sort_name", "pk")
    )


def _names(attendances) -> Paragraph:
    course = attendances[0].course
    names = ", ".join(
        _("%(name)s (class %(class)s)")
        % {
            "name": nfc(a.candidate.student.full_name),
            "class": nfc(a.candidate.student.school_class.name),
        }
        for a in attendances
    )
    return Paragraph(
        _("They are %(names)s, proposed for %(course)s, opening on %(date)s.")
        % {"names": names, "course": nfc(course.name), "date": day(course.starts_on)}
    )


def build_awareness_letter(kind, candidate, options):
    attendances = attendances_of(candidate)
    registered_on = attendances[0].registered_on
    options.sensitive = True  # the organiser's list has them (FORMS.md); managers only
    document = awareness_letter(
        candidate.branch,
        kind,
        options,
        [a.candidate for a in attendances],
        addressee=nfc(attendances[0].course.organiser),
        year=registered_on.year,
        names=[_names(attendances)],
    )
    document.dated = registered_on
    return document
