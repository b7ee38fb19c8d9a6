"""Reads that other apps (the overview, reports) need from the candidates app."""

from django.db.models import Count, Q

from . import findings
from .models import Candidate, Ceremony, Nomination


def pipeline_counts(branch, on=None) -> dict:
    """Open candidacies by stage, plus those waiting for the committee and those with warnings
    as of `on` (today), read from the records as the candidate page reads them."""
    open_candidates = Candidate.objects.filter(branch=branch).open()
    counts = open_candidates.aggregate(
        waiting=Count("pk", filter=Q(stage=Candidate.Stage.NOMINATED)),
        source=Count("pk", filter=Q(stage=Candidate.Stage.SOURCE)),
        total=Count("pk"),
    )
    warned = findings.warning_codes(findings.with_pipeline(open_candidates), on)
    counts["flagged"] = sum(1 for codes in warned.values() if codes)
    return counts


def nominations_by(user, branch, limit=20):
    """A nominator's latest nominations with what became of them."""
    return (
        Nomination.objects.filter(author=user, candidate__branch=branch)
        .select_related("candidate__student__school_class")
        .order_by("-created_at", "-pk")[:limit]
    )


def admitted_in_year(branch, year) -> int:
    """New members admitted (ceremony held) in a calendar year, the unit of the annual plan."""
    return Ceremony.objects.filter(candidate__branch=branch, held_on__year=year).count()
