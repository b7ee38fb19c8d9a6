from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import stamp
from accounts.access import get_in_branch, manager_required
from accounts.models import Membership
from candidates import selectors
from candidates.errors import ConflictError, DomainError

from . import charts, services
from .dashboard import dashboard
from .forms import AnnualPlanForm
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
        # Computed and drawn once per state of the records and day (accounts.stamp).
        board, context["board_html"] = stamp.cached(
            ("dashboard", scope.branch.pk, today), lambda: _board(scope, today)
        )
        context |= {"board": board, "forecast": board.forecast, "counts": board.counts}
    if scope.has(Membership.Role.YOUTH_UNION, Membership.Role.HOMEROOM):
        context["my_nominations"] = selectors.nominations_by(request.user, scope.branch)
    if scope.has(Membership.Role.HOMEROOM):
        context["my_class_candidates"] = selectors.class_candidates(request.user, scope.branch)
    if scope.has(Membership.Role.PARTY_MEMBER):
        context["my_mentees"] = selectors.mentees_with_reviews(request.user, scope.branch, today)
    return render(request, "plans/home.html", context)


def _board(scope, today):
    """The branch's dashboard and its HTML (the same for every manager of the branch)."""
    board = dashboard(scope.branch, today)
    html = render_to_string(
        "plans/_board.html",
        {
            "scope": scope,
            "board": board,
            "forecast": board.forecast,
            "counts": board.counts,
            "plan": AnnualPlan.objects.filter(branch=scope.branch, year=today.year).first(),
            "chart": charts.admissions_by_month(
                board.by_month, board.by_month_last_year, today.year
            ),
        },
    )
    return board, html


def _render_plan(request, plan, year):
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
    years = AnnualPlan.objects.filter(branch=request.scope.branch).values_list("year", flat=True)
    context = {"plan": plan, "year": year, "sections": sections, "years": sorted(years)}
    return render(request, "plans/plan_detail.html", context)


@manager_required
def plan_current(request):
    plan = current_plan(request.scope.branch)
    return _render_plan(request, plan, plan.year if plan else timezone.localdate().year)


@manager_required
def plan_detail(request, year):
    """A year's plan; a year without one offers to write it."""
    plan = AnnualPlan.objects.filter(branch=request.scope.branch, year=year).first()
    return _render_plan(request, plan, year)


@manager_required
def plan_edit(request, year):
    """Write or change the plan of `year`; a stale form is refused with the input kept."""
    branch = request.scope.branch
    plan = AnnualPlan.objects.filter(branch=branch, year=year).first()
    initial = {"version": plan.version} if plan else {}
    form = AnnualPlanForm(request.POST or None, instance=plan, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in AnnualPlan.FIELDS}
            try:
                services.plan_save(
                    branch=branch,
                    actor=request.user,
                    year=year,
                    data=data,
                    version=form.cleaned_data["version"],
                )
            except ConflictError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("The plan of %(year)s was saved.") % {"year": year})
                return redirect("plans:detail", year=year)
    return render(request, "plans/plan_form.html", {"form": form, "year": year}, status=status)


@manager_required
@require_POST
def plan_next(request, year):
    """Start next year's plan from this one."""
    plan = get_in_branch(request.scope, AnnualPlan.objects, year=year)
    try:
        copy = services.plan_copy_to_year(plan=plan, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plans:detail", year=year)
    messages.success(
        request,
        _("The plan of %(year)s was started from this one: check its text, number and date.")
        % {"year": copy.year},
    )
    return redirect("plans:edit", year=copy.year)
