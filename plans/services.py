"""Every change to a branch's annual plans: writing the year's plan, starting next year's."""

from django.db import transaction
from django.utils.translation import gettext as _

from candidates import services
from candidates.errors import DomainError

from .models import AnnualPlan


@transaction.atomic
def plan_save(*, branch, actor, year, data, version=None):
    """Write the plan of `year` (a new one when the branch has none; else `version` must be the
    one the form was opened with, or ConflictError)."""
    plan = AnnualPlan.objects.select_for_update().filter(branch=branch, year=year).first()
    if plan is None:
        plan = AnnualPlan(branch=branch, year=year)
        before = {}
    else:
        services.bump_version(plan, version)
        plan.refresh_from_db()
        before = {name: getattr(plan, name) for name in AnnualPlan.FIELDS}
    for name in AnnualPlan.FIELDS:
        setattr(plan, name, data[name])
    plan.save()
    changes = services.field_changes(before, plan, AnnualPlan.FIELDS)
    if changes:
        services.record_event(
            branch=branch,
            actor=actor,
            kind="plan_saved",
            summary=_("Annual plan %(year)s saved") % {"year": year},
            changes=changes,
        )
    return plan


@transaction.atomic
def plan_copy_to_year(*, plan, actor):
    """Start next year's plan as a copy of `plan`: the years in its text moved on by one, its
    number and date cleared (the legal bases are copied as they are, to be updated)."""
    year = plan.year + 1
    if AnnualPlan.objects.filter(branch=plan.branch, year=year).exists():
        raise DomainError(_("The branch already has a plan for %(year)s.") % {"year": year})
    old, new = str(plan.year), str(year)
    data = {name: getattr(plan, name) for name in AnnualPlan.FIELDS}
    for name in AnnualPlan.TEXT_FIELDS:
        if name != "basis":
            data[name] = data[name].replace(old, new)
    data |= {"number": "", "issued_on": None}
    copy = AnnualPlan.objects.create(branch=plan.branch, year=year, **data)
    services.record_event(
        branch=plan.branch,
        actor=actor,
        kind="plan_saved",
        summary=_("Annual plan %(year)s started from the plan of %(old)s")
        % {"year": year, "old": plan.year},
    )
    return copy
