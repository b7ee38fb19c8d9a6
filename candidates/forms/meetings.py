"""Forms of the batch pages: awareness courses and branch meetings (one form, many candidates)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import BranchMeeting, MeetingVote, PartyMember
from ..text import fold, normalize
from .fields import (
    NormalizedCharField,
    OnceForm,
    assessment_fields,
    date_widget,
    text_area,
    time_widget,
)

OFFICIAL_WORDS = {"chinh thuc", "ct", "official", "o"}
PROBATIONARY_WORDS = {"du bi", "db", "probationary", "p"}


def parse_absences(text):
    """Lines "full name; official|probationary (chính thức|dự bị); reason" as the service's
    [{"name", "official", "reason"}]; a ValidationError names every line it cannot read."""
    absences, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [normalize(part) for part in line.split(";")]
        if len(parts) != 3 or not all(parts):
            errors.append(
                _("Line %(line)s: write “full name; official or probationary; reason”.")
                % {"line": number}
            )
            continue
        name, kind, reason = parts
        if fold(kind) in OFFICIAL_WORDS:
            official = True
        elif fold(kind) in PROBATIONARY_WORDS:
            official = False
        else:
            errors.append(
                _("Line %(line)s: “%(kind)s” is neither official nor probationary.")
                % {"line": number, "kind": kind}
            )
            continue
        absences.append({"name": name, "official": official, "reason": reason})
    if errors:
        raise forms.ValidationError(errors)
    return absences


class MeetingForm(OnceForm):
    """The meeting block of FORMS.md: when, where, who chaired, who was there, how they voted."""

    held_on = forms.DateField(label=_("Meeting date"), widget=date_widget())
    place = NormalizedCharField(label=_("Place"), max_length=200)
    starts_at = forms.TimeField(label=_("Starts at"), widget=time_widget())
    ends_at = forms.TimeField(label=_("Ends at"), widget=time_widget())
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=PartyMember.objects.none())
    minutes_taker = forms.ModelChoiceField(
        label=_("Minutes taken by"), queryset=PartyMember.objects.none()
    )
    method = forms.ChoiceField(
        label=_("How they voted"),
        choices=BranchMeeting.Method.choices,
        widget=forms.RadioSelect,
        initial=BranchMeeting.Method.SECRET,
    )
    present_official = forms.IntegerField(label=_("Official members present"), min_value=0)
    present_probationary = forms.IntegerField(label=_("Probationary members present"), min_value=0)
    absences = forms.CharField(
        label=_("Absent members"),
        required=False,
        widget=text_area(3),
        help_text=_(
            "One absent member per line: full name; official or probationary; reason. "
            "For example: Trần Văn Bình; official; on a work trip."
        ),
    )
    resolution_number = NormalizedCharField(
        label=_("Resolution number"), max_length=50, required=False
    )
    force_reason = forms.CharField(
        label=_("Reason for going ahead despite a blocking rule"),
        required=False,
        widget=text_area(2),
        help_text=_(
            "Only the secretary may force a step that the rules block. The reason is kept "
            "and shown on each candidate's page."
        ),
    )

    def __init__(self, *args, branch, check_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.roster = None  # (official, probationary) on the meeting date, once checked
        members = PartyMember.objects.filter(branch=branch, left_on__isnull=True)
        self.fields["chair"].queryset = members
        self.fields["minutes_taker"].queryset = members
        if check_url:
            # Changing the date asks the server for the roster and the findings of that day.
            self.fields["held_on"].widget.attrs.update(
                {
                    "hx-get": check_url,
                    "hx-trigger": "change",
                    "hx-target": "#roster-check",
                    "hx-sync": "this:replace",
                }
            )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > services.today():
            raise forms.ValidationError(_("Record a meeting once it has been held."))
        return held_on

    def clean_absences(self):
        return parse_absences(self.cleaned_data["absences"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting ends after it starts."))
        chair, taker = data.get("chair"), data.get("minutes_taker")
        if chair and taker and chair == taker:
            self.add_error("minutes_taker", _("The chair and the minutes-taker are two people."))
        if data.get("held_on"):
            self.roster = services.roster_counts(self.branch, data["held_on"])
            self._check_attendance(data)
        return data

    def _check_attendance(self, data):
        """Present and absent members add up to the roster of the day, in each group."""
        groups = (
            ("present_official", True, self.roster[0]),
            ("present_probationary", False, self.roster[1]),
        )
        for name, official, on_roster in groups:
            present = data.get(name)
            if present is None:
                continue
            if present > on_roster:
                self.add_error(
                    name,
                    _("The roster holds only %(count)s such members on that date.")
                    % {"count": on_roster},
                )
                continue
            listed = sum(1 for a in data.get("absences") or [] if a["official"] is official)
            if "absences" in data and listed != on_roster - present:
                message = (
                    _(
                        "The roster holds %(roster)s official members on that date and "
                        "%(present)s are present: list the %(absent)s absent, with their "
                        "reasons (listed: %(listed)s)."
                    )
                    if official
                    else _(
                        "The roster holds %(roster)s probationary members on that date and "
                        "%(present)s are present: list the %(absent)s absent, with their "
                        "reasons (listed: %(listed)s)."
                    )
                )
                self.add_error(
                    "absences",
                    message
                    % {
                        "roster": on_roster,
                        "present": present,
                        "absent": on_roster - present,
                        "listed": listed,
                    },
                )

    def details(self) -> dict:
        """The meeting's keyword arguments for `services.meeting_record`."""
        names = ["place", "starts_at", "ends_at", "chair", "minutes_taker", "method"]
        names += ["present_official", "present_probationary", "absences", "resolution_number"]
        return {name: self.cleaned_data[name] for name in names}


class VoteRowForm(assessment_fields(MeetingVote)):
    """How the meeting voted on one candidate; only ticked rows are recorded."""

    include = forms.BooleanField(
        label=_("Voted on at this meeting"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    against_reasons = forms.CharField(
        label=_("Reasons of those against"), required=False, widget=text_area(2)
    )
    typed_official_members = forms.IntegerField(
        label=_("Official members in the minutes"),
        min_value=0,
        required=False,
        help_text=_("Optional: the number the minutes give, compared with the roster."),
    )

    ASSESSMENT = MeetingVote.assessment_fields()

    def __init__(self, *args, candidate, **kwargs):
        kwargs.setdefault("prefix", f"c{candidate.pk}")
        super().__init__(*args, **kwargs)
        self.candidate = candidate

    def clean(self):
        data = super().clean()
        if data.get("include") and data.get("votes_for") is None and "votes_for" not in self.errors:
            self.add_error("votes_for", _("Enter the votes for."))
        return data

    def assessment(self):
        """The assessment's fields, strengths and weaknesses of each heading, as bound."""
        return [self[name] for name in self.ASSESSMENT]

    @property
    def written_assessment(self) -> bool:
        return any(field.value() for field in self.assessment())

    @property
    def included(self) -> bool:
        return bool(self.cleaned_data.get("include"))

    def vote(self) -> dict:
        """The row as one item of `votes` for `services.meeting_record`."""
        data = self.cleaned_data
        return {
            "candidate": self.candidate,
            "votes_for": data["votes_for"],
            "votes_against": data["votes_against"] or 0,
            "against_reasons": data["against_reasons"],
            "typed_official_members": data["typed_official_members"],
            **{name: data[name] for name in self.ASSESSMENT},
        }
