"""The forms of the reports pages: the period, then what the secretary writes and chooses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DayMonthYearField
from candidates.forms.fields import NormalizedCharField, text_area
from candidates.models import Candidate

from . import builders, periods
from .builders import Options
from .models import IssuedDocument

NARRATIVE_LABELS = {
    "results": _("II. Results (opening text)"),
    "shortcomings": _("III. Strengths, shortcomings and their causes"),
    "tasks": _("IV. Tasks for the coming period"),
    "proposals": _("V. Proposals"),
}


class PeriodForm(forms.Form):
    """Which document's period: a year and a part of it, or two dates; a candidate."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    which = forms.ChoiceField(label=_("Period"), choices=periods.CHOICES, initial="year")
    starts_on = DayMonthYearField(label=_("From"), required=False)
    ends_on = DayMonthYearField(label=_("To"), required=False)
    candidate = forms.TypedChoiceField(label=_("Candidate"), coerce=int, required=False)

    def __init__(self, data=None, *, kind, branch, today, **kwargs):
        super().__init__(data, **kwargs)
        self.kind = builders.KINDS[kind]
        self.fields["year"].initial = today.year
        if not self.kind.chooses_period:
            for name in ("year", "which", "starts_on", "ends_on"):
                del self.fields[name]
        elif kind == "plan":
            for name in ("which", "starts_on", "ends_on"):
                del self.fields[name]
        if self.kind.per_candidate:
            open_ones = Candidate.objects.filter(branch=branch, closed_on__isnull=True)
            self.fields["candidate"].required = True
            self.fields["candidate"].choices = [("", "—")] + [
                (c.pk, f"{c.student.full_name} ({c.student.school_class.name})")
                for c in open_ones.select_related("student__school_class").order_by(
                    "student__sort_name", "pk"
                )
            ]
        else:
            del self.fields["candidate"]
        self.branch, self.today = branch, today

    def clean(self):
        data = super().clean()
        if self.kind.chooses_period and data.get("year") and data.get("which", "year"):
            try:
                data["period"] = periods.period_of(
                    data["year"],
                    data.get("which", "year"),
                    data.get("starts_on"),
                    data.get("ends_on"),
                )
            except ValueError:
                self.add_error(
                    "ends_on", _("Give the first and the last day, the first not after the last.")
                )
        elif not self.kind.chooses_period:
            data["period"] = periods.period_of(self.today.year)
        return data

    def options(self, sensitive) -> Options:
        data = self.cleaned_data
        candidate = None
        if data.get("candidate"):
            candidate = Candidate.objects.select_related("student__school_class").get(
                branch=self.branch, pk=data["candidate"]
            )
        return Options(
            period=data["period"], on=self.today, sensitive=sensitive, candidate=candidate
        )

    def query(self) -> str:
        """The period as a query string, for the links to the draft's files."""
        return "&".join(
            f"{name}={self[name].value() or ''}" for name in self.fields if self[name].value()
        )


class DraftForm(forms.Form):
    """What the secretary writes and chooses on the draft: sections, recipients, signer."""

    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=text_area(3),
        help_text=_("One a line. Left empty: the usual recipients of this document."),
    )
    addressee = NormalizedCharField(label=_("To (addressee)"), max_length=300, required=False)
    signer = forms.TypedChoiceField(label=_("Signed by"), coerce=int, required=False)
    # The saved draft's version the page was opened with; empty when there was none.
    saved_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, kind, branch, **kwargs):
        super().__init__(data, **kwargs)
        self.kind = builders.KINDS[kind]
        self.people = builders.signers(branch)
        self.fields["signer"].choices = [(u.pk, u.get_full_name()) for u in self.people]
        for key in self.kind.narrative:
            self.fields[key] = forms.CharField(
                label=NARRATIVE_LABELS[key], required=False, widget=text_area(5)
            )
        if not self.kind.letter:
            del self.fields["addressee"]

    def fill(self, options: Options) -> Options:
        """Put what was written into `options` (the form must be valid)."""
        data = self.cleaned_data
        if self.kind.narrative:
            options.texts = {key: data.get(key, "") for key in self.kind.narrative}
        options.recipients = builders.lines(data.get("recipients", "")) or None
        options.addressee = data.get("addressee", "")
        options.signer = next((u for u in self.people if u.pk == data.get("signer")), None)
        return options

    def content(self) -> dict:
        """What was written, as typed, to be kept as the saved draft (the form must be
        valid)."""
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name != "saved_version" and self.cleaned_data.get(name) not in ("", None)
        }


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [("", _("All documents"))] + [
            (k.key, k.label) for k in builders.KINDS.values()
        ]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["kind"]:
            queryset = queryset.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["year"]:
            queryset = queryset.filter(issued_on__year=self.cleaned_data["year"])
        return queryset


__all__ = ["DraftForm", "IssuedDocument", "PeriodForm", "RegisterFilterForm"]
