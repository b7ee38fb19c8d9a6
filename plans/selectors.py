from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from candidates.models import Decision

from .models import AnnualPlan


def current_plan(branch, today=None):
    """This year's plan of the branch, or its latest one if this year has none yet."""
    year = (today or timezone.localdate()).year
    plans = AnnualPlan.objects.filter(branch=branch, year__lte=year).order_by("-year")
    return plans.first() or AnnualPlan.objects.filter(branch=branch).order_by("year").first()


def admissions_by_month(branch, year) -> list[int]:
    """Admission decisions dated in each month of `year`: whoever was admitted, including a
    member who later transferred or left (the forecast's `admitted`, the reports' figures)."""
    rows = (
        Decision.objects.filter(candidate__branch=branch, issued_on__year=year)
        .annotate(month=ExtractMonth("issued_on"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    months = [0] * 12
    for row in rows:
        months[row["month"] - 1] = row["count"]
    return months
