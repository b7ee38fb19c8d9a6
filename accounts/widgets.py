"""The date input of every form of the app (accounts' and, through candidates.forms.fields,
the others'): text typed and shown dd/mm/yyyy whatever the browser's language."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DayInput(forms.DateInput):
    """A date typed as dd/mm/yyyy; static/js/ptdv.js adds the calendar button and tidies what
    is typed (14032026 → 14/03/2026). Not type="date": Chromium shows that in the browser's
    language (mm/dd/yyyy on an English Windows)."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-ptdv-date": "",
            "data-calendar-label": _("Choose on the calendar"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")
