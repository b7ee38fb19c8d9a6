"""Forms of the pipeline's steps on the candidate page, and the mentor's review.

Each form parses what one service takes (candidates/services.py) and carries the candidate's
version. Many of them share one page, so each prefixes its element IDs with its step; the field
names stay plain so that a refused entry can be bound again as it was typed.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import dossier
from .forms import VersionForm
from .models import (
    Candidate,
    Ceremony,
    Decision,
    DossierItem,
    IntermediateResolution,
    Introduction,
    MentorAssignment,
    MentorReview,
    PartyMember,
    Recognition,
    YouthUnionResolution,
)


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _date(label, required=True, **kwargs):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, required=required, widget=widget, **kwargs)


def _text(label, rows=2, required=False, **kwargs):
    widget = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(label=label, required=required, widget=widget, **kwargs)


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=999)


class StepForm(VersionForm):
    """A step about one candidate; `step` names its element IDs apart from the other forms."""

    step = "step"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)


class ForcibleStepForm(StepForm):
    """A step that a rule may block: the secretary alone gets the field to force it."""

    force_reason = _text(
        _("Reason the secretary overrides the rules"),
        rows=2,
        help_text=_(
            "Only when a rule blocks this step and the secretary decides to go ahead: "
            "the reason is kept and shown in the history."
        ),
    )

    def __init__(self, *args, can_force=False, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("force_reason")
        if can_force:
            self.fields["force_reason"] = reason  # last, under the step's own fields


class AssessmentFields(forms.Form):
    """The four headings of FORMS.md, each with strengths and weaknesses."""

    political = _text(_label(Introduction, "political"))
    ethics = _text(_label(Introduction, "ethics"))
    ability = _text(_label(Introduction, "ability"))
    relations = _text(_label(Introduction, "relations"))


class MemberChoiceField(forms.ModelChoiceField):
    """A Party member of the branch, saying whether they are official (R6) and since when."""

    def label_from_instance(self, member):
        if member.official_on:
            return _("%(name)s — official member since %(date)s") % {
                "name": member.full_name,
                "date": date_format(member.official_on, "d/m/Y"),
            }
        return _("%(name)s — probationary member") % {"name": member.full_name}


def branch_members(branch):
    """The Party members still in the branch, to choose mentors and introducers from."""
    today = timezone.localdate()
    return PartyMember.objects.filter(branch=branch).exclude(left_on__lte=today)


class MemberStepForm(ForcibleStepForm):
    """A step naming a Party member of the branch (`members`: those to choose from)."""

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            members if members is not None else PartyMember.objects.none()
        )


class MentorForm(MemberStepForm):
    step = "mentor"

    member = MemberChoiceField(label=_label(MentorAssignment, "member"), queryset=None)
    assigned_on = _date(_label(MentorAssignment, "assigned_on"))
    reference = forms.CharField(
        label=_label(MentorAssignment, "reference"), required=False, max_length=100
    )


class MentorEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = forms.DateField(label=_label(MentorAssignment, "ended_on"))


class IntroductionForm(MemberStepForm, AssessmentFields):
    step = "introduction"

    member = MemberChoiceField(label=_("Introducing member"), queryset=None)
    introduced_on = _date(_label(Introduction, "introduced_on"))
    is_replacement = forms.BooleanField(
        label=_label(Introduction, "is_replacement"), required=False
    )
    points_to_note = _text(_label(Introduction, "points_to_note"))
    field_order = ["member", "introduced_on", "is_replacement"]


class YouthResolutionForm(StepForm, AssessmentFields):
    step = "youth"

    number = forms.CharField(label=_label(YouthUnionResolution, "number"), max_length=50)
    adopted_on = _date(_label(YouthUnionResolution, "adopted_on"))
    committee_members = _count(_label(YouthUnionResolution, "committee_members"))
    present = _count(_label(YouthUnionResolution, "present"))
    votes_for = _count(_label(YouthUnionResolution, "votes_for"))
    field_order = ["number", "adopted_on", "committee_members", "present", "votes_for"]


class DossierItemForm(StepForm):
    """One row of the checklist: the paper's status, date, note and an optional scan."""

    code = forms.ChoiceField(
        choices=[(f.code, f.code) for f in dossier.CURRENT.forms], widget=forms.HiddenInput
    )
    status = forms.ChoiceField(label=_("Status"), choices=DossierItem.Status.choices)
    dated_on = _date(_label(DossierItem, "dated_on"), required=False)
    note = forms.CharField(label=_label(DossierItem, "note"), required=False, max_length=300)
    scan = forms.FileField(
        label=_label(DossierItem, "scan"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, row=0, **kwargs):
        self.step = f"dossier{row}"
        super().__init__(*args, **kwargs)


class IntermediateForm(ForcibleStepForm):
    step = "intermediate"

    committee_name = forms.CharField(
        label=_label(IntermediateResolution, "committee_name"), max_length=200
    )
    number = forms.CharField(
        label=_label(IntermediateResolution, "number"), required=False, max_length=50
    )
    adopted_on = _date(_label(IntermediateResolution, "adopted_on"))
    members = _count(_label(IntermediateResolution, "members"))
    votes_for = _count(_label(IntermediateResolution, "votes_for"))


class DecisionForm(StepForm):
    step = "decision"

    number = forms.CharField(label=_label(Recognition, "decision_number"), max_length=50)
    issued_on = _date(_label(Decision, "issued_on"))
    received_on = _date(_label(Decision, "received_on"))
    issuer = forms.CharField(label=_("Issuing committee"), max_length=200)
    signer = forms.CharField(label=_label(Decision, "signer"), required=False, max_length=120)


class CeremonyForm(ForcibleStepForm):
    step = "ceremony"

    held_on = _date(_label(Ceremony, "held_on"))
    place = forms.CharField(label=_label(Ceremony, "place"), required=False, max_length=200)
    consent_reference = forms.CharField(
        label=_label(Ceremony, "consent_reference"),
        required=False,
        max_length=200,
        help_text=_("Needed only for a ceremony later than 30 working days after the decision."),
    )


class RecognitionDecisionForm(StepForm):
    step = "recognition"

    decision_number = forms.CharField(label=_label(Recognition, "decision_number"), max_length=50)
    decision_on = _date(_label(Recognition, "decision_on"))


class ExitForm(StepForm):
    step = "exit"

    kind = forms.ChoiceField(
        label=_label(Candidate, "exit_kind"), choices=Candidate.ExitKind.choices
    )
    on = _date(_label(MentorReview, "written_on"))
    reason = _text(_("Reason"), required=True)


class MentorReviewForm(AssessmentFields):
    """A mentor's periodic review; the duties heading only during probation."""

    written_on = _date(_label(MentorReview, "written_on"))
    summary = _text(_label(MentorReview, "summary"), rows=4, required=True)
    duties = _text(_label(MentorReview, "duties"))
    field_order = ["written_on", "summary"]

    def __init__(self, *args, probation=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not probation:
            del self.fields["duties"]
