"""The branch's rule settings and its own days off."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules, text
from ..models import DayOff, RuleConfig
from ..text import normalize
from .base import DomainError, _snapshot, field_changes, record_event

RULE_CONFIG_FIELDS = [
    "certificate_validity_months",
    "paper_freshness_months",
    "school_year_end",
    "min_study_result",
    "min_conduct_result",
    "forecast_course_days",
    "forecast_dossier_working_days",
    "forecast_decision_working_days",
]


@transaction.atomic
def rule_config_update(*, branch, actor, data):
    """Change the rules' settings of a branch (RULES.md "choice" items and local policy)."""
    config, _created = RuleConfig.objects.select_for_update().get_or_create(branch=branch)
    before = _snapshot(config, RULE_CONFIG_FIELDS)
    for name in RULE_CONFIG_FIELDS:
        setattr(config, name, data[name])
    try:
        rules.RuleSettings(
            min_study_result=config.min_study_result,
            min_conduct_result=config.min_conduct_result,
        )
    except ValueError as error:
        raise DomainError(str(error)) from None
    config.save()
    changes = field_changes(before, config, RULE_CONFIG_FIELDS)
    if changes:
        record_event(
            branch=branch,
            actor=actor,
            kind="rule_settings",
            summary=_("Rule settings changed"),
            changes=changes,
        )
    return config


@transaction.atomic
def day_off_add(*, branch, actor, day, reason=""):
    """Add a day off of the branch; every deadline in working days skips it (R23)."""
    if DayOff.objects.filter(branch=branch, day=day).exists():
        raise DomainError(_("%(day)s is already a day off.") % {"day": text.day(day)})
    day_off = DayOff.objects.create(branch=branch, day=day, reason=normalize(reason))
    record_event(
        branch=branch,
        actor=actor,
        kind="day_off",
        summary=_("Day off added: %(day)s") % {"day": text.day(day)},
        reason=day_off.reason,
    )
    return day_off


@transaction.atomic
def day_off_remove(*, day_off, actor):
    record_event(
        branch=day_off.branch,
        actor=actor,
        kind="day_off",
        summary=_("Day off removed: %(day)s") % {"day": text.day(day_off.day)},
    )
    day_off.delete()
