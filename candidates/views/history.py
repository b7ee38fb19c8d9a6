"""How the history names the fields a correction changed."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from ..models import BranchMeeting, MeetingVote

# Labels of changed fields that the models leave without a verbose name.
EXTRA_LABELS = {
    "passed": _("Passed"),
    "typed_official_members": _("Official members in the minutes"),
    "absences": _("Absent members"),
}


def record_labels(record):
    """{field: label} of the record an event names ("ceremony:3"); a meeting's include its
    votes' fields."""
    try:
        model = apps.get_model("candidates", record.partition(":")[0])
    except LookupError:
        return dict(EXTRA_LABELS)
    models = [model, MeetingVote] if model is BranchMeeting else [model]
    return {**{f.name: f.verbose_name for m in models for f in m._meta.fields}, **EXTRA_LABELS}


def change_rows(event, labels=None):
    """The event's changes as (label, old, new)."""
    labels = labels or record_labels(event.record)
    return [(labels.get(name, name), *values) for name, values in event.changes.items()]
