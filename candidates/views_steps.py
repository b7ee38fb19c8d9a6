"""The pipeline's steps on the candidate page, the dossier's scans, and the mentors' side.

Each step posts one form to one service; a refusal shows the candidate page again with the form
as typed (see views._candidate_form_step). The Youth Union's officers record their resolution
(4-KNĐ) and nothing else; mentors write reviews of their own mentees.
"""

import os

from django.contrib import messages
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import manager_required, member_required, roles_required

from . import access, dossier, services
from .access import Role
from .forms_steps import (
    CeremonyForm,
    DecisionForm,
    DossierItemForm,
    ExitForm,
    IntermediateForm,
    IntroductionForm,
    MentorEndForm,
    MentorForm,
    MentorReviewForm,
    RecognitionDecisionForm,
    YouthResolutionForm,
    branch_members,
)
from .models import MentorAssignment
from .views import _candidate_form_step

youth_or_managers_required = roles_required(Role.SECRETARY, Role.COMMITTEE, Role.YOUTH_UNION)
SCAN_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def _post_step(request, pk, form_class, form_name, service, **options):
    """Call `service` with the form's fields as its keyword arguments."""

    def step(candidate, data):
        service(candidate=candidate, actor=request.user, **data)
        messages.success(request, _("Recorded."))

    return _candidate_form_step(request, pk, form_class, form_name, step, **options)


def _forcing(request):
    """Form options of a step that a rule may block: only the secretary may force it."""
    return {"can_force": Role.SECRETARY in request.scope.roles, "anchor": "steps"}


@manager_required
@require_POST
def mentor_assign(request, pk):
    members = branch_members(request.scope.branch)
    options = {**_forcing(request), "members": members}
    return _post_step(
        request, pk, MentorForm, "mentor_form", services.candidate_assign_mentor, **options
    )


@manager_required
@require_POST
def mentor_end(request, pk, assignment_pk):
    """End one mentor's assignment, so that the branch can assign another."""
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    assignment = get_object_or_404(candidate.mentors, pk=assignment_pk, ended_on__isnull=True)
    form = MentorEndForm(request.POST)
    try:
        if not form.is_valid():
            raise services.DomainError(_("The form was incomplete; nothing was changed."))
        services.mentor_assignment_end(
            assignment=assignment, actor=request.user, **form.cleaned_data
        )
    except services.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recorded."))
    return redirect(reverse("candidates:detail", args=[candidate.pk]) + "#mentors")


@manager_required
@require_POST
def introduction_record(request, pk):
    members = branch_members(request.scope.branch)
    options = {**_forcing(request), "members": members}
    service = services.candidate_introduce
    return _post_step(request, pk, IntroductionForm, "introduction_form", service, **options)


@youth_or_managers_required
@require_POST
def youth_resolution_record(request, pk):
    """The Youth Union committee's resolution (4-KNĐ): its officers and the committee."""
    return _post_step(
        request,
        pk,
        YouthResolutionForm,
        "youth_form",
        services.youth_resolution_record,
        action=access.YOUTH_RESOLUTION,
        anchor="steps",
    )


@manager_required
@require_POST
def dossier_item_set(request, pk):
    codes = [form.code for form in dossier.CURRENT.forms]
    code = request.POST.get("code")
    row = codes.index(code) if code in codes else 0
    service = services.dossier_item_set
    return _post_step(
        request, pk, DossierItemForm, "dossier_form", service, anchor="dossier", row=row
    )


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


@manager_required
@require_POST
def intermediate_record(request, pk):
    service = services.intermediate_record
    options = _forcing(request)
    return _post_step(request, pk, IntermediateForm, "intermediate_form", service, **options)


@manager_required
@require_POST
def decision_record(request, pk):
    service = services.decision_record
    return _post_step(request, pk, DecisionForm, "decision_form", service, anchor="steps")


@manager_required
@require_POST
def ceremony_record(request, pk):
    service = services.ceremony_record
    options = _forcing(request)
    return _post_step(request, pk, CeremonyForm, "ceremony_form", service, **options)


@manager_required
@require_POST
def recognition_decision_record(request, pk):
    service = services.recognition_decision_record
    form_class = RecognitionDecisionForm
    return _post_step(request, pk, form_class, "recognition_form", service, anchor="steps")


@manager_required
@require_POST
def candidate_exit(request, pk):
    return _post_step(request, pk, ExitForm, "exit_form", services.candidate_exit)


# --- mentors --------------------------------------------------------------------------------


@roles_required(Role.PARTY_MEMBER)
def mentee_list(request):
    """The candidates and probationary members this Party member helps."""
    assignments = (
        access.mentor_assignments_of(request.scope, request.user)
        .select_related("candidate__student__school_class")
        .annotate(review_count=Count("reviews"), last_review=Max("reviews__written_on"))
        .order_by("candidate__student__sort_name", "pk")
    )
    return render(request, "candidates/mentor_list.html", {"assignments": assignments})


@member_required
def review_write(request, pk):
    """The mentor writes a periodic review of their own mentee; anyone else gets 403."""
    assignment = access.get_assignment_for(request, pk)
    probation = assignment.period == MentorAssignment.Period.PROBATION
    initial = {"written_on": timezone.localdate()}
    form = MentorReviewForm(request.POST or None, initial=initial, probation=probation)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_review_write(
                assignment=assignment, author=request.user, **form.cleaned_data
            )
        except services.DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your review was saved."))
            return redirect("candidates:detail", pk=assignment.candidate.pk)
    context = {"form": form, "assignment": assignment, "candidate": assignment.candidate}
    status = 400 if form.is_bound else 200
    return render(request, "candidates/mentor_review.html", context, status=status)
