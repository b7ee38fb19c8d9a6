"""Closing a school year: the graduates leave, their open candidacies end, homerooms end."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import steps, text
from ..models import Candidate, SchoolClass, Student
from .admission import candidate_exit
from .base import DomainError, record_event

Stage = Candidate.Stage


def school_year_summary(*, branch, school_year):
    """What closing `school_year` would do: the graduating students (grade 12 of that year,
    not yet marked as left), the candidacies that end, the probationary members whose transfer
    deadline (R19) starts, the classes whose homeroom teachers are released."""
    classes = SchoolClass.objects.filter(branch=branch, school_year=school_year)
    graduates = Student.objects.filter(
        school_class__in=classes.filter(grade=12), left_school_on__isnull=True
    )
    open_ones = Candidate.objects.filter(student__in=graduates).open()
    return {
        "graduates": graduates,
        "ending": open_ones.exclude(stage=Stage.PROBATIONARY),
        "probationary": open_ones.filter(stage=Stage.PROBATIONARY),
        "homerooms": classes.filter(homeroom_teacher__isnull=False),
    }


@transaction.atomic
def school_year_close(*, branch, actor, school_year, graduated_on):
    """Close `school_year` on the date the secretary gives: grade 12 students are marked as
    left on `graduated_on`, their open candidacies before admission end ("graduated"), a
    probationary member's transfer deadline (R19) counts from that date, and the homeroom
    teachers of the year's classes are released. Returns the summary of what was done."""
    summary = school_year_summary(branch=branch, school_year=school_year)
    if not summary["graduates"].exists() and not summary["homerooms"].exists():
        raise DomainError(
            _("The school year %(year)s has nothing left to close.") % {"year": school_year}
        )
    ending = list(summary["ending"].select_related("student"))
    reason = _("Graduated at the end of the school year %(year)s") % {"year": school_year}
    for candidate in ending:
        if steps.STEPS["exit"].is_open_for(candidate):
            candidate_exit(
                candidate=candidate,
                actor=actor,
                version=candidate.version,
                kind=Candidate.ExitKind.GRADUATED,
                on=graduated_on,
                reason=reason,
            )
    counts = {
        "graduates": summary["graduates"].update(left_school_on=graduated_on),
        "ending": len(ending),
        "probationary": summary["probationary"].count(),
        "homerooms": summary["homerooms"].update(homeroom_teacher=None),
    }
    record_event(
        branch=branch,
        actor=actor,
        kind="school_year_closed",
        summary=_(
            "School year %(year)s closed on %(date)s: %(graduates)s students left, "
            "%(ending)s candidacies ended, %(homerooms)s homerooms released"
        )
        % {"year": school_year, "date": text.day(graduated_on), **counts},
    )
    return counts
