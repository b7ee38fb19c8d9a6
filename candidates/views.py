from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import manager_required, member_required

from . import access, dossier, forms_steps, services
from .forms import CandidateFilterForm, DeclineForm, NominationForm, PlanVoteForm, VersionForm
from .models import (
    BranchMeeting,
    Candidate,
    CourseAttendance,
    DossierItem,
    Event,
    Introduction,
    MeetingVote,
    MentorAssignment,
    Nomination,
    SchoolClass,
    Student,
)
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
    # Labels translated once per page: get_FOO_display() translates every choice on each call.
    stages = {value: str(label) for value, label in Candidate.Stage.choices}
    kinds = [(kind, str(label)) for kind, label in Nomination.Kind.choices]
    for candidate in page:
        candidate.stage_label = stages[candidate.stage]
        candidate.nominated_by = [
            label for kind, label in kinds if getattr(candidate, f"by_{kind}")
        ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "select_fields": form.select_fields(),
        "page": page,
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
    # The steps' own changes (a dossier paper, a certificate) are labelled too; the people's
    # fields win where names meet.
    models = (DossierItem, CourseAttendance, Student, Candidate)
    labels = {f.name: f.verbose_name for model in models for f in model._meta.fields}
    labels["status"] = _("Status")  # the dossier item's field has no verbose name
    statuses = dict(DossierItem.Status.choices)
    hidden = _("(hidden)")
    for event in events:
        event.rows = []
        for name, values in event.changes.items():
            if not (show_sensitive or name not in Student.SENSITIVE_FIELDS):
                values = (hidden, hidden)
            elif event.kind == "dossier" and name == "status":
                values = [statuses.get(value, value) for value in values]
            event.rows.append((labels.get(name, name), *values))
    return events


def _render_detail(request, candidate, status=200, **forms):
    """The candidate page; bound `forms` replace the blank ones so a refused entry is kept."""
    scope = request.scope
    _load_pipeline(candidate)
    findings, deadlines = services.candidate_status(candidate)
    assignments = list(candidate.mentors.all())
    mine = [a for a in assignments if a.member.user_id == request.user.pk and not a.ended_on]
    context = {
        "candidate": candidate,
        "student": candidate.student,
        "nominations": candidate.nominations.select_related("author", "decided_by"),
        "findings": findings,
        "deadlines": deadlines,
        "progress": _progress(candidate),
        "events": _timeline(candidate, scope.is_manager),
        "show_sensitive": scope.is_manager,
        "is_secretary": access.Role.SECRETARY in scope.roles,
        "sees_youth_resolutions": access.can_record_youth_resolution(scope),
        # Reviews are for the committee and the candidate's own mentors.
        "show_reviews": scope.is_manager or bool(mine),
        "can_review": bool(mine),
        "assignments": assignments,
        "reviews": _reviews(assignments),
        "recorded": _recorded_steps(candidate),
        "decline_form": DeclineForm(initial={"version": candidate.version}),
        "plan_form": PlanVoteForm(
            initial={"version": candidate.version, "planned_vote_on": candidate.planned_vote_on}
        ),
        **_step_forms(request, candidate),
        **forms,
    }
    if scope.is_manager:
        bound = forms.get("dossier_form")
        context["dossier_rows"] = _dossier_rows(candidate, bound, context["can_edit_dossier"])
    return render(request, "candidates/candidate_detail.html", context, status=status)


def _load_pipeline(candidate):
    """Every recorded step in a fixed number of queries, however long the history."""
    prefetch_related_objects(
        [candidate],
        "attendances__course",
        Prefetch("mentors", MentorAssignment.objects.select_related("member")),
        "mentors__reviews",
        Prefetch("introductions", Introduction.objects.select_related("member")),
        "youth_resolutions",
        Prefetch("dossier", DossierItem.objects.select_related("recorded_by")),
        Prefetch("votes", MeetingVote.objects.select_related("meeting")),
        "intermediate_resolutions",
        "decision",
        "ceremony",
        "recognition",
    )


def _one(candidate, name):
    """A one-to-one step (decision, ceremony, recognition) if recorded, else None."""
    return getattr(candidate, name, None)


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _admission_votes(candidate):
    return [
        v for v in candidate.votes.all() if v.meeting.purpose == BranchMeeting.Purpose.ADMISSION
    ]


def _stage_details(candidate):
    """What was recorded for each stage, as short lines of text."""
    Period = MentorAssignment.Period
    mentors = candidate.mentors.all()
    votes = _admission_votes(candidate)
    passed = next((v for v in votes if v.passed), None)
    failed = sum(1 for v in votes if not v.passed)
    decision, ceremony = _one(candidate, "decision"), _one(candidate, "ceremony")
    recognition = _one(candidate, "recognition")
    required = dossier.required_before_vote(
        dossier.CURRENT, candidate.student.is_youth_union_member
    )
    have = {i.code for i in candidate.dossier.all() if i.status in services.RECEIVED}
    details = {stage: [] for stage in services.PIPELINE_ORDER}
    Stage = Candidate.Stage
    details[Stage.NOMINATED].append(
        _("Nominated on %(date)s") % {"date": _day(candidate.opened_on)}
    )
    if candidate.source_since:
        details[Stage.SOURCE].append(_("Since %(date)s") % {"date": _day(candidate.source_since)})
    for attendance in candidate.attendances.all():
        line = _("%(course)s: registered on %(date)s") % {
            "course": attendance.course.name,
            "date": _day(attendance.registered_on),
        }
        if attendance.certificate_issued_on:
            line += "; " + _("certificate no. %(number)s of %(date)s") % {
                "number": attendance.certificate_number,
                "date": _day(attendance.certificate_issued_on),
            }
        details[Stage.AWARENESS].append(line)
    for mentor in mentors:
        stage = Stage.PROBATIONARY if mentor.period == Period.PROBATION else Stage.MENTORED
        details[stage].append(
            _("Mentor %(name)s from %(date)s")
            % {"name": mentor.member, "date": _day(mentor.assigned_on)}
        )
    if have:
        details[Stage.DOSSIER].append(
            _("%(have)s of %(needed)s papers needed before the vote")
            % {"have": len(have.intersection(required)), "needed": len(required)}
        )
    if passed:
        details[Stage.RESOLVED].append(
            _("Branch resolution of %(date)s, %(for)s of %(official)s official members for")
            % {
                "date": _day(passed.meeting.held_on),
                "for": passed.votes_for,
                "official": passed.meeting.official_members,
            }
        )
    if failed:
        details[Stage.RESOLVED].append(_("Votes below two thirds: %(count)s") % {"count": failed})
    if decision:
        details[Stage.DECIDED].append(
            _("Decision %(number)s issued on %(issued)s, received on %(received)s")
            % {
                "number": decision.number,
                "issued": _day(decision.issued_on),
                "received": _day(decision.received_on),
            }
        )
    if ceremony:
        details[Stage.PROBATIONARY].insert(
            0, _("Admitted at the ceremony of %(date)s") % {"date": _day(ceremony.held_on)}
        )
    if recognition:
        details[Stage.OFFICIAL].append(
            _("Official member since %(date)s") % {"date": _day(recognition.official_on)}
        )
    return details


def _progress(candidate):
    """The nine stages of the procedure, each done, current, stopped (a closed candidacy) or to
    come, with what was recorded for it."""
    Stage, order = Candidate.Stage, services.PIPELINE_ORDER
    reached = candidate.exit_stage or candidate.stage
    at = order.index(reached) if reached in order else 0
    details = _stage_details(candidate)
    steps = []
    for index, stage in enumerate(order):
        if index < at or (index == at and stage == Stage.OFFICIAL):
            state = "done"
        elif index == at:
            state = "current" if candidate.is_open else "stopped"
        else:
            state = "todo"
        steps.append(
            {"stage": stage, "label": stage.label, "state": state, "details": details[stage]}
        )
    return steps


def _reviews(assignments):
    """Every review of every mentor, oldest first, each knowing its assignment (its author)."""
    reviews = []
    for assignment in assignments:
        for review in assignment.reviews.all():
            review.assignment = assignment
            reviews.append(review)
    return sorted(reviews, key=lambda r: (r.written_on, r.pk))


def _recorded_steps(candidate):
    """The papers of the steps already recorded, for the committee's reading."""
    return {
        "introductions": list(candidate.introductions.all()),
        "youth_resolutions": list(candidate.youth_resolutions.all()),
        "intermediate": list(candidate.intermediate_resolutions.all()),
        "decision": _one(candidate, "decision"),
        "ceremony": _one(candidate, "ceremony"),
        "recognition": _one(candidate, "recognition"),
    }


def _applicable_steps(candidate, scope):
    """The names of the step forms that apply at the candidate's stage, for this user."""
    Stage, order = Candidate.Stage, services.PIPELINE_ORDER
    stage, is_open = candidate.stage, candidate.is_open
    started = is_open and stage in order and order.index(stage) >= order.index(Stage.SOURCE)
    preparing = started and order.index(stage) < order.index(Stage.RESOLVED)
    steps = set()
    if preparing and access.can_record_youth_resolution(scope):
        steps.add("youth_form")
    if not scope.is_manager:
        return steps
    if preparing or (is_open and stage == Stage.PROBATIONARY):
        steps.add("mentor_form")
    if preparing:
        steps.add("introduction_form")
    if started:
        steps.add("dossier")
    if is_open and stage == Stage.RESOLVED:
        steps.update({"intermediate_form", "decision_form"})
    if is_open and stage == Stage.DECIDED:
        steps.add("ceremony_form")
    if stage == Stage.OFFICIAL:
        steps.add("recognition_form")
    if is_open:
        steps.add("exit_form")
    return steps


def _step_forms(request, candidate):
    """Blank forms of the steps that apply now, each carrying the candidate's version."""
    scope = request.scope
    steps = _applicable_steps(candidate, scope)
    today = timezone.localdate()
    version = {"version": candidate.version}
    force = {"can_force": access.Role.SECRETARY in scope.roles}
    members = forms_steps.branch_members(candidate.branch)
    recognition = _one(candidate, "recognition")
    blanks = {
        "youth_form": lambda: forms_steps.YouthResolutionForm(initial=version),
        "mentor_form": lambda: forms_steps.MentorForm(
            initial={**version, "assigned_on": today}, members=members, **force
        ),
        "introduction_form": lambda: forms_steps.IntroductionForm(
            initial={**version, "introduced_on": today}, members=members, **force
        ),
        "intermediate_form": lambda: forms_steps.IntermediateForm(initial=version, **force),
        "decision_form": lambda: forms_steps.DecisionForm(
            initial={**version, "issuer": candidate.branch.committee.name}
        ),
        "ceremony_form": lambda: forms_steps.CeremonyForm(initial=version, **force),
        "recognition_form": lambda: forms_steps.RecognitionDecisionForm(
            initial={
                **version,
                "decision_number": recognition.decision_number if recognition else "",
                "decision_on": recognition.decision_on if recognition else None,
            }
        ),
        "exit_form": lambda: forms_steps.ExitForm(initial={**version, "on": today}),
    }
    return {name: make() for name, make in blanks.items() if name in steps} | {
        "can_edit_dossier": "dossier" in steps
    }


def _dossier_rows(candidate, bound=None, editable=False):
    """The checklist: every form of the current list with the candidate's paper, if any, and
    the form to set it (the refused one as typed); papers of an older list follow."""
    items = {item.code: item for item in candidate.dossier.all()}
    required = set(
        dossier.required_before_vote(dossier.CURRENT, candidate.student.is_youth_union_member)
    )
    rows = []
    for index, form in enumerate(dossier.CURRENT.forms):
        item = items.pop(form.code, None)
        edit = None
        if bound is not None and bound.data.get("code") == form.code:
            edit = bound
        elif editable:
            edit = forms_steps.DossierItemForm(
                row=index,
                initial={
                    "version": candidate.version,
                    "code": form.code,
                    "status": item.status if item else DossierItem.Status.RECEIVED,
                    "dated_on": item.dated_on if item else None,
                    "note": item.note if item else "",
                },
            )
        rows.append(
            {
                "index": index,
                "code": form.code,
                "title": form.title,
                "required": form.code in required,
                "item": item,
                "edit": edit,
            }
        )
    for code, item in items.items():
        rows.append({"code": code, "title": "", "required": False, "item": item, "edit": None})
    return rows


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


def _candidate_form_step(
    request, pk, form_class, form_name, step, action=access.DECIDE, anchor="", **form_kwargs
):
    """POST a form about one candidate: done → back to the page; refused → the page again with
    the form as typed and the reason (400; 409 when someone saved in between).

    `action` is the loader's (the committee's `decide` unless said), `form_kwargs` go to the
    form, `anchor` is where the page opens again after a step."""
    candidate = access.get_candidate_for(request, pk, action)
    form = form_class(request.POST, request.FILES, **form_kwargs)
    if form.is_valid():
        try:
            step(candidate, form.cleaned_data)
        except services.ConflictError as error:
            # Show the saved state with the user's entry kept, now against the new version,
            # so that saving again applies it knowingly.
            candidate.refresh_from_db()
            data = {**request.POST.dict(), "version": candidate.version}
            form = form_class(data, request.FILES, **form_kwargs)
            form.is_valid()
            form.add_error(None, error.message)
            return _render_detail(request, candidate, status=409, **{form_name: form})
        except services.DomainError as error:
            form.add_error(None, error.message)
            return _render_detail(request, candidate, status=400, **{form_name: form})
        url = reverse("candidates:detail", args=[candidate.pk])
        return redirect(f"{url}#{anchor}" if anchor else url)
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
