from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import get_in_branch, manager_required
from accounts.models import Membership
from candidates import selectors

from .models import AnnualPlan
from .selectors import current_plan


@login_required
def home(request):
    """The overview: what each role comes to see first."""
    scope = request.scope
    if scope.branch is None:
        return render(request, "accounts/no_branch.html", status=403)
    roles = [label for value, label in Membership.Role.choices if value in scope.roles]
    context = {"plan": current_plan(scope.branch), "roles": roles}
    if scope.is_manager:
        context["counts"] = selectors.pipeline_counts(scope.branch)
        if context["plan"]:
            context["admitted"] = selectors.admitted_in_year(scope.branch, context["plan"].year)
    if scope.has(Membership.Role.YOUTH_UNION, Membership.Role.HOMEROOM):
        context["my_nominations"] = selectors.nominations_by(request.user, scope.branch)
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
