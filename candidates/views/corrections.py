"""The secretary's corrections: a recorded step (on the candidate page), a branch meeting's own
facts (on the meeting's page), and an exit undone. Only the secretary corrects (a committee
member gets 403); every correction goes through services and keeps its reason in the history.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles_required
from accounts.models import Membership

from .. import access, forms, services
from ..errors import DomainError
from . import candidate_page  # the module: it imports this one for the page's correction card
from .meetings import Row, check_votes
from .once import record_once

secretary_required = roles_required(*Membership.MAY_FORCE)


def _record(candidate, key, pk):
    """The candidate's record `pk` of the correctable kind `key`, or None."""
    kind = services.CORRECTIONS.get(key)
    if kind is None or not str(pk).isdigit():
        return None
    return kind.records(candidate).filter(pk=pk).first()


def card(request, candidate, bound=None):
    """The correction open on the candidate page, for the secretary: the refused form as typed,
    or the one opened by a "Sửa" link (?correct=kind:pk), prefilled with what is recorded."""
    if not request.scope.may_force:
        return None
    form = bound
    if form is None:
        key, _sep, pk = request.GET.get("correct", "").partition(":")
        record = _record(candidate, key, pk)
        if record is None:
            return None
        form = forms.correction_form(key).for_record(candidate, record)
    action = reverse("candidates:step_correct", args=[candidate.pk, form.kind.key, form.record.pk])
    return {"form": form, "title": form.kind.title, "action": action}


@secretary_required
@require_POST
def step_correct(request, pk, kind, record_pk):
    """Correct one recorded step of a candidate; refused, the page shows the form as typed."""
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    record = _record(candidate, kind, record_pk)
    if record is None:
        raise Http404
    form = forms.correction_form(kind).for_record(candidate, record, request.POST)

    def correct(data):
        services.step_correct(
            candidate=candidate, actor=request.user, kind=kind, pk=record.pk, **data
        )
        messages.success(request, _("The correction was recorded."))

    return candidate_page.post_on_page(
        request, candidate, form, "correct", correct, anchor="history"
    )


@secretary_required
@require_POST
def exit_undo(request, pk):
    """Undo an exit: the candidate returns to the stage it left."""
    candidate = access.get_candidate_for(request, pk, access.DECIDE)

    def undo(data):
        services.candidate_exit_undo(candidate=candidate, actor=request.user, **data)
        messages.success(request, _("The exit was undone."))

    form = forms.ExitUndoForm(request.POST)
    return candidate_page.post_on_page(
        request, candidate, form, "undo_exit", undo, anchor="history"
    )


@secretary_required
def meeting_correct(request, pk):
    """Correct a branch meeting's own facts and its votes: every candidate of it moves."""
    meeting = access.get_meeting_for(request, pk)
    data = request.POST if request.method == "POST" else None
    form = forms.MeetingCorrectionForm.for_meeting(meeting, data)
    votes = meeting.votes.select_related("candidate__student__school_class")
    rows = [
        Row(vote.candidate, form=forms.VoteCorrectionForm(data, vote=vote))
        for vote in votes.order_by("candidate__student__sort_name", "pk")
    ]
    valid = data is not None and all([form.is_valid(), *[row.form.is_valid() for row in rows]])
    if valid and check_votes(form, rows):
        url = reverse("candidates:meeting_detail", args=[meeting.pk])

        def work():
            services.meeting_correct(
                meeting=meeting,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                held_on=form.cleaned_data["held_on"],
                votes=[row.form.vote() for row in rows],
                force_reason=form.cleaned_data["force_reason"],
                **form.details(),
            )
            messages.success(request, _("The correction was recorded."))
            return url

        try:
            return record_once(request, form, work, url)
        except DomainError as error:
            form.add_error(None, error.message)
    context = {"meeting": meeting, "form": form, "rows": rows, "correcting": True}
    status = 200 if data is None else 400
    return render(request, "candidates/meetings/meeting_correct.html", context, status=status)
