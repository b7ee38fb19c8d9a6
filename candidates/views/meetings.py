"""Pages done for a batch at once, as it happens: awareness courses and branch meetings.

Both are the committee's (secretary and committee members). Every change goes through
`services`; a form that the service refuses is shown again with what was typed.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import manager_required

from .. import access, findings, rules, services, text
from ..forms import (
    MeetingForm,
    VoteRowForm,
)
from ..forms.fields import data_or_initial, unbound_copy
from ..models import (
    BranchMeeting,
    Candidate,
    Event,
    MeetingVote,
    record_key,
)
from .history import change_rows
from .once import record_once, sent_again

Stage = Candidate.Stage
Purpose = BranchMeeting.Purpose
# From the source list until the branch votes: registered, certified, voted on for admission.
BEFORE_VOTE = (Stage.SOURCE, Stage.AWARENESS, Stage.MENTORED, Stage.DOSSIER)
ELIGIBLE = {Purpose.ADMISSION: BEFORE_VOTE, Purpose.RECOGNITION: (Stage.PROBATIONARY,)}


# --- branch meetings ----------------------------------------------------------------------


@manager_required
def meeting_list(request):
    meetings = (
        BranchMeeting.objects.filter(branch=request.scope.branch)
        .annotate(
            vote_count=Count("votes"), passed_count=Count("votes", filter=Q(votes__passed=True))
        )
        # The latest meeting first (Meta.ordering does not apply to a GROUP BY query).
        .order_by("-held_on", "-starts_at", "-pk")
    )
    return render(request, "candidates/meetings/meeting_list.html", {"meetings": meetings})


@dataclass
class Row:
    """One candidate of the meeting form: the rules' findings for the date, and the inputs."""

    candidate: Candidate
    findings: list = field(default_factory=list)
    form: VoteRowForm | None = None


def _eligible(branch, purpose):
    """The candidates a meeting of `purpose` may vote on, with what their findings read."""
    eligible = Candidate.objects.open().filter(branch=branch, stage__in=ELIGIBLE[purpose])
    return findings.with_pipeline(eligible.order_by("student__sort_name", "pk"))


def _purpose(request):
    purpose = request.GET.get("purpose") or Purpose.ADMISSION
    if purpose not in Purpose.values:
        raise Http404
    return Purpose(purpose)


def _roster(branch, on):
    if on is None:
        return None
    official, probationary = services.roster_counts(branch, on)
    return {
        "on": on,
        "official": official,
        "probationary": probationary,
        "needed": rules.votes_needed(official),
    }


def _rows(branch, purpose, on, data=None):
    settings = services.rule_settings(branch)
    rows = []
    for candidate in _eligible(branch, purpose):
        found = findings.meeting_findings(candidate, purpose, on, settings) if on else []
        rows.append(Row(candidate, found, VoteRowForm(data, candidate=candidate)))
    return rows


def check_votes(meeting_form, rows):
    """No row counts more votes than official members present (the service says so too,
    but here the field is marked)."""
    present = meeting_form.cleaned_data["present_official"]
    ok = True
    for row in rows:
        data = row.form.cleaned_data
        if row.form.included and data["votes_for"] + (data["votes_against"] or 0) > present:
            row.form.add_error("votes_for", _("More votes than official members present."))
            ok = False
    return ok


def _record(request, purpose, meeting_form, rows):
    """Record the meeting from valid forms, once per rendered form: the redirect to its page,
    or None with the reason on the form if refused."""
    chosen = [row for row in rows if row.form.included]
    if not chosen:
        meeting_form.add_error(None, _("Tick at least one candidate voted on at this meeting."))
        return None
    if not check_votes(meeting_form, rows):
        return None
    data = meeting_form.cleaned_data

    def work():
        meeting = services.meeting_record(
            branch=request.scope.branch,
            actor=request.user,
            purpose=purpose,
            held_on=data["held_on"],
            votes=[row.form.vote() for row in chosen],
            force_reason=data["force_reason"],
            **meeting_form.details(),
        )
        messages.success(
            request,
            _("The branch meeting of %(date)s was recorded.") % {"date": text.day(meeting.held_on)},
        )
        return reverse("candidates:meeting_detail", args=[meeting.pk])

    try:
        return record_once(request, meeting_form, work, reverse("candidates:meeting_list"))
    except services.DomainError as error:
        meeting_form.add_error(None, error.message)
        return None


@manager_required
def meeting_create(request):
    """Record one branch meeting that voted on several candidates (6-KNĐ or 13-KNĐ)."""
    branch, purpose = request.scope.branch, _purpose(request)
    check_url = f"{reverse('candidates:meeting_create')}?purpose={purpose}"
    if request.htmx and request.method == "GET":
        # The date changed: the roster of that day and the findings of each candidate.
        form = MeetingForm(request.GET, branch=branch)
        on = data_or_initial(form, "held_on")
        context = {"roster": _roster(branch, on), "rows": _rows(branch, purpose, on)}
        return render(request, "candidates/meetings/_meeting_check.html", context)
    data = request.POST if request.method == "POST" else None
    if data is not None and (again := sent_again(request, reverse("candidates:meeting_list"))):
        return again
    form = MeetingForm(
        data, branch=branch, check_url=check_url, initial={"held_on": services.today()}
    )
    on = data_or_initial(form, "held_on")
    rows = _rows(branch, purpose, on, data)
    if data is not None and "check" in data:
        # The button without JavaScript: show the day's roster and findings, judge nothing yet.
        form = unbound_copy(form, branch=branch, check_url=check_url)
        for row in rows:
            row.form = unbound_copy(row.form, candidate=row.candidate)
    elif data is not None and all([form.is_valid(), *[row.form.is_valid() for row in rows]]):
        recorded = _record(request, purpose, form, rows)
        if recorded is not None:
            return recorded
    context = {
        "form": form,
        "rows": rows,
        "roster": _roster(branch, on),
        "purpose": purpose,
        "purpose_label": Purpose(purpose).label,
        "can_force": request.scope.may_force,
    }
    return render(request, "candidates/meetings/meeting_form.html", context)


@manager_required
def meeting_detail(request, pk):
    """The meeting block of the papers (FORMS.md) and the vote on each candidate."""
    meeting = access.get_meeting_for(request, pk)
    official = meeting.official_members
    votes = list(
        MeetingVote.objects.filter(meeting=meeting)
        .select_related("candidate__student__school_class")
        .order_by("candidate__student__sort_name", "pk")
    )
    for vote in votes:
        vote.for_text = rules.vote_for_text(vote.votes_for, official)
        vote.against_text = rules.vote_against_text(vote.votes_against, official)
        vote.typed_differs = vote.typed_official_members not in (None, official)
    absences = meeting.absences or []
    corrections = Event.objects.filter(record=record_key(meeting), kind="correction")
    corrections = list(
        corrections.select_related("actor", "candidate__student").order_by("-at", "-pk")
    )
    for event in corrections:
        event.rows = change_rows(event)
    context = {
        "meeting": meeting,
        "votes": votes,
        "needed": rules.votes_needed(official),
        "absent_official": official - meeting.present_official,
        "absent_probationary": meeting.probationary_members - meeting.present_probationary,
        "absences": absences,
        "total": official + meeting.probationary_members,
        "present_total": meeting.present_official + meeting.present_probationary,
        "corrections": corrections,
        "can_correct": request.scope.may_force,
    }
    return render(request, "candidates/meetings/meeting_detail.html", context)
