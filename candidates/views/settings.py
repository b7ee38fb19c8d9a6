"""The branch's rule settings and extra days off (RULES.md: "(choice)" items are settings)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import manager_required

from .. import access, findings, services
from ..forms import DayOffForm, RuleConfigForm, SchoolYearCloseForm
from ..models import DayOff, RuleConfig, SchoolClass


def _render(request, config_form=None, day_form=None, status=200):
    branch = request.scope.branch
    config = RuleConfig.objects.filter(branch=branch).first() or RuleConfig(branch=branch)
    # The end of the school year in force is shown even where the branch never set it.
    in_force = findings.school_year_end_in_force(findings.rule_settings(branch), findings.today())
    initial = {} if config.school_year_end else {"school_year_end": in_force}
    context = {
        "config_form": config_form or RuleConfigForm(instance=config, initial=initial),
        "day_form": day_form or DayOffForm(),
        "days_off": DayOff.objects.filter(branch=branch),
    }
    return render(request, "candidates/settings/rule_settings.html", context, status=status)


@manager_required
def rule_settings(request):
    if request.method != "POST":
        return _render(request)
    form = RuleConfigForm(request.POST)
    if form.is_valid():
        try:
            services.rule_config_update(
                branch=request.scope.branch, actor=request.user, data=form.cleaned_data
            )
        except services.DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("candidates:rule_settings")
    return _render(request, config_form=form, status=400)


@manager_required
@require_POST
def day_off_add(request):
    form = DayOffForm(request.POST)
    if form.is_valid():
        try:
            services.day_off_add(
                branch=request.scope.branch, actor=request.user, **form.cleaned_data
            )
        except services.DomainError as error:
            form.add_error("day", error.message)
        else:
            return redirect("candidates:rule_settings")
    return _render(request, day_form=form, status=400)


@manager_required
@require_POST
def day_off_remove(request, pk):
    day_off = access.get_day_off_for(request, pk)
    services.day_off_remove(day_off=day_off, actor=request.user)
    return redirect("candidates:rule_settings")


@manager_required
def school_year_close(request):
    """Close a school year: the committee sees what it would do, the secretary does it."""
    branch = request.scope.branch
    years = sorted(
        set(SchoolClass.objects.filter(branch=branch).values_list("school_year", flat=True)),
        reverse=True,
    )
    form = SchoolYearCloseForm(
        request.POST or request.GET or None,
        years=years,
        initial={"graduated_on": services.today()},
    )
    year = form.data.get("school_year") if form.is_bound else (years[-1] if years else None)
    status = 200
    if request.method == "POST":
        if not request.scope.may_force:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                counts = services.school_year_close(
                    branch=branch, actor=request.user, **form.cleaned_data
                )
            except services.DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "The school year %(year)s was closed: %(graduates)s students left, "
                        "%(ending)s candidacies ended, %(homerooms)s homerooms released."
                    )
                    % {"year": form.cleaned_data["school_year"], **counts},
                )
                return redirect("candidates:school_year_close")
    summary = services.school_year_summary(branch=branch, school_year=year) if year else None
    context = {"form": form, "summary": summary, "year": year}
    return render(request, "candidates/settings/school_year_close.html", context, status=status)
