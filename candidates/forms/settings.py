"""Forms of the branch's rule settings, its days off, the committee between it and the
decider, and its versions of the dossier's forms."""

from django import forms
from django.utils.translation import gettext_lazy

from accounts.models import Committee

from .. import services
from ..models import DayOff, DossierForm, DossierFormList, RuleConfig
from .fields import (
    CommitteeChoiceField,
    NormalizedCharField,
    date_widget,
)

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


class IntermediateCommitteeForm(forms.Form):
    """The committee between the branch and the decider (R13): one of those known, or a new
    one by its name, or none."""

    committee = CommitteeChoiceField(
        label=gettext_lazy("The committee"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=gettext_lazy("None: the branch proposes to the deciding committee directly"),
        help_text=gettext_lazy(
            "Where a grassroots Party committee sits between the branch and the committee that "
            "decides, its resolution (7/8-KNĐ) comes before every decision (R13)."
        ),
    )
    new_name = NormalizedCharField(
        label=gettext_lazy("Or the name of a committee not in the list, as printed"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, branch, **kwargs):
        kwargs.setdefault("initial", {"committee": branch.intermediate_committee_id})
        super().__init__(*args, **kwargs)
        others = Committee.objects.exclude(pk=branch.committee_id).order_by("name", "pk")
        self.fields["committee"].queryset = others


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
