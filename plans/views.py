from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import get_in_branch, manager_required
from accounts.models import Membership
from candidates import selectors

from . import charts
from .dashboard import dashboard
from .models import AnnualPlan
from .selectors import current_plan


@login_required
def home(request):
    """The first page: the dashboard for the committee, each other role its own scope."""
    scope = request.scope
    if scope.branch is None:
        return render(request, "accounts/no_branch.html", status=403)
    today = timezone.localdate()
    roles = [label for value, label in Membership.Role.choices if value in scope.roles]
    context = {"roles": roles, "today": today}
    if scope.is_manager:
        board = dashboard(scope.branch, today)
        context |= {
            "board": board,
            "forecast": board.forecast,
            "counts": board.counts,
            "plan": AnnualPlan.objects.filter(branch=scope.branch, year=today.year).first(),
            "chart": charts.admissions_by_month(
                board.by_month, board.by_month_last_year, today.year
            ),
        }
    if scope.has(Membership.Role.YOUTH_UNION, Membership.Role.HOMEROOM):
        context["my_nominations"] = selectors.nominations_by(request.user, scope.branch)
    if scope.has(Membership.Role.HOMEROOM):
        context["my_class_candidates"] = selectors.class_candidates(request.user, scope.branch)
    if scope.has(Membership.Role.PARTY_MEMBER):
        context["my_mentees"] = selectors.mentees_with_reviews(request.user, scope.branch, today)
    return render(request, "plans/home.html", context)


def _render_plan(request, plan):
    sections = []
    if plan is not None:
        sections = [
            (_("Basis"), plan.basis),
            (_("I. Purpose and requirements"), plan.purpose),
            (_("II.1. Objectives"), plan.objectives),
            (_("II.2. Tasks and solutions"), plan.tasks),
            (_("III. Implementation"), plan.organisation),
            ("", plan.closing),
            (_("Recipients"), plan.recipients),
        ]
    return render(request, "plans/plan_detail.html", {"plan": plan, "sections": sections})


@manager_required
def plan_current(request):
    return _render_plan(request, current_plan(request.scope.branch))


@manager_required
def plan_detail(request, year):
    return _render_plan(request, get_in_branch(request.scope, AnnualPlan.objects, year=year))
