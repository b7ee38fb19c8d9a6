"""Forms of the secretary's corrections: one recorded step, a branch meeting, an exit undone.

A step's correction form is made from the fields its kind may change (services.CORRECTIONS),
labelled as the model labels them, with the reason of the correction and the reason to force a
rule; it opens prefilled with what is recorded.
"""

import functools

from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Committee

from .. import services
from ..models import PartyMember
from .fields import VersionForm, model_formfield, text_field
from .meetings import MeetingForm, VoteRowForm


def _reason_field():
    return text_field(
        _("Reason for the correction"),
        rows=2,
        required=True,
        help_text=_("Kept in the history beside the correction; the original entry stays too."),
    )


def _force_field():
    return text_field(
        _("Reason the secretary overrides the rules"),
        rows=2,
        help_text=_(
            "Only when a rule blocks the corrected step and the secretary decides to go ahead: "
            "the reason is kept and shown in the history."
        ),
    )


class StepCorrectionForm(VersionForm):
    """The corrected fields of one record (added per kind), why, and the override's reason."""

    kind = None  # the services.CORRECTIONS entry

    reason = _reason_field()
    force_reason = _force_field()

    def __init__(self, *args, record=None, **kwargs):
        kwargs.setdefault("auto_id", "id_correct_%s")
        super().__init__(*args, **kwargs)
        self.record = record

    @classmethod
    def for_record(cls, candidate, record, data=None):
        """The form for `record`: prefilled with what is recorded, or bound to what was posted.
        A member is chosen among the branch's, a decision's issuer among the deciding
        committees."""
        initial = {name: getattr(record, name) for name in cls.kind.fields}
        form = cls(data, initial={**initial, "version": candidate.version}, record=record)
        choices = {
            PartyMember: PartyMember.objects.filter(branch=candidate.branch),
            Committee: services.committees_deciding(),
        }
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model in choices:
                field.queryset = choices[queryset.model]
        return form


@functools.cache
def correction_form(key):
    """The correction form class of the kind `key` of services.CORRECTIONS."""
    kind = services.CORRECTIONS[key]
    fields = fields_for_model(kind.model, kind.fields, formfield_callback=model_formfield)
    for name in kind.required:
        fields[name].required = True
    attrs = {**fields, "kind": kind, "field_order": [*kind.fields, "reason", "force_reason"]}
    return type(f"{kind.model.__name__}CorrectionForm", (StepCorrectionForm,), attrs)


class ExitUndoForm(VersionForm):
    reason = text_field(_("Why the exit is undone"), rows=2, required=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_undo_%s")
        super().__init__(*args, **kwargs)


class MeetingCorrectionForm(MeetingForm):
    """The meeting's block as recorded, to correct, and why."""

    reason = _reason_field()

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, branch=meeting.branch, **kwargs)
        # The chair and minutes-taker of an older meeting may have left the branch since.
        kept = [pk for pk in (meeting.chair_id, meeting.minutes_taker_id) if pk]
        members = self.fields["chair"].queryset | PartyMember.objects.filter(pk__in=kept)
        self.fields["chair"].queryset = self.fields["minutes_taker"].queryset = members.distinct()

    @classmethod
    def for_meeting(cls, meeting, data=None):
        initial = {name: getattr(meeting, name) for name in ("held_on", *services.MEETING_FIELDS)}
        initial["absences"] = absences_lines(meeting.absences)
        return cls(data, initial=initial, meeting=meeting)


def absences_lines(absences):
    """The stored absences as the lines the form reads back (parse_absences)."""
    kinds = {True: _("official"), False: _("probationary")}
    return "\n".join(f"{a['name']}; {kinds[a['official']]}; {a['reason']}" for a in absences or [])


class VoteCorrectionForm(VoteRowForm):
    """One candidate's vote at the meeting, as recorded, to correct."""

    def __init__(self, *args, vote, **kwargs):
        fields = ("votes_for", "votes_against", "against_reasons", "typed_official_members")
        initial = {name: getattr(vote, name) for name in (*fields, *self.ASSESSMENT)}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, candidate=vote.candidate, **kwargs)
        del self.fields["include"]
        self.fields["votes_for"].required = True
        self.vote_record = vote

    @property
    def included(self) -> bool:
        return True
