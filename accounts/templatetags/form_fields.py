"""`{{ form.field|field }}` and `{{ form|fields }}`: a form field, or a whole form, in Bootstrap's
markup as crispy-forms writes it (the same wrapper, label, classes, help and errors) at about a
fifth of its cost: a candidate page holds dozens of fields. Radio buttons, multiple checkboxes
and clearable file inputs are left to crispy-forms."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.template.loader import get_template

register = template.Library()

FIELD = "forms/field.html"
FORM = "forms/form.html"
CRISPY_ONLY = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.ClearableFileInput)


def _widget_class(bound) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    return css + " is-invalid" if bound.errors else css


@register.filter
def field(bound):
    widget = bound.field.widget
    if isinstance(widget, CRISPY_ONLY):
        return as_crispy_field(bound)
    if bound.is_hidden:
        return str(bound)
    attrs = {"class": " ".join(filter(None, (widget.attrs.get("class"), _widget_class(bound))))}
    return get_template(FIELD).render(
        {
            "field": bound,
            "widget": bound.as_widget(attrs=attrs),
            "checkbox": isinstance(widget, forms.CheckboxInput),
        }
    )


@register.filter
def fields(form):
    """A whole form as crispy-forms' `|crispy` writes it: its errors, then every field."""
    return get_template(FORM).render({"form": form})
