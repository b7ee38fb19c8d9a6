"""The reports pages: choose a document and its period, look at the draft (PDF, Excel), issue
it; the register of issued documents. The secretary and the committee only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_branch, manager_required, member_required
from candidates import access, steps
from candidates.errors import ConflictError, DomainError
from candidates.models import Candidate

from . import builders, papers, services
from .docx import DOCX_CONTENT_TYPE, render_docx
from .forms import DraftForm, PeriodForm, RegisterFilterForm
from .models import IssuedDocument, SavedDraft
from .pdf import PDF_CONTENT_TYPE, render_pdf
from .xlsx import XLSX_CONTENT_TYPE, render_xlsx

FORMATS = {
    "pdf": (PDF_CONTENT_TYPE, "inline"),
    "xlsx": (XLSX_CONTENT_TYPE, "attachment"),
    "docx": (DOCX_CONTENT_TYPE, "attachment"),
}
RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx, "docx": render_docx}


def _kind(kind):
    if kind not in builders.KINDS:
        raise Http404
    return builders.KINDS[kind]


def _file(content, fmt, name):
    content_type, disposition = FORMATS[fmt]
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    return response


@manager_required
def index(request):
    today = timezone.localdate()
    return render(
        request,
        "reports/index.html",
        {"kinds": builders.KINDS.values(), "year": today.year, "latest": _register(request)[:5]},
    )


def _forms(request, kind, data):
    """The period form (from `data`) and, on a POST, the draft form."""
    scope, today, info = request.scope, timezone.localdate(), builders.KINDS[kind]
    # A list as of today needs no choice: it is bound, and so shown, at once.
    if not data and (info.chooses_period or info.per_candidate):
        data = None
    period = PeriodForm(data, kind=kind, branch=scope.branch, today=today)
    draft = DraftForm(request.POST or None, kind=kind, branch=scope.branch)
    return period, draft


@manager_required
def draft(request, kind, status=200, period=None, draft=None):
    """The draft page: the period, the sections pre-filled from the figures, the buttons."""
    info = _kind(kind)
    if period is None:
        period, _draft = _forms(request, kind, request.GET)
    ready = period.is_bound and period.is_valid()
    saved = _saved(request, kind, period) if ready else None
    if draft is None:
        initial = {}
        if saved is not None:
            initial = {**saved.content, "saved_version": saved.version}
        elif ready and info.narrative:
            options = period.options(request.scope.is_manager)
            initial = builders.narrative_defaults(request.scope.branch, options)
        draft = DraftForm(initial=initial, kind=kind, branch=request.scope.branch)
    return render(
        request,
        "reports/draft.html",
        {
            "kind": info,
            "period": period,
            "draft": draft,
            "ready": ready,
            "saved": saved,
            # After a conflict, what the other person saved, beside what was typed.
            "theirs": _shown(draft, saved) if status == 409 and saved else [],
        },
        status=status,
    )


def _shown(draft, saved) -> list[tuple[str, str]]:
    """A saved draft as (label, text) pairs in the form's order."""
    return [
        (field.label, saved.content[name])
        for name, field in draft.fields.items()
        if name in saved.content and name != "signer"
    ]


def _saved(request, kind, period):
    """The draft saved for this document and period, if any (none for a candidate's)."""
    if builders.KINDS[kind].per_candidate:
        return None
    chosen = period.cleaned_data["period"]
    return (
        SavedDraft.objects.filter(
            branch=request.scope.branch,
            kind=kind,
            period_start=chosen.start,
            period_end=chosen.end,
        )
        .select_related("saved_by")
        .first()
    )


def _options(request, kind):
    """The options of a GET (the period only) or a POST (and what was written); None when a
    form is invalid."""
    period, draft = _forms(request, kind, request.POST if request.method == "POST" else request.GET)
    if not period.is_valid() or (request.method == "POST" and not draft.is_valid()):
        return None, period, draft
    options = period.options(request.scope.is_manager)
    if request.method == "POST":
        draft.fill(options)
    return options, period, draft


@manager_required
def draft_file(request, kind, fmt):
    """The draft as PDF (shown in the browser), .xlsx or .docx, marked DỰ THẢO; never
    numbered."""
    _kind(kind)
    options, period, draft_form = _options(request, kind)
    if options is None:
        return draft(request, kind, status=400, period=period, draft=draft_form)
    try:
        document = builders.build(kind, request.scope.branch, options)
    except DomainError as error:
        period.add_error(None, error.message)
        return draft(request, kind, status=400, period=period, draft=draft_form)
    content = RENDERERS[fmt](document)
    return _file(content, fmt, f"du-thao-{kind}")


@require_POST
@manager_required
def issue(request, kind):
    _kind(kind)
    options, period, draft_form = _options(request, kind)
    if options is None:
        return draft(request, kind, status=400, period=period, draft=draft_form)
    try:
        issued = services.document_issue(
            branch=request.scope.branch, actor=request.user, kind=kind, options=options
        )
    except DomainError as error:
        period.add_error(None, error.message)
        return draft(request, kind, status=400, period=period, draft=draft_form)
    messages.success(
        request,
        _("Issued %(number)s: %(title)s.") % {"number": issued.number, "title": issued.title},
    )
    return redirect("reports:register")


@require_POST
@manager_required
def save(request, kind):
    """Keep what was written on the draft, to go on with it later; back to the draft."""
    if _kind(kind).per_candidate:
        raise Http404
    options, period, draft_form = _options(request, kind)
    if options is None:
        return draft(request, kind, status=400, period=period, draft=draft_form)
    try:
        services.draft_save(
            branch=request.scope.branch,
            actor=request.user,
            kind=kind,
            period=options.period,
            content=draft_form.content(),
            version=draft_form.cleaned_data["saved_version"],
        )
    except ConflictError as error:
        draft_form.add_error(None, error.message)
        # What was typed stays in the form; saving again replaces what the other person saved.
        saved = _saved(request, kind, period)
        draft_form.data = draft_form.data.copy()
        draft_form.data["saved_version"] = saved.version if saved else ""
        return draft(request, kind, status=409, period=period, draft=draft_form)
    messages.success(request, _("The draft is saved; it opens again with this period."))
    return redirect(f"{reverse('reports:draft', args=[kind])}?{period.query()}")


def _register(request):
    return (
        IssuedDocument.objects.filter(branch=request.scope.branch)
        .select_related("issued_by")
        .defer("pdf", "xlsx", "docx")
        .annotate(docx_size=Length("docx"), xlsx_size=Length("xlsx"))
    )


@manager_required
def register(request):
    filters = RegisterFilterForm(request.GET or None)
    documents = filters.filter(_register(request))
    return render(
        request,
        "reports/register.html",
        {"filters": filters, "documents": documents, "kinds": builders.KINDS},
    )


@manager_required
def issued_file(request, pk, fmt):
    """An issued document's file, byte for byte as it was issued (no Word file for one issued
    before there were Word files)."""
    document = get_in_branch(request.scope, IssuedDocument.objects, pk=pk)
    content = getattr(document, fmt)
    if not content:
        raise Http404
    return _file(content, fmt, document.number.replace("/", "-"))


@manager_required
def meeting_paper(request, pk, kind, fmt, candidate=None):
    """A paper of a branch meeting (its minutes, a candidate's resolution) as a draft PDF or
    .docx, for the managers who see the meeting's page; never numbered nor kept."""
    meeting = access.get_meeting_for(request, pk)
    if kind not in papers.PAPERS or fmt == "xlsx":
        raise Http404
    if papers.PAPERS[kind].per_candidate != (candidate is not None):
        raise Http404
    if candidate is not None:
        candidate = get_in_branch(request.scope, Candidate.objects, pk=candidate)
    try:
        document = papers.build(kind, meeting, candidate, on=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("candidates:meeting_detail", pk=meeting.pk)
    name = f"du-thao-{kind}-{meeting.held_on:%Y%m%d}" + (f"-{candidate.pk}" if candidate else "")
    return _file(RENDERERS[fmt](document), fmt, name)


@member_required
def candidate_paper(request, pk, kind, fmt):
    """A paper of one candidate (the ceremony's minutes, the drafts others sign) as a draft PDF
    or .docx, from the candidate's page; never numbered nor kept. `?record=` names one of
    several records (an introducer's introduction, a review)."""
    if kind not in papers.CANDIDATE_PAPERS or fmt == "xlsx":
        raise Http404
    mentor = _may_draft(request, kind)
    candidate = access.get_candidate_for(request, pk)
    if mentor and not access.mentor_assignments_of(request.scope, mentor).filter(
        candidate=candidate
    ):
        raise PermissionDenied
    record = request.GET.get("record", "")
    try:
        document = papers.build_for_candidate(
            kind,
            candidate,
            on=timezone.localdate(),
            record=int(record) if record.isdigit() else None,
            mentor=mentor,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("candidates:detail", pk=candidate.pk)
    return _file(RENDERERS[fmt](document), fmt, f"du-thao-{kind}-{candidate.pk}")


@require_POST
@manager_required
def meeting_paper_issue(request, pk, kind, candidate=None):
    """Issue a paper of a branch meeting: numbered in the register, kept as issued."""
    meeting = access.get_meeting_for(request, pk)
    paper = papers.PAPERS.get(kind)
    if paper is None or paper.per_candidate != (candidate is not None):
        raise Http404
    if candidate is not None:
        candidate = get_in_branch(request.scope, Candidate.objects, pk=candidate)
    today = timezone.localdate()
    return _issue_paper(
        request,
        kind,
        lambda: papers.build(kind, meeting, candidate, on=today),
        redirect("candidates:meeting_detail", pk=meeting.pk),
        candidate=candidate,
        meeting=meeting,
    )


@require_POST
@manager_required
def candidate_paper_issue(request, pk, kind):
    """Issue a paper of a candidate (or of the group it covers: see papers.holder)."""
    if kind not in papers.CANDIDATE_PAPERS:
        raise Http404
    candidate = access.get_candidate_for(request, pk)
    today = timezone.localdate()
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("candidates:detail", args=[candidate.pk])
    return _issue_paper(
        request,
        kind,
        lambda: papers.build_for_candidate(kind, candidate, on=today),
        redirect(back),
        candidate=papers.holder(kind, candidate),
    )


def _issue_paper(request, kind, build, back, **links):
    try:
        issued = services.paper_issue(
            branch=request.scope.branch, actor=request.user, kind=kind, build=build, **links
        )
    except DomainError as error:
        messages.error(request, error.message)
        return back
    messages.success(
        request,
        _("Issued %(number)s: %(title)s.") % {"number": issued.number, "title": issued.title},
    )
    return back


def _may_draft(request, kind):
    """Who may draft a candidate's paper: the committee any; the Youth Union's officers their
    resolution (4-KNĐ); a mentor the review of their own mentee (11-KNĐ, returned: the draft is
    of their own review). Others: 403."""
    scope = request.scope
    if scope.is_manager:
        return None
    if kind == "youth-resolution" and scope.has(*steps.STEPS["youth"].roles):
        return None
    if kind == "mentor-review":
        return request.user
    raise PermissionDenied
