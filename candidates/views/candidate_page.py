"""The candidate page: the stage, the findings, the timeline, the dossier and the next steps;
and the posting of a form about one candidate, which shows this page again when refused."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts import audit

from .. import consent, dossier, findings, forms, steps, text
from ..errors import ConflictError, DomainError
from ..forms import AcceptForm, DeclineForm, DossierItemForm, ExitUndoForm, PlanVoteForm
from ..models import (
    BranchMeeting,
    Candidate,
    CourseAttendance,
    DossierItem,
    Event,
    Introduction,
    MeetingVote,
    MentorAssignment,
    Student,
)
from . import corrections, history
from .once import record_once


def _timeline(candidate, show_sensitive):
    """Events of the candidacy and of its student, newest first, with changes as
    (label, old, new); values of sensitive fields are hidden from those who may not see them.
    A correction names the event it corrects; an event corrected later says so."""
    events = Event.objects.filter(Q(candidate=candidate) | Q(student=candidate.student))
    events = list(events.select_related("actor", "corrects").order_by("-at", "-pk"))
    # The steps' own changes (a dossier paper, a certificate) are labelled too; the people's
    # fields win where names meet.
    models = (DossierItem, CourseAttendance, Student, Candidate)
    labels = {f.name: f.verbose_name for model in models for f in model._meta.fields}
    labels["status"] = _("Status")  # the dossier item's field has no verbose name
    statuses = dict(DossierItem.Status.choices)
    hidden = _("(hidden)")
    corrected = {event.corrects_id for event in events if event.corrects_id}
    for event in events:
        event.rows = []
        own = history.record_labels(event.record) if event.kind == "correction" else {}
        for name, values in event.changes.items():
            if not (show_sensitive or name not in Student.SENSITIVE_FIELDS):
                values = (hidden, hidden)
            elif event.kind == "dossier" and name == "status":
                values = [statuses.get(value, value) for value in values]
            event.rows.append((own.get(name) or labels.get(name, name), *values))
        event.is_corrected = event.pk in corrected
    return events


def render_detail(request, candidate, status=200, bound=None):
    """The candidate page. `bound` ({step key, "decline", "plan" or "dossier": form}) puts a
    refused form on the page as it was typed, in place of the blank one."""
    scope, bound = request.scope, bound or {}
    _load_pipeline(candidate)
    found, deadlines = findings.candidate_status(candidate)
    assignments = list(candidate.mentors.all())
    mine = [a for a in assignments if a.member.user_id == request.user.pk and not a.ended_on]
    can_edit_dossier = steps.may_edit_dossier(candidate, scope)
    # The committee sees the student's sensitive data while the student's consent is in force.
    show_sensitive = scope.is_manager and consent.in_force(candidate.student)
    if show_sensitive:
        audit.sensitive_view(request, candidate.student)
    context = {
        "candidate": candidate,
        "student": candidate.student,
        "nominations": candidate.nominations.select_related("author", "decided_by"),
        "findings": found,
        "deadlines": deadlines,
        "progress": _progress(candidate),
        "events": _timeline(candidate, show_sensitive),
        "show_sensitive": show_sensitive,
        "consent_missing": scope.is_manager and not show_sensitive,
        "is_secretary": scope.may_force,
        "sees_youth_resolutions": scope.has(*steps.STEPS["youth"].roles),
        # Reviews are for the committee and the candidate's own mentors.
        "show_reviews": scope.is_manager or bool(mine),
        "can_review": bool(mine),
        "assignments": assignments,
        "reviews": _reviews(assignments),
        "recorded": _recorded_steps(candidate),
        "decline_form": bound.get("decline") or DeclineForm(initial={"version": candidate.version}),
        "accept_form": AcceptForm(candidate=candidate),
        "undo_form": bound.get("undo_exit") or ExitUndoForm(initial={"version": candidate.version}),
        "correction": corrections.card(request, candidate, bound.get("correct")),
        "plan_form": bound.get("plan")
        or PlanVoteForm(
            initial={"version": candidate.version, "planned_vote_on": candidate.planned_vote_on}
        ),
        "can_edit_dossier": can_edit_dossier,
        "plan": scope.is_manager and candidate.is_open,
        "answer": scope.is_manager and candidate.stage == Candidate.Stage.NOMINATED,
    }
    next_step = _next_step(candidate, scope, found, deadlines)
    context["next_step"] = next_step
    context["step_cards"] = _step_cards(candidate, scope, bound)
    # The cards shown unfolded: the next step's, and the one asked for (?step=, the link a card
    # folded on the page offers without JavaScript); a refused one unfolds itself. The others'
    # forms are fetched when they unfold.
    asked = steps.STEPS.get(request.GET.get("step", ""))
    context["unfolded"] = {next_step.get("href", "").removeprefix("#")}
    if asked is not None:
        context["unfolded"].add(asked.card_id)
    context["refused"] = _refusal(bound)
    if scope.is_manager:
        context["checklists"] = _checklists(candidate, bound.get("dossier"), can_edit_dossier)
    return render(request, "candidates/candidates/candidate_detail.html", context, status=status)


def _load_pipeline(candidate):
    """Every recorded step in a fixed number of queries, however long the history."""
    prefetch_related_objects(
        [candidate],
        "attendances__course",
        Prefetch("mentors", MentorAssignment.objects.select_related("member")),
        "mentors__reviews",
        Prefetch("introductions", Introduction.objects.select_related("member")),
        "youth_resolutions",
        "consultations",
        Prefetch("dossier", DossierItem.objects.select_related("recorded_by")),
        Prefetch("votes", MeetingVote.objects.select_related("meeting")),
        "intermediate_resolutions",
        "decision__issuer",
        "decision_extension",
        "ceremony__member",
        "ceremony__chair",
        "ceremony__minutes_taker",
        "recognition",
        "form_list__forms",
    )


def _one(candidate, name):
    """A one-to-one step (decision, ceremony, recognition) if recorded, else None."""
    return getattr(candidate, name, None)


def _admission_votes(candidate):
    return [
        v for v in candidate.votes.all() if v.meeting.purpose == BranchMeeting.Purpose.ADMISSION
    ]


def _papers(candidate):
    """(the codes needed before the vote, the codes received) of the candidate's dossier."""
    required = dossier.required_before_vote(candidate)
    return required, {i.code for i in candidate.dossier.all() if i.status in findings.RECEIVED}


@dataclass(frozen=True)
class Detail:
    """A line of what was recorded for a stage, with the record the secretary may correct:
    `correct` is "kind:pk" (a step's record) and `meeting` a meeting's pk."""

    text: str
    correct: str = ""
    meeting: int | None = None

    def __str__(self):
        return self.text


def _stage_details(candidate):
    """What was recorded for each stage, as lines (Detail)."""
    Period = MentorAssignment.Period
    mentors = candidate.mentors.all()
    votes = _admission_votes(candidate)
    passed = next((v for v in votes if v.passed), None)
    failed = sum(1 for v in votes if not v.passed)
    decision, ceremony = _one(candidate, "decision"), _one(candidate, "ceremony")
    recognition = _one(candidate, "recognition")
    required, have = _papers(candidate)
    details = {stage: [] for stage in steps.PIPELINE_ORDER}
    Stage = Candidate.Stage
    first = min(candidate.nominations.all(), key=lambda n: (n.nominated_on, n.pk), default=None)
    details[Stage.NOMINATED].append(
        Detail(
            _("Nominated on %(date)s") % {"date": text.day(candidate.opened_on)},
            f"nomination:{first.pk}" if first else "",
        )
    )
    if candidate.source_since:
        details[Stage.SOURCE].append(
            Detail(
                _("Since %(date)s") % {"date": text.day(candidate.source_since)},
                f"acceptance:{candidate.pk}",
            )
        )
    for attendance in candidate.attendances.all():
        line = _("%(course)s: registered on %(date)s") % {
            "course": attendance.course.name,
            "date": text.day(attendance.registered_on),
        }
        details[Stage.AWARENESS].append(Detail(line, f"registration:{attendance.pk}"))
        if attendance.certificate_issued_on:
            line = capfirst(_("certificate no. %(number)s of %(date)s")) % {
                "number": attendance.certificate_number,
                "date": text.day(attendance.certificate_issued_on),
            }
            details[Stage.AWARENESS].append(Detail(line, f"certificate:{attendance.pk}"))
    for mentor in mentors:
        stage = Stage.PROBATIONARY if mentor.period == Period.PROBATION else Stage.MENTORED
        details[stage].append(
            Detail(
                _("Mentor %(name)s from %(date)s")
                % {"name": mentor.member, "date": text.day(mentor.assigned_on)},
                f"mentor:{mentor.pk}",
            )
        )
    if have:
        details[Stage.DOSSIER].append(
            Detail(
                _("%(have)s of %(needed)s papers needed before the vote")
                % {"have": len(have.intersection(required)), "needed": len(required)}
            )
        )
    if passed:
        details[Stage.RESOLVED].append(
            Detail(
                _("Branch resolution of %(date)s, %(for)s of %(official)s official members for")
                % {
                    "date": text.day(passed.meeting.held_on),
                    "for": passed.votes_for,
                    "official": passed.meeting.official_members,
                },
                meeting=passed.meeting_id,
            )
        )
    if failed:
        details[Stage.RESOLVED].append(
            Detail(_("Votes below two thirds: %(count)s") % {"count": failed})
        )
    if decision:
        details[Stage.DECIDED].append(
            Detail(
                _("Decision %(number)s issued on %(issued)s, received on %(received)s")
                % {
                    "number": decision.number,
                    "issued": text.day(decision.issued_on),
                    "received": text.day(decision.received_on),
                },
                f"decision:{decision.pk}",
            )
        )
    if ceremony:
        details[Stage.PROBATIONARY].insert(
            0,
            Detail(
                _("Admitted at the ceremony of %(date)s") % {"date": text.day(ceremony.held_on)},
                f"ceremony:{ceremony.pk}",
            ),
        )
    if recognition:
        details[Stage.OFFICIAL].append(
            Detail(
                _("Official member since %(date)s") % {"date": text.day(recognition.official_on)},
                f"recognition:{recognition.pk}",
            )
        )
    return details


def _progress(candidate):
    """The nine stages of the procedure, each done, current, stopped (a closed candidacy) or to
    come, with what was recorded for it."""
    Stage, order = Candidate.Stage, steps.PIPELINE_ORDER
    reached = candidate.exit_stage or candidate.stage
    at = order.index(reached) if reached in order else 0
    details = _stage_details(candidate)
    progress = []
    for index, stage in enumerate(order):
        if index < at or (index == at and stage == Stage.OFFICIAL):
            state = "done"
        elif index == at:
            state = "current" if candidate.is_open else "stopped"
        else:
            state = "todo"
        progress.append(
            {"stage": stage, "label": stage.label, "state": state, "details": details[stage]}
        )
    return progress


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
        "consultations": list(candidate.consultations.all()),
        # The branch's assessment at its meetings (6-KNĐ, 13-KNĐ), where one was written.
        "votes": [vote for vote in candidate.votes.all() if vote.written_headings()],
        "intermediate": list(candidate.intermediate_resolutions.all()),
        "extension": _one(candidate, "decision_extension"),
        "decision": _one(candidate, "decision"),
        "ceremony": _one(candidate, "ceremony"),
        "recognition": _one(candidate, "recognition"),
        # The branch's papers of the mentor's assignment and of the course's registration.
        "mentor_assigned": any(
            a.period == MentorAssignment.Period.ADMISSION for a in candidate.mentors.all()
        ),
        "registered": bool(candidate.attendances.all()),
    }


def _step_cards(candidate, scope, bound):
    """The steps open now that this user may record, each with its form: blank, or the refused
    one as typed (shown even if the stage has moved on meanwhile)."""
    cards = steps.page_steps(candidate, scope)
    cards += [s for s in steps.CARDS if s.key in bound and s not in cards]
    return [
        (step, bound.get(step.key) or getattr(forms, step.form).for_candidate(candidate, scope))
        for step in steps.CARDS
        if step in cards
    ]


# Where a refused form of the page is, by its key in `bound` (a step's key: its card).
REFUSED_ANCHORS = {
    "decline": "decline",
    "plan": "plan",
    "dossier": "dossier",
    "correct": "correction",
    "undo_exit": "undo-exit",
}


def _refusal(bound):
    """The refused form's message and anchor, for the alert at the top of the page."""
    for key, form in bound.items():
        errors = form.non_field_errors()
        message = errors[0] if errors else _("Some fields need correcting; nothing was saved.")
        anchor = REFUSED_ANCHORS.get(key) or steps.STEPS[key].card_id
        return {"message": message, "anchor": anchor}
    return None


def _next_step(candidate, scope, found, deadlines):
    """The one thing to do next for the candidate, as {title, text, href, action}: href leads
    to its form on the page (#…) or to the batch page where it is done, when this user may."""
    Stage, stage = Candidate.Stage, candidate.stage
    if not candidate.is_open and stage != Stage.OFFICIAL:
        return {}
    manager = scope.is_manager
    cards = {step.key for step in steps.page_steps(candidate, scope)}

    def card(key, title, note=""):
        href = f"#{steps.STEPS[key].card_id}" if key in cards else ""
        return {"title": title, "text": note, "href": href, "action": _("Open the form")}

    def page(url, title, note=""):
        href = url if manager else ""
        return {"title": title, "text": note, "href": href, "action": _("Open the page")}

    if stage == Stage.NOMINATED:
        if not manager:
            return {"title": _("Waiting for the branch committee's answer")}
        return {
            "title": _("Answer the nomination"),
            "text": _("Accept the student into the source list, or decline with a reason."),
            "href": "#answer",
            "action": _("Answer"),
        }
    if stage == Stage.SOURCE:
        return page(reverse("candidates:course_list"), _("Register for an awareness course"))
    if stage == Stage.AWARENESS:
        attendances = list(candidate.attendances.all())
        if not any(a.certificate_issued_on for a in attendances):
            url = reverse("candidates:course_certify", args=[attendances[-1].course_id])
            return page(url, _("Record the awareness course certificate"))
        return card("mentor", _("Assign a mentor"))
    if stage in (Stage.MENTORED, Stage.DOSSIER):
        required, have = _papers(candidate)
        missing = [code for code in required if code not in have]
        if missing:
            return {
                "title": _("Complete the dossier"),
                "text": _("Still missing: %(codes)s") % {"codes": ", ".join(missing)},
                "href": "#dossier" if manager else "",
                "action": _("Open the checklist"),
            }
        planned = candidate.planned_vote_on
        note = _("Planned for %(date)s") % {"date": text.day(planned)} if planned else ""
        url = reverse("candidates:meeting_create") + "?purpose=admission"
        return page(url, _("Hold the branch meeting that votes on the admission"), note)
    if stage == Stage.RESOLVED:
        return card("decision", _("Record the admission decision"), _deadline(deadlines))
    if stage == Stage.DECIDED:
        return card("ceremony", _("Record the admission ceremony"), _deadline(deadlines))
    if stage == Stage.PROBATIONARY:
        url = reverse("candidates:meeting_create") + "?purpose=recognition"
        title = _("Hold the branch meeting that recognises the official member")
        return page(url, title, _deadline(deadlines))
    if "recognition" in cards and _one(candidate, "recognition") is None:
        return card("recognition", _("Record the decision recognising the official member"))
    return {}


def _deadline(deadlines):
    """The nearest deadline, as the page writes it."""
    return f"{deadlines[0][0]}: {deadlines[0][2]}" if deadlines else ""


def _checklists(candidate, bound=None, editable=False):
    """The dossier's checklists: the admission papers, and after the ceremony the probation
    and recognition papers (10–16-KNĐ), each as (title, rows); papers of no form of the list
    follow the admission's. A row's form is fetched when its row is unfolded (dossier_form):
    only a refused one is on the page, as typed."""
    form_list = dossier.form_list_of(candidate)
    items = {item.code: item for item in candidate.dossier.all()}
    required = set(dossier.required_before_vote(candidate, form_list))
    refused = bound.data.get("code") if bound is not None else None
    admission, probation = _sections(candidate, form_list)
    lists = [(_("Admission dossier"), admission)]
    if _one(candidate, "ceremony") is not None:
        lists.append((_("Probation and recognition papers"), probation))
    checklists, index = [], 0
    for title, forms_ in lists:
        rows = []
        for form in forms_:
            rows.append(
                {
                    "index": index,
                    "code": form.code,
                    "title": form.title,
                    "required": form.code in required,
                    "item": items.pop(form.code, None),
                    "edit": bound if form.code == refused else None,
                    "editable": editable,
                }
            )
            index += 1
        checklists.append({"title": title, "rows": rows})
    checklists[0]["rows"] += [
        {"code": code, "title": "", "required": False, "item": item, "editable": False}
        for code, item in items.items()
    ]
    return {"version": form_list, "lists": checklists}


def dossier_form(candidate, code, scope):
    """The form that sets the paper `code`, filled with what is recorded; the secretary may
    force a paper only once the branch has voted (HS). A paper of no row: 404."""
    row = dossier_row(candidate, code, missing=None)
    if row is None:
        raise Http404
    item = candidate.dossier.filter(code=code).first()
    can_force = scope.may_force and findings.admission_resolution_date(candidate) is not None
    initial = {
        "version": candidate.version,
        "code": code,
        "status": item.status if item else DossierItem.Status.RECEIVED,
        "dated_on": item.dated_on if item else None,
        "note": item.note if item else "",
    }
    return DossierItemForm(row=row, initial=initial, can_force=can_force)


def _sections(candidate, form_list):
    """The forms of the two checklists: the admission's, and the probation's (10–16-KNĐ)."""
    forms_ = dossier.forms_for(form_list, candidate)
    probation = [f for f in forms_ if f.needed == dossier.Needed.PROBATION]
    return [f for f in forms_ if f not in probation], probation


def dossier_row(candidate, code, missing=0):
    """The index of the row of `code` in the candidate's checklists (`missing` if it has none)."""
    admission, probation = _sections(candidate, dossier.form_list_of(candidate))
    codes = [f.code for f in admission + probation]
    return codes.index(code) if code in codes else missing


def post_on_page(request, candidate, form, bound_as, record, anchor=""):
    """POST a form about one candidate: done → back to the page (at `anchor`); refused → the
    page again with the form as typed under `bound_as` and the reason: 400, or 409 when someone
    saved in between (the form then carries the new version, so saving again is deliberate).
    `record(data)` calls the service; `form` is bound to the POST. The same form sent twice
    records once (views/once.py)."""
    if form.is_valid():
        url = reverse("candidates:detail", args=[candidate.pk])
        target = f"{url}#{anchor}" if anchor else url

        def work():
            record(form.cleaned_data)
            return target

        try:
            return record_once(request, form, work, target)
        except ConflictError as error:
            candidate.refresh_from_db()
            form.data = {**form.data.dict(), "version": candidate.version}
            form.full_clean()
            form.add_error(None, error.message)
            return render_detail(request, candidate, status=409, bound={bound_as: form})
        except DomainError as error:
            form.add_error(None, error.message)
            return render_detail(request, candidate, status=400, bound={bound_as: form})
    return render_detail(request, candidate, status=400, bound={bound_as: form})
