"""The one error contract of the app's writes.

A service that refuses a change raises `DomainError` with a Vietnamese message shown to the
user as it is; `FieldErrors` when the refusal concerns named fields of a form (the view puts
each message under its field); `ConflictError` when the record changed since the form was
opened. Views answer a refusal with 400 and the page again with the input kept, a conflict
with 409. A form that is merely invalid is handled as an invalid form, never by raising.
"""


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
