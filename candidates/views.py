from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import manager_required, member_required

from . import access, services
from .forms import CandidateFilterForm, DeclineForm, NominationForm, PlanVoteForm, VersionForm
from .models import Candidate, Event, Nomination, SchoolClass, Student
from .xlsx import XLSX_CONTENT_TYPE, write_table

PAGE_SIZE = 50


def _filtered_candidates(request):
    scope = request.scope
    classes = SchoolClass.objects.filter(branch=scope.branch)
    if not (scope.is_manager or scope.has(access.Role.YOUTH_UNION)):
        classes = classes.filter(homeroom_teacher=request.user)
    classes = classes.values_list("pk", "name", "school_year")
    form = CandidateFilterForm(request.GET or None, classes=classes)
    queryset = Candidate.objects.visible_to(scope, request.user).select_related(
        "student__school_class"
    )
    return form, form.apply(queryset).order_by("student__sort_name", "pk")


def _nominated_by(queryset):
    """Annotate each candidate with whether each kind of nominator proposed them."""
    return queryset.annotate(
        **{
            f"by_{kind}": Exists(Nomination.objects.filter(candidate=OuterRef("pk"), kind=kind))
            for kind in Nomination.Kind.values
        }
    )


@member_required
def candidate_list(request):
    form, queryset = _filtered_candidates(request)
    columns = ["stage", "flags", "student__full_name", "student__date_of_birth"]
    queryset = _nominated_by(queryset.only(*columns, "student__school_class__name"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "select_fields": form.select_fields(),
        "page": page,
        "kinds": Nomination.Kind.choices,
        "query": query.urlencode(),
        # One reverse() for the page instead of one per row.
        "detail_prefix": reverse("candidates:detail", args=[0])[:-2],
    }
    return render(request, "candidates/candidate_list.html", context)


@member_required
def candidate_export(request):
    """The rows the user may see under the current filters, as .xlsx; sensitive columns too
    only for the committee."""
    _form, queryset = _filtered_candidates(request)
    queryset = _nominated_by(queryset)
    sensitive = request.scope.is_manager
    header = [_("No."), _("Full name"), _("Date of birth"), _("Gender"), _("Class")]
    header += [_("Joined the Youth Union"), _("Stage"), _("Nominated by"), _("Warnings")]
    if sensitive:
        header += [_("Ethnicity"), _("Religion"), _("National ID number")]
    rows, kinds_all = [], Nomination.Kind.choices
    for number, candidate in enumerate(queryset, start=1):
        s = candidate.student
        row = [number, s.full_name, s.date_of_birth, s.get_gender_display(), s.school_class.name]
        kinds = [str(label) for kind, label in kinds_all if getattr(candidate, f"by_{kind}")]
        row += [s.youth_union_joined_on, candidate.get_stage_display(), ", ".join(kinds)]
        row += [candidate.flags]
        if sensitive:
            row += [s.ethnicity, s.religion, s.national_id]
        rows.append(row)
    content = write_table(_("Candidates"), header, rows)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"ung-vien-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _timeline(candidate, show_sensitive):
    """Events of the candidacy and of its student, newest first, with changes as
    (label, old, new); values of sensitive fields are hidden from those who may not see them."""
    events = Event.objects.filter(Q(candidate=candidate) | Q(student=candidate.student))
    events = list(events.select_related("actor").order_by("-at", "-pk"))
    labels = {f.name: f.verbose_name for f in Student._meta.fields + Candidate._meta.fields}
    hidden = _("(hidden)")
    for event in events:
        event.rows = [
            (
                labels.get(name, name),
                *(
                    values
                    if show_sensitive or name not in Student.SENSITIVE_FIELDS
                    else (hidden, hidden)
                ),
            )
            for name, values in event.changes.items()
        ]
    return events


def _render_detail(request, candidate, status=200, **forms):
    """The candidate page; bound `forms` replace the blank ones so a refused entry is kept."""
    settings = services.rule_settings(candidate.branch)
    context = {
        "candidate": candidate,
        "student": candidate.student,
        "nominations": candidate.nominations.select_related("author", "decided_by"),
        "findings": services.candidate_findings(candidate, settings),
        "events": _timeline(candidate, request.scope.is_manager),
        "show_sensitive": request.scope.is_manager,
        "decline_form": DeclineForm(initial={"version": candidate.version}),
        "plan_form": PlanVoteForm(
            initial={"version": candidate.version, "planned_vote_on": candidate.planned_vote_on}
        ),
        **forms,
    }
    return render(request, "candidates/candidate_detail.html", context, status=status)


@member_required
def candidate_detail(request, pk):
    return _render_detail(request, access.get_candidate_for(request, pk))


@manager_required
def pending_list(request):
    """Nominations waiting for the committee (“Cần xử lý”), oldest first."""
    candidates = (
        Candidate.objects.filter(branch=request.scope.branch, stage=Candidate.Stage.NOMINATED)
        .select_related("student__school_class")
        .prefetch_related("nominations__author")
        .order_by("opened_on", "pk")
    )
    return render(request, "candidates/pending_list.html", {"candidates": candidates})


@manager_required
@require_POST
def candidate_accept(request, pk):
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise services.DomainError(_("The form was incomplete; nothing was changed."))
        version = form.cleaned_data["version"]
        services.candidate_accept(candidate=candidate, actor=request.user, version=version)
    except services.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is in the source list.") % {"name": candidate})
    if request.POST.get("back") == "pending":
        return redirect("candidates:pending")
    return redirect("candidates:detail", pk=candidate.pk)


def _candidate_form_step(request, pk, form_class, form_name, step):
    """POST a committee form about one candidate: done → back to the page; refused → the page
    again with the form as typed and the reason (409 when someone saved in between)."""
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(candidate, form.cleaned_data)
        except services.ConflictError as error:
            # Show the saved state with the user's entry kept, now against the new version,
            # so that saving again applies it knowingly.
            candidate.refresh_from_db()
            form = form_class({**request.POST.dict(), "version": candidate.version})
            form.is_valid()
            form.add_error(None, error.message)
            return _render_detail(request, candidate, status=409, **{form_name: form})
        except services.DomainError as error:
            form.add_error(None, error.message)
            return _render_detail(request, candidate, status=400, **{form_name: form})
        return redirect("candidates:detail", pk=candidate.pk)
    return _render_detail(request, candidate, status=400, **{form_name: form})


@manager_required
@require_POST
def candidate_decline(request, pk):
    def step(candidate, data):
        services.candidate_decline(
            candidate=candidate, actor=request.user, reason=data["reason"], version=data["version"]
        )

    return _candidate_form_step(request, pk, DeclineForm, "decline_form", step)


@manager_required
@require_POST
def candidate_plan_vote(request, pk):
    def step(candidate, data):
        services.candidate_plan_vote(
            candidate=candidate,
            actor=request.user,
            planned_vote_on=data["planned_vote_on"],
            version=data["version"],
        )

    return _candidate_form_step(request, pk, PlanVoteForm, "plan_form", step)


@member_required
def nominate(request, student_pk):
    """The Youth Union nominates, a homeroom teacher recommends (own class), the committee adds."""
    student = access.get_student_for(request, student_pk, access.NOMINATE)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_nominate(
                student=student,
                author=request.user,
                kind=_nomination_kind(request.scope),
                **form.cleaned_data,
            )
        except services.DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The nomination of %(name)s was sent to the branch committee.")
                % {"name": student.full_name},
            )
            return redirect("candidates:detail", pk=candidate.pk)
    return render(request, "candidates/nominate.html", {"form": form, "student": student})


def _nomination_kind(scope):
    if scope.has(access.Role.YOUTH_UNION):
        return Nomination.Kind.YOUTH_UNION
    if scope.is_manager:
        return Nomination.Kind.COMMITTEE
    return Nomination.Kind.HOMEROOM
