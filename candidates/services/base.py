"""The ground every service stands on: the error contract, events, the version check,
and the record helpers of the forms' services."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import text
from ..errors import ConflictError, DomainError, FieldErrors, bump_version
from ..models import Event, record_key
from ..text import normalize

__all__ = ["ConflictError", "DomainError", "FieldErrors", "bump_version"]


def record_event(*, branch, actor, kind, summary, changes=None, reason="", record=None, **subjects):
    """Write one event; `subjects` are any of candidate=, student=, party_member= (and
    corrects=, the event a correction corrects); `record` is the record it is about."""
    return Event.objects.create(
        branch=branch,
        actor=actor,
        kind=kind,
        summary=summary,
        changes=changes or {},
        reason=reason,
        record=record_key(record) if record is not None else "",
        **subjects,
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return text.day(value)
    return str(value)


def field_changes(before: dict, instance, fields) -> dict:
    """{field: [old, new]} for the fields whose value differs from `before`, as display text."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if hasattr(new, "pk"):
            old, new = (str(old) if old is not None else ""), str(new)
        if _text(old) != _text(new):
            changes[name] = [_text(old), _text(new)]
    return changes


def _assign(instance, data, fields):
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"not fields of {type(instance).__name__}: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)
    # As save() will store them, so that lengths and uniqueness are checked on the stored text.
    for field in instance._meta.fields:
        if field.get_internal_type() == "CharField" and field.editable and not field.choices:
            setattr(instance, field.attname, normalize(getattr(instance, field.attname)))


def _validate(instance, own_errors, exclude=()):
    """full_clean() and the service's own checks, reported together as one ValidationError."""
    errors = {}
    try:
        # The unique constraints are checked by the own checks, with clearer messages.
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    for name, message in own_errors.items():
        errors.setdefault(name, []).append(message)
    if errors:
        raise FieldErrors(errors)


def _snapshot(instance, fields):
    return {name: getattr(instance, name) for name in fields}


def _reload_locked(instance):
    """The stored row, locked until the end of the transaction, so `before` is what was saved."""
    instance.refresh_from_db(from_queryset=type(instance).objects.select_for_update())
