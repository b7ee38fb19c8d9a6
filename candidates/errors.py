"""The error contract of the app's writes (defined once in accounts/errors.py, the lowest app)."""

from accounts.errors import ConflictError, DomainError, FieldErrors, bump_version

__all__ = ["ConflictError", "DomainError", "FieldErrors", "bump_version"]
