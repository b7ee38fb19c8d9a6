"""Consent to the processing of a student's sensitive personal data: given, withdrawn, given
again — each a record of its own (`Consent`, append-only) and an `Event` in the student's
history. Whether consent is in force is derived (`candidates/consent.py`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import consent, text
from ..findings import today
from ..models import Consent, Student
from .base import DomainError, FieldErrors, record_event


def _locked(student):
    # One consent change at a time per student: the checks below read the latest record.
    return Student.objects.select_for_update().get(pk=student.pk)


def _check_day(student, on):
    """Not in the future, and not before the latest record (the order of the records is the
    order of the days)."""
    if on > today():
        raise FieldErrors({"on": [_("The date cannot be after today.")]})
    last = consent.latest(student)
    if last is not None and on < last.on:
        message = _("The date cannot be before the last consent record (%(date)s).")
        raise FieldErrors({"on": [message % {"date": text.day(last.on)}]})
    return last


@transaction.atomic
def consent_give(*, student, actor, on, student_agreed, guardian_name="", note="", version=None):
    """Record that the student (and, while under 18 on `on`, a parent or guardian) consented to
    the processing of their sensitive data under the consent text `version` (the current one
    if None). Refused while consent is already in force."""
    student = _locked(student)
    last = _check_day(student, on)
    if last is not None and last.action == Consent.Action.GIVEN:
        message = _("Consent is already in force (recorded for %(date)s).")
        raise DomainError(message % {"date": text.day(last.on)})
    version = version or consent.current_text().version
    if version not in consent.TEXT_BY_VERSION:
        raise DomainError(_("Unknown version of the consent text: %(v)s.") % {"v": version})
    errors = {}
    if not student_agreed:
        errors["student_agreed"] = [_("The student's own consent is needed.")]
    guardian_name = text.normalize(guardian_name or "")
    if consent.parent_needed(student, on) and not guardian_name:
        message = _(
            "The student was under 18 on %(date)s: write the name of the parent or guardian "
            "who consented too."
        )
        errors["guardian_name"] = [message % {"date": text.day(on)}]
    if errors:
        raise FieldErrors(errors)
    record = Consent(
        branch=student.branch,
        student=student,
        action=Consent.Action.GIVEN,
        on=on,
        text_version=version,
        student_agreed=True,
        guardian_name=guardian_name,
        note=note or "",
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    summary = _("Consent to sensitive personal data recorded for %(name)s (text version %(v)s)")
    record_event(
        branch=student.branch,
        actor=actor,
        kind="consent_given",
        summary=summary % {"name": student.full_name, "v": version},
        reason=note or "",
        record=record,
        student=student,
    )
    return record


@transaction.atomic
def consent_withdraw(*, student, actor, on, note="", erase=False):
    """Record that consent was withdrawn on `on`: from then on the sensitive fields are hidden
    again. Their stored values stay, hidden, until consent is given again — or, with `erase`
    (the student or parent asked for it), are cleared now, the event naming the fields cleared
    but not their values."""
    student = _locked(student)
    last = _check_day(student, on)
    if last is None or last.action != Consent.Action.GIVEN:
        raise DomainError(_("No consent is in force: there is nothing to withdraw."))
    record = Consent(
        branch=student.branch,
        student=student,
        action=Consent.Action.WITHDRAWN,
        on=on,
        note=note or "",
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    erased = _erase(student) if erase else {}
    record_event(
        branch=student.branch,
        actor=actor,
        kind="consent_withdrawn",
        summary=_("Consent to sensitive personal data withdrawn for %(name)s")
        % {"name": student.full_name},
        changes=erased,
        reason=note or "",
        record=record,
        student=student,
    )
    return record


def _erase(student) -> dict:
    """Clear the stored sensitive values; the changes name the fields, never the values (the
    earlier events keep theirs: the history is append-only, and masked without consent)."""
    filled = [name for name in Student.SENSITIVE_FIELDS if getattr(student, name)]
    if not filled:
        return {}
    for name in filled:
        setattr(student, name, "")
    student.version += 1  # an edit form opened before is refused, not saved over this
    student.save(update_fields=[*filled, "version"])
    return {name: [_("(erased)"), ""] for name in filled}
