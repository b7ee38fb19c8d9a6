"""The pipeline's fixtures (a roster of nine official members, a course) for the plans tests."""

from tests.candidates.conftest import course, mentor, roster  # noqa: F401
