from django.utils import timezone

from .models import AnnualPlan


def current_plan(branch, today=None):
    """This year's plan of the branch, or its latest one if this year has none yet."""
    year = (today or timezone.localdate()).year
    plans = AnnualPlan.objects.filter(branch=branch, year__lte=year).order_by("-year")
    return plans.first() or AnnualPlan.objects.filter(branch=branch).order_by("year").first()
