"""The one writer of the import: everything or nothing, in one transaction.

`apply_preview` rebuilds the preview under lock and refuses if it no longer matches what was
shown; every new or changed student gets an event through the services' `record_event`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import SchoolClass, Student
from ..services import DomainError, record_event
from .columns import STUDENT_FIELDS
from .preview import Preview, build_preview

EVENT_KIND = "roster_import"


@dataclass(frozen=True)
class ImportResult:
    """What the import wrote, counted."""

    classes_created: int
    students_created: int
    students_updated: int
    students_unchanged: int


class StalePreview(DomainError):
    """The database changed between the preview and the confirmation."""


def apply_preview(preview: Preview, branch, actor) -> ImportResult:
    """Write the previewed import in one transaction, or raise DomainError and write nothing."""
    if preview.problems:
        raise DomainError(_("The file has problems; nothing was imported."))
    with transaction.atomic():
        current = build_preview(
            preview.parsed,
            branch,
            preview.school_year,
            lock=True,
            leave_out_sensitive=preview.leave_out_sensitive,
        )
        if current.fingerprint != preview.fingerprint:
            raise StalePreview(
                _(
                    "Students or classes changed since the preview was made; nothing was "
                    "imported. Look at the new preview and confirm again."
                )
            )
        SchoolClass.objects.bulk_create(current.classes_to_create)
        for student in current.new:
            # The class may have been created just above; refresh its id on the student.
            student.school_class = student.school_class
            student.fill_derived_keys()
        Student.objects.bulk_create(current.new, batch_size=500)
        updated = [change.student for change in current.changed]
        for student in updated:
            student.school_class = student.school_class
            student.fill_derived_keys()
        _update_students(updated)
        _record_events(current, branch, actor)
    return ImportResult(
        classes_created=len(current.classes_to_create),
        students_created=len(current.new),
        students_updated=len(current.changed),
        students_unchanged=len(current.unchanged),
    )


def _update_students(students: list[Student]) -> None:
    if not students:
        return
    fields = [*STUDENT_FIELDS, "school_class", "search_name", "sort_name"]
    Student.objects.bulk_update(students, fields, batch_size=200)
    # Raise the version as every edit does, so a form opened before the import is refused.
    pks = [s.pk for s in students]
    for start in range(0, len(pks), 900):
        Student.objects.filter(pk__in=pks[start : start + 900]).update(version=F("version") + 1)


def _record_events(preview: Preview, branch, actor) -> None:
    for student in preview.new:
        summary = _("Added by the class roster import: class %(class)s.") % {
            "class": student.school_class
        }
        record_event(
            branch=branch, actor=actor, kind=EVENT_KIND, summary=summary[:300], student=student
        )
    for change in preview.changed:
        labels = ", ".join(str(label) for label, _old, _new in change.items())
        summary = _("Updated by the class roster import: %(fields)s.") % {"fields": labels}
        record_event(
            branch=branch,
            actor=actor,
            kind=EVENT_KIND,
            summary=summary[:300],
            changes=change.changes,
            student=change.student,
        )
