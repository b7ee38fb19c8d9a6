"""The pipeline's steps on the candidate page, the dossier's scans, and the mentors' side.

Each step posts one form to one service; a refusal shows the candidate page again with the form
as typed (see candidate_page.post_on_page). The Youth Union's officers record their resolution
(4-KNĐ) and nothing else; mentors write reviews of their own mentees.
"""

import os
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import manager_required, member_required, roles_required

from .. import access, forms, services, steps
from ..access import Role
from ..errors import DomainError
from ..forms import (
    DossierItemForm,
    MentorEndForm,
    MentorReviewForm,
)
from ..models import (
    MentorAssignment,
)
from .candidate_page import dossier_form, dossier_row, post_on_page
from .once import record_once

SCAN_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


@member_required
@require_http_methods(["GET", "POST"])
def step_record(request, pk, key):
    """Record the step `key` of the registry (candidates/steps.py) for one candidate: its form,
    its service with the form's fields as keyword arguments, for the roles it names. GET: the
    form of its card, fetched when the card unfolds (outside the page: the page, unfolded)."""
    step = steps.STEPS[key]
    if not request.scope.has(*step.roles):
        raise PermissionDenied
    candidate = access.get_candidate_for(request, pk)
    form_class = getattr(forms, step.form)
    if request.method == "GET":
        if not request.htmx:
            url = reverse("candidates:detail", args=[pk])
            return redirect(f"{url}?{urlencode({'step': key})}#{step.card_id}")
        context = {"candidate": candidate, "step": step}
        if step in steps.page_steps(candidate, request.scope):
            context["form"] = form_class.for_candidate(candidate, request.scope)
        return render(request, "candidates/candidates/_step_form_body.html", context)
    form = form_class.for_candidate(candidate, request.scope, request.POST, request.FILES)
    service = getattr(services, step.service)

    def record(data):
        service(candidate=candidate, actor=request.user, **data)
        messages.success(request, _("Recorded."))

    return post_on_page(request, candidate, form, key, record, anchor=step.anchor)


@manager_required
@require_POST
def mentor_end(request, pk, assignment_pk):
    """End one mentor's assignment, so that the branch can assign another."""
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    assignment = access.get_mentor_assignment_for(candidate, assignment_pk)
    form = MentorEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
    else:
        try:
            services.mentor_assignment_end(
                assignment=assignment, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Recorded."))
    return redirect(reverse("candidates:detail", args=[candidate.pk]) + "#mentors")


@manager_required
@require_http_methods(["GET", "POST"])
def dossier_item_set(request, pk):
    """One paper of the checklist; a refusal opens the checklist again at its row. GET: the
    form of one row, fetched when the row unfolds (the page would hold one per paper)."""
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    if request.method == "GET":
        if not request.htmx:
            return redirect(reverse("candidates:detail", args=[pk]) + "#dossier")
        if not steps.may_edit_dossier(candidate, request.scope):
            raise PermissionDenied
        form = dossier_form(candidate, request.GET.get("code", ""), request.scope)
        context = {"candidate": candidate, "form": form}
        return render(request, "candidates/candidates/_dossier_edit.html", context)
    row = dossier_row(candidate, request.POST.get("code"))
    can_force = request.scope.may_force
    form = DossierItemForm(request.POST, request.FILES, row=row, can_force=can_force)

    def record(data):
        services.dossier_item_set(candidate=candidate, actor=request.user, **data)
        messages.success(request, _("Recorded."))

    return post_on_page(request, candidate, form, "dossier", record, anchor="dossier")


@manager_required
def dossier_scan(request, pk, item_pk):
    """A scanned paper, from the private media folder, to the committee only."""
    item = access.get_scan_for(request, pk, item_pk)
    name = os.path.basename(item.scan.name)
    content_type = SCAN_CONTENT_TYPES.get(os.path.splitext(name)[1].lower())
    if content_type is None:
        raise Http404
    try:
        scan = item.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(scan, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- mentors --------------------------------------------------------------------------------


@roles_required(Role.PARTY_MEMBER)
def mentee_list(request):
    """The candidates and probationary members this Party member helps: those still on their
    way first, then those whose candidacy has ended (official, withdrawn…)."""
    assignments = (
        access.mentor_assignments_of(request.scope, request.user)
        .select_related("candidate__student__school_class")
        .annotate(review_count=Count("reviews"), last_review=Max("reviews__written_on"))
        .order_by("candidate__student__sort_name", "pk")
    )
    current = [a for a in assignments if a.candidate.is_open]
    finished = [a for a in assignments if not a.candidate.is_open]
    groups = [(_("Helping now"), current, True), (_("Finished"), finished, False)]
    return render(
        request,
        "candidates/mentors/mentor_list.html",
        {"groups": [group for group in groups if group[1]]},
    )


@member_required
def review_write(request, pk):
    """The mentor writes a periodic review of their own mentee; anyone else gets 403."""
    assignment = access.get_assignment_for(request, pk)
    probation = assignment.period == MentorAssignment.Period.PROBATION
    initial = {"written_on": timezone.localdate()}
    form = MentorReviewForm(request.POST or None, initial=initial, probation=probation)
    if request.method == "POST" and form.is_valid():
        page = reverse("candidates:detail", args=[assignment.candidate.pk])

        def work():
            services.mentor_review_write(
                assignment=assignment, author=request.user, **form.cleaned_data
            )
            messages.success(request, _("Your review was saved."))
            return page

        try:
            return record_once(request, form, work, page)
        except services.DomainError as error:
            form.add_error(None, error.message)
    context = {"form": form, "assignment": assignment, "candidate": assignment.candidate}
    status = 400 if form.is_bound else 200
    return render(request, "candidates/mentors/mentor_review.html", context, status=status)
