"""The annual plan's form, shaped like the document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.forms.fields import date_widget, model_formfield, text_area

from .models import AnnualPlan


class AnnualPlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AnnualPlan
        fields = AnnualPlan.FIELDS
        formfield_callback = model_formfield
        widgets = {
            "issued_on": date_widget(),
            **{
                name: text_area(6)
                for name in ("basis", "purpose", "objectives", "tasks", "organisation")
            },
            "closing": text_area(3),
            "recipients": text_area(3),
        }
        help_texts = {
            "basis": _(
                "One paragraph per line, in order: each legal basis, then the sentence "
                "that introduces the plan."
            ),
            "purpose": _("One paragraph per line, each with its leading dash as in the document."),
            "objectives": _(
                "One paragraph per line: the number of students to admit, the "
                "quality, who is considered."
            ),
            "recipients": _("One recipient per line."),
            "signer_title": _("For example: T/M CHI BỘ — BÍ THƯ"),
        }
