from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import manager_required, member_required

from .. import access, consent, findings, services, text
from ..errors import DomainError
from ..forms import (
    AcceptForm,
    CandidateFilterForm,
    DeclineForm,
    NominationForm,
    PlanVoteForm,
)
from ..models import (
    Candidate,
    Nomination,
    SchoolClass,
)
from ..xlsx import XLSX_CONTENT_TYPE, write_table
from .candidate_page import post_on_page, render_detail
from .once import record_once

PAGE_SIZE = 50


def _filtered_candidates(request):
    scope = request.scope
    classes = SchoolClass.objects.filter(branch=scope.branch)
    if not scope.sees_whole_branch:
        classes = classes.filter(homeroom_teacher=request.user)
    classes = classes.values_list("pk", "name", "school_year")
    form = CandidateFilterForm(request.GET or None, classes=classes, branch=scope.branch)
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


# What a row of the list shows, read as values: model instances cost more than the row.
ROW = ("pk", "stage", "student__full_name", "student__date_of_birth", "student__school_class__name")


def _row(number, candidate, stage, nominated_by, warnings, detail_prefix) -> str:
    """A row of the candidate list (`ROW`'s values) as ready HTML, like the filter's options:
    through the template engine, the rows were most of the page's cost
    (bench/bench_candidates.py)."""
    born = candidate["student__date_of_birth"]
    badge = (
        f'<span class="badge text-bg-warning" data-testid="warnings">{escape(warnings)}</span>'
        if warnings
        else ""
    )
    return mark_safe(  # noqa: S308 -- every value is escaped above or here
        f"<tr><td>{number}</td>"
        f'<td><a href="{detail_prefix}{candidate["pk"]}/" data-testid="candidate-name">'
        f"{escape(candidate['student__full_name'])}</a></td>"
        f"<td>{text.day(born) if born else ''}</td>"
        f"<td>{escape(candidate['student__school_class__name'])}</td>"
        f'<td><span class="badge rounded-pill stage-{escape(candidate["stage"])}">'
        f"{escape(stage)}</span></td>"
        f'<td class="small">{escape(", ".join(nominated_by))}</td><td>{badge}</td></tr>'
    )


@member_required
def candidate_list(request):
    """The candidacies the user may see, filtered; `page` holds each row's values and HTML."""
    form, queryset = _filtered_candidates(request)
    flags = [f"by_{kind}" for kind in Nomination.Kind.values]
    queryset = _nominated_by(queryset).values(*ROW, *flags)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    warned = findings.open_warning_codes(request.scope.branch)
    # Labels translated once per page: get_FOO_display() translates every choice on each call.
    stages = {value: str(label) for value, label in Candidate.Stage.choices}
    kinds = [(kind, str(label)) for kind, label in Nomination.Kind.choices]
    # One reverse() for the page instead of one per row.
    detail_prefix = reverse("candidates:detail", args=[0])[:-2]
    for number, candidate in enumerate(page, start=page.start_index()):
        nominated_by = [label for kind, label in kinds if candidate[f"by_{kind}"]]
        candidate["row"] = _row(
            number,
            candidate,
            stages[candidate["stage"]],
            nominated_by,
            " ".join(warned.get(candidate["pk"], ())),
            detail_prefix,
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "select_fields": form.select_fields(),
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "candidates/candidates/candidate_list.html", context)


EXPORTED_SENSITIVE = ("ethnicity", "religion", "national_id")


@member_required
def candidate_export(request):
    """The rows the user may see under the current filters, as .xlsx; sensitive columns too
    only for the committee."""
    _form, queryset = _filtered_candidates(request)
    queryset = _nominated_by(queryset)
    sensitive = request.scope.is_manager
    if sensitive:  # the cells stay empty for a student whose consent is not in force
        queryset = consent.with_consent(queryset, student="student")
    header = [_("No."), _("Full name"), _("Date of birth"), _("Gender"), _("Class")]
    header += [_("Joined the Youth Union"), _("Stage"), _("Nominated by"), _("Warnings")]
    if sensitive:
        header += [_("Ethnicity"), _("Religion"), _("National ID number")]
    rows, kinds_all = [], Nomination.Kind.choices
    warned = findings.open_warning_codes(request.scope.branch)
    for number, candidate in enumerate(queryset, start=1):
        s = candidate.student
        row = [number, s.full_name, s.date_of_birth, s.get_gender_display(), s.school_class.name]
        kinds = [str(label) for kind, label in kinds_all if getattr(candidate, f"by_{kind}")]
        row += [s.youth_union_joined_on, candidate.get_stage_display(), ", ".join(kinds)]
        row += [" ".join(warned.get(candidate.pk, ()))]
        if sensitive:
            consented = consent.annotated(candidate)
            row += [consent.shown(s, name, consented) for name in EXPORTED_SENSITIVE]
        rows.append(row)
    content = write_table(_("Candidates"), header, rows)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"ung-vien-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required
def candidate_detail(request, pk):
    return render_detail(request, access.get_candidate_for(request, pk))


@manager_required
def pending_list(request):
    """Nominations waiting for the committee (“Cần xử lý”), oldest first."""
    candidates = list(
        Candidate.objects.filter(branch=request.scope.branch, stage=Candidate.Stage.NOMINATED)
        .select_related("student__school_class")
        .prefetch_related("nominations__author")
        .order_by("opened_on", "pk")
    )
    warned = findings.open_warning_codes(request.scope.branch)
    for candidate in candidates:
        candidate.warnings = " ".join(warned.get(candidate.pk, ()))
        candidate.accept_form = AcceptForm(candidate=candidate, compact=True)
    return render(request, "candidates/candidates/pending_list.html", {"candidates": candidates})


@manager_required
@require_POST
def candidate_accept(request, pk):
    candidate = access.get_candidate_for(request, pk, access.DECIDE)
    back = reverse("candidates:detail", args=[candidate.pk])
    if request.POST.get("back") == "pending":
        back = reverse("candidates:pending")
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect(back)

    def work():
        services.candidate_accept(candidate=candidate, actor=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s is in the source list.") % {"name": candidate})
        return back

    try:
        return record_once(request, form, work, back)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(back)


@manager_required
@require_POST
def candidate_decline(request, pk):
    candidate = access.get_candidate_for(request, pk, access.DECIDE)

    def record(data):
        services.candidate_decline(candidate=candidate, actor=request.user, **data)

    return post_on_page(request, candidate, DeclineForm(request.POST), "decline", record)


@manager_required
@require_POST
def candidate_plan_vote(request, pk):
    candidate = access.get_candidate_for(request, pk, access.DECIDE)

    def record(data):
        services.candidate_plan_vote(candidate=candidate, actor=request.user, **data)

    return post_on_page(request, candidate, PlanVoteForm(request.POST), "plan", record)


@member_required
def nominate(request, student_pk):
    """The Youth Union nominates, a homeroom teacher recommends (own class), the committee adds."""
    student = access.get_student_for(request, student_pk, access.NOMINATE)
    form = NominationForm(request.POST or None, can_force=request.scope.may_force)
    if request.method == "POST" and form.is_valid():

        def work():
            candidate = services.candidate_nominate(
                student=student,
                author=request.user,
                kind=_nomination_kind(request.scope),
                **form.cleaned_data,
            )
            if candidate.nominations.count() > 1:
                sent = _(
                    "%(name)s was already nominated: your nomination joined the open candidacy, "
                    "at the stage “%(stage)s”."
                )
            else:
                sent = _("The nomination of %(name)s was sent to the branch committee.")
            name, stage = student.full_name, candidate.get_stage_display()
            messages.success(request, sent % {"name": name, "stage": stage})
            return reverse("candidates:detail", args=[candidate.pk])

        try:
            return record_once(request, form, work, reverse("candidates:list"))
        except services.DomainError as error:
            form.add_error(None, error.message)
    return render(
        request, "candidates/candidates/nominate.html", {"form": form, "student": student}
    )


def _nomination_kind(scope):
    if scope.has(access.Role.YOUTH_UNION):
        return Nomination.Kind.YOUTH_UNION
    if scope.is_manager:
        return Nomination.Kind.COMMITTEE
    return Nomination.Kind.HOMEROOM
