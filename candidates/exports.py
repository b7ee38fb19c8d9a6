"""A student's personal data, exported on request (the law on personal data protection: a data
subject may ask for their data): one .xlsx holding every recorded fact about the student — the
student record, each candidacy, its nominations, its steps' history, its dossier and its
awareness courses. What a page shows is what the file holds: read from the records, nothing
derived is stored."""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import consent, text
from .models import Candidate, CourseAttendance, DossierItem, Event, Nomination, Student
from .xlsx import write_sheets


def _label(model, name):
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _value(student, name, consented=True):
    if name in Student.SENSITIVE_FIELDS and not consented:
        # Not printed while consent is not in force; the file says that something is kept.
        return _("(hidden: no consent in force)") if getattr(student, name) else ""
    value = getattr(student, name)
    if name == "gender":
        return student.get_gender_display()
    return "" if value is None else value if not hasattr(value, "pk") else str(value)


def _changes(event, consented):
    hidden = _("(hidden)")
    return "; ".join(
        f"{label}: {old or '—'} → {new or '—'}"
        if consented or label not in Student.SENSITIVE_FIELDS
        else f"{label}: {hidden} → {hidden}"
        for label, (old, new) in event.changes.items()
    )


def _event_row(event, consented):
    at = timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M")
    actor = event.actor.get_full_name() if event.actor else ""
    return (at, actor, event.summary, _changes(event, consented), event.reason)


def student_data(student) -> bytes:
    """The .xlsx of everything recorded about `student`."""
    candidacies = list(Candidate.objects.filter(student=student).order_by("opened_on", "pk"))
    consented = consent.in_force(student)
    facts = [
        (_label(Student, name), _value(student, name, consented))
        for name in Student.EDITABLE_FIELDS
    ]
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
            _("Consent"),
            [_("Date"), _("What"), _("Text version"), _("Parent or guardian"), _("Recorded by")],
            [
                (
                    c.on,
                    c.get_action_display(),
                    c.text_version,
                    c.guardian_name,
                    c.recorded_by.get_full_name() if c.recorded_by else "",
                )
                for c in student.consents.select_related("recorded_by").order_by("on", "pk")
            ],
        ),
        (
            _("History"),
            [_("When"), _("By"), _("What"), _("Changes"), _("Reason")],
            [_event_row(e, consented) for e in events.select_related("actor").order_by("at", "pk")],
        ),
    ]
    return write_sheets(sheets)
