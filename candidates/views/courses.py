"""The awareness courses: a course, registering a batch of candidates, certificates row by row."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import manager_required

from .. import access, findings, services, steps
from ..errors import DomainError
from ..forms import (
    CertificateRowForm,
    CourseForm,
    CourseRegisterForm,
    OnceForm,
)
from ..models import (
    AwarenessCourse,
    Candidate,
)
from .once import record_once, sent_again

# --- awareness courses --------------------------------------------------------------------


@manager_required
def course_list(request):
    courses = (
        AwarenessCourse.objects.filter(branch=request.scope.branch)
        .annotate(
            attendee_count=Count("attendances"),
            certified_count=Count("attendances", filter=~Q(attendances__certificate_number="")),
        )
        .order_by("-starts_on", "pk")  # Meta.ordering does not apply to a GROUP BY query
    )
    return render(request, "candidates/courses/course_list.html", {"courses": courses})


@manager_required
def course_create(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def work():
            course = services.course_create(
                branch=request.scope.branch, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("The course %(course)s was added.") % {"course": course})
            return _detail_url(course)

        return record_once(request, form, work, reverse("candidates:course_list"))
    return render(request, "candidates/courses/course_form.html", {"form": form})


def _detail_url(course):
    return reverse("candidates:course_detail", args=[course.pk])


def _attendances(course):
    """The course's attendees in the school's order of names."""
    return course.attendances.select_related("candidate__student__school_class").order_by(
        "candidate__student__sort_name", "pk"
    )


@manager_required
def course_detail(request, pk):
    course = access.get_course_for(request, pk)
    attendances = list(_attendances(course))
    # One letter to the organiser for each day the branch registered a batch (its first
    # candidate stands for the batch: reports' awareness-letter).
    batches = {}
    for attendance in attendances:
        batches.setdefault(attendance.registered_on, attendance.candidate_id)
    context = {"course": course, "attendances": attendances, "batches": sorted(batches.items())}
    return render(request, "candidates/courses/course_detail.html", context)


def _registrable(course):
    """Open candidates from the source list until the vote, not yet registered for `course`,
    whom the rules let register today (findings.registration_refusal)."""
    candidates = (
        Candidate.objects.open()
        .filter(branch=course.branch, stage__in=steps.STEPS["course_register"].stages)
        .exclude(attendances__course=course)
    )
    settings, today = findings.rule_settings(course.branch), services.today()
    allowed = [
        candidate.pk
        for candidate in findings.with_pipeline(candidates)
        if not findings.registration_refusal(candidate, course, settings, today)
    ]
    return (
        candidates.filter(pk__in=allowed)
        .select_related("student__school_class")
        .order_by("student__sort_name", "pk")
    )


@manager_required
def course_register(request, pk):
    """Register several candidates for the course at once."""
    course = access.get_course_for(request, pk)
    if request.method == "POST" and (again := sent_again(request, _detail_url(course))):
        return again  # the candidates registered the first time are no longer offered
    form = CourseRegisterForm(
        request.POST or None,
        choices=_registrable(course),
        initial={"registered_on": services.today()},
    )
    if request.method == "POST" and form.is_valid():

        def work():
            registered = services.course_register(
                course=course,
                candidates=list(form.cleaned_data["candidates"]),
                actor=request.user,
                on=form.cleaned_data["registered_on"],
            )
            count = len(registered)
            messages.success(
                request,
                ngettext(
                    "%(count)s candidate was registered for the course.",
                    "%(count)s candidates were registered for the course.",
                    count,
                )
                % {"count": count},
            )
            return _detail_url(course)

        try:
            return record_once(request, form, work, _detail_url(course))
        except services.DomainError as error:
            form.add_error(None, error.message)
    return render(
        request, "candidates/courses/course_register.html", {"course": course, "form": form}
    )


def _certificate_rows(course, data):
    rows = []
    for number, attendance in enumerate(_attendances(course), start=1):
        attendance.course = course
        candidate = attendance.candidate
        editable = steps.STEPS["course_certify"].is_open_for(candidate)
        rows.append(
            CertificateRowForm(
                data,
                attendance=attendance,
                row=number,
                editable=editable,
                prefix=f"a{attendance.pk}",
            )
        )
    return rows


def _certify(request, course, batch, rows):
    """Record every filled row in one transaction, once per rendered page: one refused row
    refuses the whole batch. Returns the redirect, or the error to show (the rows keep what
    was typed)."""
    valid = [row.is_valid() for row in [batch, *rows]]  # every row, so every error is marked
    if not all(valid):
        return None, _("Nothing was saved: correct the marked rows.")
    todo = [row for row in rows if row.changed]
    if not todo:
        return None, _("Fill in at least one certificate's number and date.")
    certificates = [{"attendance": row.attendance, **row.cleaned_data} for row in todo]

    def work():
        services.course_certify_batch(certificates=certificates, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s certificate was recorded.",
                "%(count)s certificates were recorded.",
                len(todo),
            )
            % {"count": len(todo)},
        )
        return _detail_url(course)

    try:
        return record_once(request, batch, work, _detail_url(course)), None
    except DomainError as error:
        current = todo[error.row]
        current.add_error(None, error.message)
        return None, _("Nothing was saved. Row %(row)s (%(name)s): %(message)s") % {
            "row": current.row,
            "name": current.attendance.candidate,
            "message": error.message,
        }


@manager_required
def course_certify(request, pk):
    """The certificates of the course's attendees, one row each, recorded as one batch."""
    course = access.get_course_for(request, pk)
    data = request.POST if request.method == "POST" else None
    if data is not None and (again := sent_again(request, _detail_url(course))):
        return again  # the rows recorded the first time are no longer changes
    rows = _certificate_rows(course, data)
    batch, error = OnceForm(data), None
    if data is not None:
        recorded, error = _certify(request, course, batch, rows)
        if recorded is not None:
            return recorded
    context = {"course": course, "rows": rows, "batch_error": error, "batch": batch}
    return render(request, "candidates/courses/course_certify.html", context)
