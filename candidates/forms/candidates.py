from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import findings
from ..models import Candidate, Nomination
from ..text import fold
from .fields import (
    OnceForm,
    VersionForm,
    date_field,
    date_widget,
    force_reason_field,
    text_area,
)


class NominationForm(OnceForm, forms.ModelForm):
    """Why a student is outstanding; the secretary alone may force the Youth Union check (R3)."""

    # Empty (or left out by a script): today.
    on = date_field(_("Nominated on"), required=False, initial=timezone.localdate)
    force_reason = force_reason_field(
        _(
            "Only when the student is not recorded as a Youth Union member (R3) and the "
            "secretary decides to go ahead: the reason is kept and shown in the history."
        )
    )

    class Meta:
        model = Nomination
        fields = ["achievements", "youth_union_roles", "results", "reason"]
        widgets = {name: text_area(3) for name in fields}

    field_order = ["on"]

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in self.Meta.fields):
            raise forms.ValidationError(
                _(
                    "Write at least one thing about the student: achievements, Youth Union "
                    "roles, results or the reason for the nomination."
                )
            )
        return data

    def __init__(self, *args, can_force=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_force:
            del self.fields["force_reason"]


class AcceptForm(VersionForm):
    """The committee accepts a nomination into the source list on the day it decides."""

    on = date_field(_("Accepted on"), required=False, initial=timezone.localdate)

    def __init__(self, *args, candidate=None, compact=False, **kwargs):
        if candidate is not None:
            kwargs.setdefault("initial", {"version": candidate.version})
            kwargs.setdefault("auto_id", f"id_accept{candidate.pk}_%s")
        super().__init__(*args, **kwargs)
        if compact:  # one line of a list, outside crispy's layout
            self.fields["on"].widget.attrs["class"] = "form-control form-control-sm"


class DeclineForm(VersionForm):
    reason = forms.CharField(label=_("Reason for declining"), widget=text_area(2))


class PlanVoteForm(VersionForm):
    planned_vote_on = forms.DateField(
        label=_("Planned branch meeting"),
        required=False,
        widget=date_widget(),
    )


class CandidateFilterForm(forms.Form):
    STAGE_OPEN, STAGE_ALL = "", "all"

    q = forms.CharField(label=_("Search by name"), required=False)
    school_class = forms.ChoiceField(label=_("Class"), required=False)
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        choices=[("", _("All grades")), (10, "10"), (11, "11"), (12, "12")],
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[(STAGE_OPEN, _("In progress")), *Candidate.Stage.choices, (STAGE_ALL, _("All"))],
    )
    by = forms.ChoiceField(
        label=_("Nominated by"),
        required=False,
        choices=[("", _("Anyone")), *Nomination.Kind.choices],
    )
    flagged = forms.BooleanField(label=_("With warnings only"), required=False)

    def __init__(self, *args, classes=(), branch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.fields["school_class"].choices = [("", _("All classes"))] + [
            (str(pk), f"{name} ({year})") for pk, name, year in classes
        ]

    def select_fields(self):
        """The choice fields with their options as ready HTML: a school has dozens of classes,
        and rendering each option through the template engine is most of the page's cost."""
        result = []
        for name in ("school_class", "grade", "stage", "by"):
            bound = self[name]
            current = str(bound.value() or "")
            # Plain escape() and one join: format_html per option costs more than the rows.
            options = mark_safe(
                "".join(
                    f'<option value="{escape(v)}"{" selected" if str(v) == current else ""}>'
                    f"{escape(label)}</option>"
                    for v, label in bound.field.choices
                )
            )
            result.append(
                {"name": name, "id": bound.id_for_label, "label": bound.label, "options": options}
            )
        return result

    def apply(self, queryset):
        """Filter a candidate queryset by the valid fields of this form."""
        data = self.cleaned_data if self.is_valid() else {}
        if query := fold(data.get("q")):
            queryset = queryset.filter(student__search_name__contains=query)
        if data.get("school_class"):
            queryset = queryset.filter(student__school_class_id=data["school_class"])
        if data.get("grade"):
            queryset = queryset.filter(student__school_class__grade=data["grade"])
        stage = data.get("stage", self.STAGE_OPEN)
        if stage == self.STAGE_OPEN:
            queryset = queryset.open()
        elif stage != self.STAGE_ALL:
            queryset = queryset.filter(stage=stage)
        if data.get("by"):
            by_kind = Nomination.objects.filter(candidate=OuterRef("pk"), kind=data["by"])
            queryset = queryset.filter(Exists(by_kind))
        if data.get("flagged"):
            # Warnings are read as of today from the records, never stored (findings.py).
            warned = findings.open_warning_codes(self.branch)
            queryset = queryset.filter(pk__in=[pk for pk, codes in warned.items() if codes])
        return queryset
