"""Forms of the branch's rule settings, its days off, the closing of a school year and its
versions of the dossier's forms."""

from django import forms
from django.utils.translation import gettext_lazy

from .. import services
from ..models import DayOff, DossierForm, DossierFormList, RuleConfig
from .fields import date_widget

RESULTS = ["Giỏi", "Tốt", "Khá", "Trung bình", "Đạt"]


class RuleConfigForm(forms.ModelForm):
    min_study_result = forms.ChoiceField(
        label=gettext_lazy("Lowest study result"), choices=[(r, r) for r in RESULTS]
    )
    min_conduct_result = forms.ChoiceField(
        label=gettext_lazy("Lowest conduct result"), choices=[(r, r) for r in RESULTS[1:]]
    )

    class Meta:
        model = RuleConfig
        fields = services.RULE_CONFIG_FIELDS
        widgets = {"school_year_end": date_widget()}
        help_texts = {
            "school_year_end": gettext_lazy(
                "Its day and month count for every year: R2 warns about students who turn 18 "
                "after the end of grade 12."
            ),
        }


class DayOffForm(forms.ModelForm):
    class Meta:
        model = DayOff
        fields = ["day", "reason"]
        widgets = {"day": date_widget()}


class SchoolYearCloseForm(forms.Form):
    """Which school year to close and on what day its grade 12 students graduated."""

    school_year = forms.ChoiceField(label=gettext_lazy("School year"))
    graduated_on = forms.DateField(label=gettext_lazy("Graduated on"), widget=date_widget())

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(year, year) for year in years]


class FormListForm(forms.ModelForm):
    class Meta:
        model = DossierFormList
        fields = ["version", "applies_from", "source"]
        widgets = {"applies_from": date_widget()}
        help_texts = {
            "version": gettext_lazy("For example HD38-BTCTW-2025."),
            "applies_from": gettext_lazy(
                "Candidates nominated from this day follow it; those before keep their list."
            ),
        }


class DossierFormForm(forms.ModelForm):
    class Meta:
        model = DossierForm
        fields = services.DOSSIER_FORM_FIELDS


class AnonymiseForm(forms.Form):
    """The secretary's go-ahead to anonymise the students the page listed."""

    # The students the page showed, "12,15": only those are anonymised, if still due.
    students = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(label=gettext_lazy("I understand that this cannot be undone"))

    def clean_students(self):
        value = self.cleaned_data["students"]
        try:
            return {int(pk) for pk in value.split(",") if pk.strip()}
        except ValueError:
            raise forms.ValidationError(gettext_lazy("Open the page again.")) from None
