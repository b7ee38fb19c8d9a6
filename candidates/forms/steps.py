"""Forms of the pipeline's steps on the candidate page, and the mentor's review.

Each form parses what one service takes (candidates/services.py) and carries the candidate's
version. Many of them share one page, so each prefixes its element IDs with its step; the field
names stay plain so that a refused entry can be bound again as it was typed.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import dossier, text
from ..models import (
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
from .fields import (
    OnceForm,
    VersionForm,
    count_field,
    date_field,
    label_of,
    text_field,
)


class StepForm(VersionForm):
    """A step about one candidate; `step` names its element IDs apart from the other forms."""

    step = "step"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def for_candidate(cls, candidate, scope, data=None, files=None):
        """The form of this step for `candidate`, as `scope` may fill it: blank (carrying the
        candidate's version and the step's own defaults), or bound to what was posted."""
        initial = {"version": candidate.version, **cls.initial_for(candidate)}
        return cls(data, files, initial=initial, **cls.options_for(candidate, scope))

    # Date fields that start at today's date.
    today_fields = ()

    @classmethod
    def initial_for(cls, candidate) -> dict:
        return {name: timezone.localdate() for name in cls.today_fields}

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        return {}


class ForcibleStepForm(StepForm):
    """A step that a rule may block: the secretary alone gets the field to force it."""

    force_reason = text_field(
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

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        return {**super().options_for(candidate, scope), "can_force": scope.may_force}


class AssessmentFields(forms.Form):
    """The four headings of FORMS.md, each with strengths and weaknesses."""

    political = text_field(label_of(Introduction, "political"))
    ethics = text_field(label_of(Introduction, "ethics"))
    ability = text_field(label_of(Introduction, "ability"))
    relations = text_field(label_of(Introduction, "relations"))


class MemberChoiceField(forms.ModelChoiceField):
    """A Party member of the branch, saying whether they are official (R6) and since when."""

    def label_from_instance(self, member):
        if member.official_on:
            return _("%(name)s — official member since %(date)s") % {
                "name": member.full_name,
                "date": text.day(member.official_on),
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

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        members = branch_members(candidate.branch)
        return {**super().options_for(candidate, scope), "members": members}


class MentorForm(MemberStepForm):
    step = "mentor"

    member = MemberChoiceField(label=label_of(MentorAssignment, "member"), queryset=None)
    assigned_on = date_field(label_of(MentorAssignment, "assigned_on"))
    today_fields = ("assigned_on",)
    reference = forms.CharField(
        label=label_of(MentorAssignment, "reference"), required=False, max_length=100
    )


class MentorEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = forms.DateField(label=label_of(MentorAssignment, "ended_on"))


class IntroductionForm(MemberStepForm, AssessmentFields):
    step = "introduction"

    member = MemberChoiceField(label=_("Introducing member"), queryset=None)
    introduced_on = date_field(label_of(Introduction, "introduced_on"))
    today_fields = ("introduced_on",)
    is_replacement = forms.BooleanField(
        label=label_of(Introduction, "is_replacement"), required=False
    )
    points_to_note = text_field(label_of(Introduction, "points_to_note"))
    field_order = ["member", "introduced_on", "is_replacement"]


class YouthResolutionForm(StepForm, AssessmentFields):
    step = "youth"

    number = forms.CharField(label=label_of(YouthUnionResolution, "number"), max_length=50)
    adopted_on = date_field(label_of(YouthUnionResolution, "adopted_on"))
    committee_members = count_field(label_of(YouthUnionResolution, "committee_members"))
    present = count_field(label_of(YouthUnionResolution, "present"))
    votes_for = count_field(label_of(YouthUnionResolution, "votes_for"))
    field_order = ["number", "adopted_on", "committee_members", "present", "votes_for"]


class DossierItemForm(StepForm):
    """One row of the checklist: the paper's status, date, note and an optional scan."""

    code = forms.ChoiceField(
        choices=[(f.code, f.code) for f in dossier.CURRENT.forms], widget=forms.HiddenInput
    )
    status = forms.ChoiceField(label=_("Status"), choices=DossierItem.Status.choices)
    dated_on = date_field(label_of(DossierItem, "dated_on"), required=False)
    note = forms.CharField(label=label_of(DossierItem, "note"), required=False, max_length=300)
    scan = forms.FileField(
        label=label_of(DossierItem, "scan"),
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
        label=label_of(IntermediateResolution, "committee_name"), max_length=200
    )
    number = forms.CharField(
        label=label_of(IntermediateResolution, "number"), required=False, max_length=50
    )
    adopted_on = date_field(label_of(IntermediateResolution, "adopted_on"))
    members = count_field(label_of(IntermediateResolution, "members"))
    votes_for = count_field(label_of(IntermediateResolution, "votes_for"))


class DecisionForm(StepForm):
    step = "decision"

    number = forms.CharField(label=label_of(Recognition, "decision_number"), max_length=50)
    issued_on = date_field(label_of(Decision, "issued_on"))
    received_on = date_field(label_of(Decision, "received_on"))
    issuer = forms.CharField(label=_("Issuing committee"), max_length=200)
    signer = forms.CharField(label=label_of(Decision, "signer"), required=False, max_length=120)

    @classmethod
    def initial_for(cls, candidate) -> dict:
        return {"issuer": candidate.branch.committee.name}


class CeremonyForm(ForcibleStepForm):
    step = "ceremony"

    held_on = date_field(label_of(Ceremony, "held_on"))
    place = forms.CharField(label=label_of(Ceremony, "place"), required=False, max_length=200)
    consent_reference = forms.CharField(
        label=label_of(Ceremony, "consent_reference"),
        required=False,
        max_length=200,
        help_text=_("Needed only for a ceremony later than 30 working days after the decision."),
    )


class RecognitionDecisionForm(StepForm):
    step = "recognition"

    decision_number = forms.CharField(label=label_of(Recognition, "decision_number"), max_length=50)
    decision_on = date_field(label_of(Recognition, "decision_on"))

    @classmethod
    def initial_for(cls, candidate) -> dict:
        recognition = getattr(candidate, "recognition", None)
        if recognition is None:
            return {}
        return {
            "decision_number": recognition.decision_number,
            "decision_on": recognition.decision_on,
        }


class ExitForm(StepForm):
    step = "exit"

    kind = forms.ChoiceField(
        label=label_of(Candidate, "exit_kind"), choices=Candidate.ExitKind.choices
    )
    on = date_field(label_of(MentorReview, "written_on"))
    reason = text_field(_("Reason"), required=True)
    today_fields = ("on",)


class MentorReviewForm(OnceForm, AssessmentFields):
    """A mentor's periodic review; the duties heading only during probation."""

    written_on = date_field(label_of(MentorReview, "written_on"))
    summary = text_field(label_of(MentorReview, "summary"), rows=4, required=True)
    duties = text_field(label_of(MentorReview, "duties"))
    field_order = ["written_on", "summary"]

    def __init__(self, *args, probation=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not probation:
            del self.fields["duties"]
