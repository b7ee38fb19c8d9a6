"""The branch's rule settings, its own days off, the committee between it and the decider,
and its versions of the dossier's list of forms."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import dossier, rules, text
from ..models import DayOff, DossierForm, DossierFormList, RuleConfig
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
    _record_change(branch, actor, before, config, _("Rule settings changed"))
    return config


def _record_change(branch, actor, before, instance, summary):
    """An event of the settings' changes of `instance` since `before`, if any."""
    changes = field_changes(before, instance, list(before))
    if changes:
        record_event(
            branch=branch, actor=actor, kind="rule_settings", summary=summary, changes=changes
        )


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


# The committee between the branch and the decider (R13) --------------------------------------


# The dossier's lists of forms ------------------------------------------------------------------


DOSSIER_FORM_FIELDS = ("code", "title", "needed", "only_for", "must_be_fresh")


def _frozen(form_list):
    reason = dossier.frozen_reason(form_list)
    if reason:
        raise DomainError(reason)


@transaction.atomic
def form_list_create(*, branch, actor, version, applies_from, source=""):
    """A new version of the list of forms, from a day on, starting as a copy of the version in
    force that day; the secretary then adds or removes forms before candidates follow it."""
    version = normalize(version)
    if not version:
        raise DomainError(_("Name the version."))
    if dossier.lists_of(branch).filter(version=version).exists():
        raise DomainError(_("The version %(version)s exists already.") % {"version": version})
    model = dossier.in_force(branch, applies_from)
    form_list = DossierFormList.objects.create(
        branch=branch, version=version, source=normalize(source), applies_from=applies_from
    )
    DossierForm.objects.bulk_create(
        DossierForm(
            form_list=form_list,
            **{name: getattr(form, name) for name in DOSSIER_FORM_FIELDS},
            position=form.position,
        )
        for form in model.forms.all()
    )
    record_event(
        branch=branch,
        actor=actor,
        kind="form_list",
        summary=_("Dossier forms: version %(version)s, applying from %(date)s")
        % {"version": version, "date": text.day(applies_from)},
    )
    return form_list


@transaction.atomic
def form_list_add_form(*, form_list, actor, code, title, needed, only_for="", must_be_fresh=False):
    """Add a form to a version no candidate follows yet."""
    _frozen(form_list)
    code, title = normalize(code), normalize(title)
    if not code or not title:
        raise DomainError(_("Enter the form's code and title."))
    if form_list.forms.filter(code=code).exists():
        raise DomainError(_("This version already has the form %(code)s.") % {"code": code})
    last = form_list.forms.order_by("-position").values_list("position", flat=True).first()
    form = DossierForm(
        form_list=form_list,
        position=(last or 0) + 1,
        code=code,
        title=title,
        needed=needed,
        only_for=only_for,
        must_be_fresh=must_be_fresh,
    )
    try:
        form.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    form.save()
    record_event(
        branch=form_list.branch,
        actor=actor,
        kind="form_list",
        summary=_("Dossier forms %(version)s: %(code)s added")
        % {"version": form_list.version, "code": code},
    )
    return form


@transaction.atomic
def form_list_remove_form(*, form, actor):
    """Remove a form from a version no candidate follows yet."""
    _frozen(form.form_list)
    record_event(
        branch=form.form_list.branch,
        actor=actor,
        kind="form_list",
        summary=_("Dossier forms %(version)s: %(code)s removed")
        % {"version": form.form_list.version, "code": form.code},
    )
    form.delete()
