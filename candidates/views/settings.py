"""The branch's rule settings and extra days off (RULES.md: "(choice)" items are settings),
the closing of a school year, and the versions of the dossier's list of forms (the
secretary's)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import manager_required, roles_required

from .. import access, dossier, findings, services
from ..access import Role
from ..forms import (
    DayOffForm,
    DossierFormForm,
    FormListForm,
    RuleConfigForm,
    SchoolYearCloseForm,
)
from ..models import Candidate, DayOff, RuleConfig, SchoolClass


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
        "form_list": dossier.in_force(branch, services.today()),
    }
    return render(request, "candidates/settings/rule_settings.html", context, status=status)


def _saved(request, form, save, message):
    """What `save(data)` returns for a valid form, with `message` for the user; None when the
    form is invalid or the service refuses (its message then goes on the form)."""
    if not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except services.DomainError as error:
        form.add_error(None, error.message)
        return None
    messages.success(request, message)
    return result


@manager_required
def rule_settings(request):
    if request.method != "POST":
        return _render(request)
    form = RuleConfigForm(request.POST)
    branch, actor = request.scope.branch, request.user

    def save(data):
        return services.rule_config_update(branch=branch, actor=actor, data=data)

    if _saved(request, form, save, _("The settings were saved.")):
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


# The dossier's lists of forms: the secretary's -------------------------------------------


def _render_lists(request, form=None, status=200):
    lists = dossier.lists_of(request.scope.branch).prefetch_related("forms")
    context = {"form_lists": lists, "form": form or FormListForm()}
    return render(request, "candidates/settings/form_lists.html", context, status=status)


@roles_required(Role.SECRETARY)
def form_lists(request):
    """The versions of the dossier's list of forms, and a new one (a copy of the one in force)."""
    if request.method != "POST":
        return _render_lists(request)
    form = FormListForm(request.POST)

    def save(data):
        return services.form_list_create(branch=request.scope.branch, actor=request.user, **data)

    form_list = _saved(request, form, save, _("The new version was added: complete its forms."))
    if form_list:
        return redirect("candidates:form_list_detail", pk=form_list.pk)
    return _render_lists(request, form, status=400)


def _render_list(request, form_list, form=None, status=200):
    context = {
        "form_list": form_list,
        "forms": form_list.forms.all(),
        "followed_by": Candidate.objects.filter(form_list=form_list).count(),
        "frozen": dossier.frozen_reason(form_list),
        "form": form or DossierFormForm(),
    }
    return render(request, "candidates/settings/form_list_detail.html", context, status=status)


@roles_required(Role.SECRETARY)
def form_list_detail(request, pk):
    """One version's forms, and a form added to it while no candidate follows it."""
    form_list = access.get_form_list_for(request, pk)
    if request.method != "POST":
        return _render_list(request, form_list)
    form = DossierFormForm(request.POST)

    def save(data):
        return services.form_list_add_form(form_list=form_list, actor=request.user, **data)

    if _saved(request, form, save, _("The form was added.")):
        return redirect("candidates:form_list_detail", pk=form_list.pk)
    return _render_list(request, form_list, form, status=400)


@roles_required(Role.SECRETARY)
@require_POST
def form_list_remove_form(request, pk, form_pk):
    form_list = access.get_form_list_for(request, pk)
    try:
        services.form_list_remove_form(
            form=access.get_dossier_form_for(form_list, form_pk), actor=request.user
        )
    except services.DomainError as error:
        messages.error(request, error.message)
    return redirect("candidates:form_list_detail", pk=form_list.pk)
