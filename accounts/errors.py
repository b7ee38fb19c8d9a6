"""The one error contract of the app's writes, and the optimistic lock they share.

A service that refuses a change raises `DomainError` with a Vietnamese message shown to the
user as it is; `FieldErrors` when the refusal concerns named fields of a form (the view puts
each message under its field); `ConflictError` when the record changed since the form was
opened (`bump_version`). Views answer a refusal with 400 and the page again with the input kept,
a conflict with 409. A form that is merely invalid is handled as an invalid form, never by
raising. It lives in `accounts`, the lowest app, so that every app's services share it.
"""

from django.db.models import F
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A change the rules refuse; `message` is shown to the user as it is."""

    def __init__(self, message, findings=()):
        super().__init__(message)
        self.message = message
        self.findings = list(findings)


class FieldErrors(DomainError):
    """A refusal about named fields: `errors` is {field name or None: [messages]}."""

    def __init__(self, errors: dict):
        self.errors = {name: list(messages) for name, messages in errors.items()}
        super().__init__(" ".join(m for messages in self.errors.values() for m in messages))


class ConflictError(DomainError):
    """Someone else saved the same record since this form was opened."""


def bump_version(instance, expected_version):
    """Raise the row's version if it is still `expected_version`, else refuse (ConflictError)."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise conflict()
    instance.version = expected_version + 1


def conflict() -> ConflictError:
    """The refusal of a save that came after someone else's."""
    return ConflictError(
        _(
            "Someone else saved this record after you opened it, so your changes were not "
            "saved. The page now shows what they saved; what you typed is still in the "
            "form: check it and save again."
        )
    )
