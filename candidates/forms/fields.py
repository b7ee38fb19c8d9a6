"""The pieces every form of the app is built from: widgets, fields, the version field.

One place for each: the date input (text typed and shown dd/mm/yyyy whatever the browser's
language, with a calendar button added by static/js/ptdv.js), the 24-hour time input, text
areas, text normalised as it is stored, the one-time token and the version field.
"""

import secrets

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from accounts.models import Committee
from accounts.widgets import DayInput

from ..text import normalize


def date_widget():
    # DATE_INPUT_FORMATS (config/formats/vi) accepts dd/mm/yyyy and ISO.
    return DayInput()


def time_widget():
    # Not type="time": it shows 02:00 PM on an English Windows.
    return forms.TimeInput(
        format="%H:%M",
        attrs={"placeholder": "HH:MM", "inputmode": "numeric", "data-ptdv-time": "", "size": 5},
    )


def text_area(rows=2):
    return forms.Textarea(attrs={"rows": rows})


def data_or_initial(form, name):
    """What the form holds for `name`: the typed value if bound, else the initial one."""
    field = form.fields[name]
    raw = form[name].data if form.is_bound else form.get_initial_for_field(field, name)
    try:
        return field.clean(raw)
    except forms.ValidationError:
        return None


def unbound_copy(form, **kwargs):
    """A fresh form showing what was typed in `form`, without judging it yet (the Check button)."""
    initial = {name: form[name].data for name in form.fields}
    return type(form)(initial=initial, prefix=form.prefix, **kwargs)


def new_token():
    return secrets.token_urlsafe(24)


class OnceForm(forms.Form):
    """Carries a token made when the form is rendered: the view records the form once per
    token (services.submit_once), so the same page sent twice records once. Shown again
    after a refusal, the form keeps its token, which the refusal left unused."""

    token = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=new_token
    )

    def pop_token(self) -> str:
        """The token, taken out of cleaned_data (whose rest goes to a service)."""
        return self.cleaned_data.pop("token", "") or ""


class VersionForm(OnceForm):
    """Carries the version of the candidate the user saw, for the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NormalizedCharField(forms.CharField):
    """Text however typed (NFD, stray spaces) is checked as it will be stored: NFC, trimmed."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize(value) if value not in self.empty_values else value


class CommitteeChoiceField(forms.ModelChoiceField):
    """A Party committee, by its name as printed."""

    def label_from_instance(self, committee):
        return committee.name


def model_formfield(model_field, **kwargs):
    if isinstance(model_field, models.ForeignKey) and model_field.related_model is Committee:
        kwargs.setdefault("form_class", CommitteeChoiceField)
    if isinstance(model_field, models.DateField):
        kwargs.setdefault("widget", date_widget())
    elif isinstance(model_field, models.TimeField):
        kwargs.setdefault("widget", time_widget())
    elif isinstance(model_field, models.TextField):
        kwargs.setdefault("widget", text_area(2))
    elif isinstance(model_field, models.CharField) and not model_field.choices:
        kwargs.setdefault("form_class", NormalizedCharField)
    return model_field.formfield(**kwargs)


def label_of(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def date_field(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=date_widget(), **kwargs)


def text_field(label, rows=2, required=False, **kwargs):
    return forms.CharField(label=label, required=required, widget=text_area(rows), **kwargs)


def force_reason_field(help_text):
    """The secretary's written reason to go ahead where a rule blocks (kept in the history)."""
    return text_field(
        gettext_lazy("Reason the secretary overrides the rules"), rows=2, help_text=help_text
    )


def count_field(label):
    return forms.IntegerField(label=label, min_value=0, max_value=999)


def assessment_fields(model):
    """A form with the assessment of `model` (FORMS.md): each heading's strengths and
    weaknesses, with the model's labels."""
    fields = {name: text_field(label_of(model, name)) for name in model.assessment_fields()}
    return type(f"{model.__name__}AssessmentFields", (forms.Form,), fields)
