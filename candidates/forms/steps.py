"""Forms of the pipeline's steps on the candidate page, and the mentor's review.

Each form parses what one service takes (candidates/services.py) and carries the candidate's
version. Many of them share one page, so each prefixes its element IDs with its step; the field
names stay plain so that a refused entry can be bound again as it was typed.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services, text
from ..models import (
    Candidate,
    Ceremony,
    Consultation,
    Decision,
    DecisionExtension,
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
    CommitteeChoiceField,
    OnceForm,
    VersionForm,
    assessment_fields,
    count_field,
    date_field,
    force_reason_field,
    label_of,
    text_field,
    time_widget,
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

    force_reason = force_reason_field(
        _(
            "Only when a rule blocks this step and the secretary decides to go ahead: "
            "the reason is kept and shown in the history."
        )
    )

    def __init__(self, *args, can_force=False, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("force_reason")
        if can_force:
            self.fields["force_reason"] = reason  # last, under the step's own fields

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        return {**super().options_for(candidate, scope), "can_force": scope.may_force}


AssessmentFields = assessment_fields(Introduction)


class MemberChoiceField(forms.ModelChoiceField):
    """A Party member of the branch, saying whether they are official (R6) and since when,
    and when they left the branch if they have."""

    def label_from_instance(self, member):
        if member.official_on:
            label = _("%(name)s — official member since %(date)s") % {
                "name": member.full_name,
                "date": text.day(member.official_on),
            }
        else:
            label = _("%(name)s — probationary member") % {"name": member.full_name}
        if member.left_on:
            label += " · " + _("left the branch on %(date)s") % {"date": text.day(member.left_on)}
        return label


def branch_members(branch, since=None):
    """The Party members of the branch to choose mentors and introducers from: those still in
    it, and those who left after `since` (a step dated before they left may still name them;
    R6 refuses a date after)."""
    since = since or timezone.localdate()
    return PartyMember.objects.filter(branch=branch).exclude(left_on__lte=since)


class MemberStepForm(ForcibleStepForm):
    """A step naming a Party member of the branch (`members`: those to choose from)."""

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            members if members is not None else PartyMember.objects.none()
        )

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        members = branch_members(candidate.branch, since=candidate.opened_on)
        return {**super().options_for(candidate, scope), "members": members}


def optional_count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=999, required=False)


class MentorForm(MemberStepForm):
    step = "mentor"

    member = MemberChoiceField(label=label_of(MentorAssignment, "member"), queryset=None)
    assigned_on = date_field(label_of(MentorAssignment, "assigned_on"))
    today_fields = ("assigned_on",)
    reference = forms.CharField(
        label=label_of(MentorAssignment, "reference"), required=False, max_length=100
    )
    meeting_on = date_field(label_of(MentorAssignment, "meeting_on"), required=False)
    present = optional_count(label_of(MentorAssignment, "present"))
    votes_for = optional_count(label_of(MentorAssignment, "votes_for"))


class MentorEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = date_field(label_of(MentorAssignment, "ended_on"))


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


class YouthResolutionForm(StepForm, assessment_fields(YouthUnionResolution)):
    step = "youth"

    number = forms.CharField(label=label_of(YouthUnionResolution, "number"), max_length=50)
    adopted_on = date_field(label_of(YouthUnionResolution, "adopted_on"))
    committee_members = count_field(label_of(YouthUnionResolution, "committee_members"))
    present = count_field(label_of(YouthUnionResolution, "present"))
    votes_for = count_field(label_of(YouthUnionResolution, "votes_for"))
    field_order = ["number", "adopted_on", "committee_members", "present", "votes_for"]


class ConsultationForm(StepForm):
    step = "comments"

    kind = forms.ChoiceField(
        label=label_of(Consultation, "kind"), choices=Consultation.Kind.choices
    )
    body = forms.CharField(label=label_of(Consultation, "body"), max_length=200)
    consulted_on = date_field(label_of(Consultation, "consulted_on"))
    asked = count_field(label_of(Consultation, "asked"))
    agreed = count_field(label_of(Consultation, "agreed"))
    strengths = text_field(label_of(Consultation, "strengths"))
    weaknesses = text_field(label_of(Consultation, "weaknesses"))


class DossierItemForm(ForcibleStepForm):
    """One row of the checklist: the paper's status, date, note and an optional scan; the
    secretary may force a paper the rules refuse (HS: dated after the branch voted)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
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

    number = forms.CharField(
        label=label_of(IntermediateResolution, "number"), required=False, max_length=50
    )
    adopted_on = date_field(label_of(IntermediateResolution, "adopted_on"))
    members = count_field(label_of(IntermediateResolution, "members"))
    votes_for = count_field(label_of(IntermediateResolution, "votes_for"))

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.fields["number"].label = _("Number of the resolution of %(committee)s") % {
                "committee": committee.name
            }

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        committee = candidate.branch.intermediate_committee
        return {**super().options_for(candidate, scope), "committee": committee}


class ExtensionForm(StepForm):
    step = "extension"

    reference = forms.CharField(
        label=label_of(DecisionExtension, "reference"),
        max_length=200,
        help_text=_("Its number and date, e.g. Công văn 45-CV/ĐU ngày 20/05/2026."),
    )
    granted_on = date_field(label_of(DecisionExtension, "granted_on"))


class DecisionForm(ForcibleStepForm):
    step = "decision"

    number = forms.CharField(label=label_of(Recognition, "decision_number"), max_length=50)
    issued_on = date_field(label_of(Decision, "issued_on"))
    received_on = date_field(label_of(Decision, "received_on"))
    issuer = CommitteeChoiceField(label=_("Issuing committee"), queryset=None)
    signer = forms.CharField(label=label_of(Decision, "signer"), required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = services.committees_deciding()

    @classmethod
    def initial_for(cls, candidate) -> dict:
        return {"issuer": candidate.branch.committee.decider.pk}


class CeremonyForm(ForcibleStepForm):
    """The ceremony and its minutes (FORMS.md)."""

    step = "ceremony"

    held_on = date_field(label_of(Ceremony, "held_on"))
    starts_at = forms.TimeField(
        label=label_of(Ceremony, "starts_at"), required=False, widget=time_widget()
    )
    place = forms.CharField(label=label_of(Ceremony, "place"), required=False, max_length=200)
    consent_reference = forms.CharField(
        label=label_of(Ceremony, "consent_reference"),
        required=False,
        max_length=200,
        help_text=_("Needed only for a ceremony later than 30 working days after the decision."),
    )
    chair = MemberChoiceField(label=label_of(Ceremony, "chair"), queryset=None, required=False)
    minutes_taker = MemberChoiceField(
        label=label_of(Ceremony, "minutes_taker"), queryset=None, required=False
    )
    guests = text_field(label_of(Ceremony, "guests"))
    present_official = optional_count(label_of(Ceremony, "present_official"))
    present_probationary = optional_count(label_of(Ceremony, "present_probationary"))
    decision_read = forms.BooleanField(label=label_of(Ceremony, "decision_read"), required=False)
    oath_taken = forms.BooleanField(label=label_of(Ceremony, "oath_taken"), required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "minutes_taker"):
            self.fields[name].queryset = (
                members if members is not None else PartyMember.objects.none()
            )

    @classmethod
    def initial_for(cls, candidate) -> dict:
        return {"decision_read": True, "oath_taken": True}

    @classmethod
    def options_for(cls, candidate, scope) -> dict:
        members = branch_members(candidate.branch, since=candidate.opened_on)
        return {**super().options_for(candidate, scope), "members": members}


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


class MentorReviewForm(OnceForm, assessment_fields(MentorReview)):
    """A mentor's periodic review; the duties heading and the recommendation for recognition
    (11-KNĐ) only during probation."""

    PROBATION_ONLY = ("duties", "duties_weaknesses", "recommendation", "recommendation_reason")

    written_on = date_field(label_of(MentorReview, "written_on"))
    summary = text_field(label_of(MentorReview, "summary"), rows=4, required=True)
    recommendation = forms.ChoiceField(
        label=label_of(MentorReview, "recommendation"),
        choices=[("", _("Not yet")), *MentorReview.Recommendation.choices],
        required=False,
    )
    recommendation_reason = text_field(label_of(MentorReview, "recommendation_reason"))
    field_order = ["written_on", "summary"]

    def __init__(self, *args, probation=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not probation:
            for name in self.PROBATION_ONLY:
                del self.fields[name]
