"""A student's personal data, exported on request (the law on personal data protection: a data
subject may ask for their data): one .xlsx holding every recorded fact about the student — the
student record, each candidacy, its nominations, its steps' history, its dossier and its
awareness courses. What a page shows is what the file holds: read from the records, nothing
derived is stored."""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import text
from .models import Candidate, CourseAttendance, DossierItem, Event, Nomination, Student
from .xlsx import write_sheets


def _label(model, name):
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _value(student, name):
    value = getattr(student, name)
    if name == "gender":
        return student.get_gender_display()
    return "" if value is None else value if not hasattr(value, "pk") else str(value)


def _changes(event):
    return "; ".join(
        f"{label}: {old or '—'} → {new or '—'}" for label, (old, new) in event.changes.items()
    )


def _event_row(event):
    at = timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M")
    actor = event.actor.get_full_name() if event.actor else ""
    return (at, actor, event.summary, _changes(event), event.reason)


def student_data(student) -> bytes:
    """The .xlsx of everything recorded about `student`."""
    candidacies = list(Candidate.objects.filter(student=student).order_by("opened_on", "pk"))
    facts = [(_label(Student, name), _value(student, name)) for name in Student.EDITABLE_FIELDS]
    facts.append((_label(Student, "left_school_on"), student.left_school_on or ""))
    events = Event.objects.filter(Q(student=student) | Q(candidate__in=candidacies))
    sheets = [
        (
            _("Student"),
            [_("Field"), _("Value")],
            facts,
            [
                _("Personal data of %(name)s recorded in PTĐV") % {"name": student.full_name},
                _("Exported on %(date)s") % {"date": text.day(timezone.localdate())},
            ],
        ),
        (
            _("Candidacies"),
            [
                _("Opened on"),
                _("Stage"),
                _("In the source list since"),
                _("Closed on"),
                _("Reason"),
            ],
            [
                (c.opened_on, c.get_stage_display(), c.source_since, c.closed_on, c.close_reason)
                for c in candidacies
            ],
        ),
        (
            _("Nominations"),
            [_("Date"), _("Kind"), _("By"), _("Achievements"), _("Reason"), _("Status")],
            [
                (
                    n.nominated_on,
                    n.get_kind_display(),
                    n.author.get_full_name() if n.author else "",
                    n.achievements,
                    n.reason,
                    n.get_status_display(),
                )
                for n in Nomination.objects.filter(candidate__in=candidacies)
                .select_related("author")
                .order_by("nominated_on", "pk")
            ],
        ),
        (
            _("Awareness courses"),
            [_("Course"), _("Registered on"), _("Certificate number"), _("Certificate date")],
            [
                (str(a.course), a.registered_on, a.certificate_number, a.certificate_issued_on)
                for a in CourseAttendance.objects.filter(candidate__in=candidacies)
                .select_related("course")
                .order_by("registered_on", "pk")
            ],
        ),
        (
            _("Dossier papers"),
            [_("Form"), _("Status"), _("Dated"), _("Note")],
            [
                (d.code, d.get_status_display(), d.dated_on, d.note)
                for d in DossierItem.objects.filter(candidate__in=candidacies).order_by("code")
            ],
        ),
        (
            _("History"),
            [_("When"), _("By"), _("What"), _("Changes"), _("Reason")],
            [_event_row(e) for e in events.select_related("actor").order_by("at", "pk")],
        ),
    ]
    return write_sheets(sheets)
