"""Reads that other apps (the overview, reports) need from the candidates app."""

from django.db.models import Max

from . import findings
from .models import Candidate, MentorAssignment, Nomination


def nominations_by(user, branch, limit=20):
    """A nominator's latest nominations with what became of them."""
    return (
        Nomination.objects.filter(author=user, candidate__branch=branch)
        .select_related("candidate__student__school_class")
        .order_by("-created_at", "-pk")[:limit]
    )


def class_candidates(user, branch):
    """The open candidacies of the classes a homeroom teacher leads, with their warnings."""
    candidates = findings.with_pipeline(
        Candidate.objects.filter(branch=branch, student__school_class__homeroom_teacher=user)
        .open()
        .order_by("student__sort_name", "pk")
    )
    warned = findings.warning_codes(candidates)
    for candidate in candidates:
        candidate.warnings = " ".join(warned[candidate.pk])
    return candidates


# A mentor's review is due when the last one (or the assignment) is older than this.
REVIEW_INTERVAL_DAYS = 90


def mentees_with_reviews(user, branch, today):
    """A mentor's active assignments, each with its last review and whether one is due."""
    assignments = list(
        MentorAssignment.objects.filter(
            candidate__branch=branch, member__user=user, ended_on__isnull=True
        )
        .select_related("candidate__student__school_class")
        .annotate(last_review=Max("reviews__written_on"))
        .order_by("candidate__student__sort_name", "pk")
    )
    for assignment in assignments:
        since = assignment.last_review or assignment.assigned_on
        assignment.review_due = (today - since).days > REVIEW_INTERVAL_DAYS
    return assignments
