"""The candidate page: the stage, the findings, the timeline, the dossier and the next steps;
and the posting of a form about one candidate, which shows this page again when refused."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import dossier, findings, forms, steps, text
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
    context = {
        "candidate": candidate,
        "student": candidate.student,
        "nominations": candidate.nominations.select_related("author", "decided_by"),
        "findings": found,
        "deadlines": deadlines,
        "progress": _progress(candidate),
        "events": _timeline(candidate, scope.is_manager),
        "show_sensitive": scope.is_manager,
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
        "step_cards": _step_cards(candidate, scope, bound),
        "can_edit_dossier": can_edit_dossier,
    }
    if scope.is_manager:
        context["dossier_rows"] = _dossier_rows(candidate, bound.get("dossier"), can_edit_dossier)
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


def _admission_votes(candidate):
    return [
        v for v in candidate.votes.all() if v.meeting.purpose == BranchMeeting.Purpose.ADMISSION
    ]


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
    required = dossier.required_before_vote(
        dossier.CURRENT, candidate.student.is_youth_union_member
    )
    have = {i.code for i in candidate.dossier.all() if i.status in findings.RECEIVED}
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
        "intermediate": list(candidate.intermediate_resolutions.all()),
        "decision": _one(candidate, "decision"),
        "ceremony": _one(candidate, "ceremony"),
        "recognition": _one(candidate, "recognition"),
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
            edit = DossierItemForm(
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
