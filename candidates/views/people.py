"""Pages that manage the people of the pipeline: classes, students and Party members."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.access import manager_required, member_required, roles_required
from accounts.models import Membership

from .. import access, consent, exports, rules, services, text
from ..errors import ConflictError, DomainError, FieldErrors
from ..forms import (
    ConsentGiveForm,
    ConsentWithdrawForm,
    PartyMemberForm,
    SchoolClassForm,
    StudentFilterForm,
    StudentForm,
)
from ..models import (
    Candidate,
    Event,
    PartyMember,
    SchoolClass,
    Student,
)
from ..xlsx import XLSX_CONTENT_TYPE
from .once import record_once

PAGE_SIZE = 50
# A Party member without another role works through candidates (mentees), not student lists.
students_required = roles_required(*Membership.NOMINATORS)
STUDENT_COLUMNS = ("student_code", "full_name", "date_of_birth", "gender", "school_class")
MEMBER_COLUMNS = ("full_name", "date_of_birth", "position", "joined_on", "official_on", "user")
# The student page's facts: every editable field but the name (the title) and the sensitive ones
# (shown apart, to the committee only).
STUDENT_FACTS = tuple(
    name
    for name in Student.EDITABLE_FIELDS
    if name != "full_name" and name not in Student.SENSITIVE_FIELDS
)


def _labels(model, names):
    return {name: capfirst(model._meta.get_field(name).verbose_name) for name in names}


def _submit(request, form, save):
    """On a valid POST call `save(data)` and return what it saved; when the service refuses,
    put its reasons on the form (which keeps what was typed) and return None with the status:
    409 when someone else saved in between, 400 otherwise (200 for a page merely shown)."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return save(form.model_data()), 200
    except ConflictError as error:
        # Shown again with the version now stored, so that saving again is deliberate.
        stored = type(form.instance).objects.get(pk=form.instance.pk).version
        form.data = {**form.data.dict(), "version": stored}
        form.full_clean()
        form.add_error(None, error.message)
        return None, 409
    except FieldErrors as error:
        for name, errors in error.errors.items():
            form.add_error(name if name in form.fields else None, errors)
    except DomainError as error:
        form.add_error(None, error.message)
    return None, 400


# --- classes ------------------------------------------------------------------------------


@manager_required
def class_list(request):
    classes = (
        SchoolClass.objects.filter(branch=request.scope.branch)
        .select_related("homeroom_teacher")
        .annotate(student_count=Count("students"))
        .order_by(*SchoolClass._meta.ordering)  # a GROUP BY drops the model's ordering
    )
    return render(request, "candidates/people/class_list.html", {"classes": classes})


@member_required
def class_detail(request, pk):
    """A class and its students: for the committee, and for its own homeroom teacher."""
    school_class = access.get_class_for(request, pk)
    students = access.students_visible_to(request.scope, request.user)
    students = _with_pipeline(students.filter(school_class=school_class))
    context = {"school_class": school_class, **_student_table(request, students)}
    return render(request, "candidates/people/class_detail.html", context)


@manager_required
def class_create(request):
    branch = request.scope.branch
    form = SchoolClassForm(request.POST or None, branch=branch)
    saved, status = _submit(
        request,
        form,
        lambda data: services.class_create(branch=branch, actor=request.user, data=data),
    )
    if saved:
        messages.success(request, _("The class %(name)s was added.") % {"name": saved})
        return redirect("candidates:class_detail", pk=saved.pk)
    return render(request, "candidates/people/class_form.html", {"form": form}, status=status)


@manager_required
def class_edit(request, pk):
    school_class = access.get_class_for(request, pk, access.EDIT)
    title = str(school_class)
    form = SchoolClassForm(request.POST or None, instance=school_class, branch=school_class.branch)
    saved, status = _submit(
        request,
        form,
        lambda data: services.class_update(
            school_class=school_class,
            actor=request.user,
            data=data,
            version=form.cleaned_data["version"],
        ),
    )
    if saved:
        messages.success(request, _("The class %(name)s was saved.") % {"name": saved})
        return redirect("candidates:class_detail", pk=saved.pk)
    context = {"form": form, "school_class": school_class, "title": title}
    return render(request, "candidates/people/class_form.html", context, status=status)


# --- students -----------------------------------------------------------------------------


def _with_pipeline(students):
    """Students in the school's order, each with its class and whether it is in the pipeline."""
    open_candidacy = Candidate.objects.open().filter(student=OuterRef("pk"))
    return (
        students.select_related("school_class")
        .annotate(in_pipeline=Exists(open_candidacy))
        .order_by("sort_name", "pk")
    )


def _student_table(request, students):
    """Context of the students table: rows with whether the user may nominate each student."""
    scope, user = request.scope, request.user
    rows = [(student, access.can_nominate(scope, user, student)) for student in students]
    return {
        "rows": rows,
        "labels": _labels(Student, STUDENT_COLUMNS),
        "nominate_label": _nominate_label(scope),
    }


def _nominate_label(scope):
    # A homeroom teacher's nomination is a recommendation (đề xuất), and says so.
    if scope.sees_whole_branch:
        return _("Nominate")
    return _("Recommend")


@students_required
def student_list(request):
    """The students the user may see, searchable without accents, in the school's order."""
    visible = access.students_visible_to(request.scope, request.user)
    classes = SchoolClass.objects.filter(pk__in=visible.values("school_class"))
    form = StudentFilterForm(request.GET or None, classes=classes)
    page = Paginator(_with_pipeline(form.apply(visible)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    context.update(_student_table(request, page))
    return render(request, "candidates/people/student_list.html", context)


def _facts(student, names):
    """(field name, label, value as shown) for each of `names`."""
    facts = []
    for name in names:
        field = Student._meta.get_field(name)
        value = getattr(student, name)
        if field.choices:
            value = getattr(student, f"get_{name}_display")()
        elif isinstance(value, date):
            value = text.day(value)
        facts.append((name, capfirst(field.verbose_name), value))
    return facts


def _history(events, model, sensitive=True):
    """Events with their changes as (label, old, new), newest first; without `sensitive` (no
    consent in force) the values of the sensitive fields are hidden."""
    labels = _labels(model, [f.name for f in model._meta.fields])
    events = list(events.select_related("actor").order_by("-at", "-pk"))
    hidden = (_("(hidden)"),) * 2
    for event in events:
        event.rows = [
            (labels.get(name, name), *(values if _shown(name, sensitive) else hidden))
            for name, values in event.changes.items()
        ]
    return events


def _shown(name, sensitive):
    return sensitive or name not in Student.SENSITIVE_FIELDS


@students_required
def student_detail(request, pk):
    student = access.get_student_for(request, pk)
    scope, user = request.scope, request.user
    manager = scope.is_manager
    consented = manager and consent.in_force(student)
    if consented:  # the page shows the student's sensitive data
        audit.sensitive_view(request, student)
    context = {
        "student": student,
        "facts": _facts(student, STUDENT_FACTS),
        "teacher_label": _labels(SchoolClass, ["homeroom_teacher"])["homeroom_teacher"],
        # Left out of the page, not merely hidden in it, for all but the committee (DESIGN §6),
        # and for the committee too while the student's consent is not in force.
        "sensitive": _facts(student, Student.SENSITIVE_FIELDS) if consented else [],
        "consent_missing": manager and not consented,
        "history": _history(Event.objects.filter(student=student), Student, consented)
        if manager
        else [],
        "candidacies": Candidate.objects.visible_to(scope, user).filter(student=student),
        "can_nominate": access.can_nominate(scope, user, student)
        and not services.is_anonymised(student),
        "nominate_label": _nominate_label(scope),
        # The class page is the committee's and its own homeroom teacher's (get_class_for).
        "class_link": manager or student.school_class.homeroom_teacher_id == user.pk,
    }
    return render(request, "candidates/people/student_detail.html", context)


@manager_required
def student_create(request):
    branch = request.scope.branch
    form = StudentForm(request.POST or None, branch=branch)
    saved, status = _submit(
        request,
        form,
        lambda data: services.student_create(branch=branch, actor=request.user, data=data),
    )
    if saved:
        messages.success(request, _("%(name)s was added.") % {"name": saved.full_name})
        return redirect("candidates:student_detail", pk=saved.pk)
    return render(request, "candidates/people/student_form.html", {"form": form}, status=status)


@roles_required(Membership.Role.SECRETARY)
def student_export(request, pk):
    """Everything recorded about the student, in one .xlsx: the secretary answers a request
    of the student or their family (the download is in the access log)."""
    student = access.get_student_for(request, pk, access.EDIT)
    response = HttpResponse(exports.student_data(student), content_type=XLSX_CONTENT_TYPE)
    name = f"du-lieu-ca-nhan-hoc-sinh-{student.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@manager_required
def student_edit(request, pk):
    student = access.get_student_for(request, pk, access.EDIT)
    title = student.full_name
    consented = consent.in_force(student)
    form = StudentForm(
        request.POST or None, instance=student, branch=student.branch, sensitive=consented
    )
    if consented:  # the form holds its sensitive fields
        audit.sensitive_view(request, student)

    def save(data):
        version = form.cleaned_data["version"]
        return services.student_update(
            student=student, actor=request.user, data=data, version=version
        )

    saved, status = _submit(request, form, save)
    if saved:
        messages.success(request, _("%(name)s was saved.") % {"name": saved.full_name})
        return redirect("candidates:student_detail", pk=saved.pk)
    context = {"form": form, "student": student, "title": title, "consent_missing": not consented}
    return render(request, "candidates/people/student_form.html", context, status=status)


def _consent_context(student, give_form=None, withdraw_form=None):
    consented = consent.in_force(student)
    today = services.today()
    return {
        "student": student,
        "consented": consented,
        "records": student.consents.select_related("recorded_by").order_by("-on", "-pk"),
        "text": consent.current_text(),
        "parent_needed_today": consent.parent_needed(student, today),
        "adult_on": text.day(rules.eighteenth_birthday(student.date_of_birth)),
        "give_form": give_form or ConsentGiveForm(initial={"on": today}),
        "withdraw_form": withdraw_form or ConsentWithdrawForm(initial={"on": today}),
    }


def _record_consent(request, student, form, record):
    """Record the consent change `record(**data)` once (the form's token) and return the redirect
    to the page. A refusal naming fields puts them on the form (None: the page is shown again as
    typed, 400); another refusal (consent given meanwhile in another tab) is a message on the
    page as it now stands."""
    url = reverse("candidates:student_consent", args=[student.pk])

    def work():
        saved = record(student=student, actor=request.user, **form.cleaned_data)
        audit.consent_recorded(request, saved)
        messages.success(
            request, _("The consent record of %(name)s was saved.") % {"name": student.full_name}
        )
        return url

    try:
        return record_once(request, form, work, url)
    except FieldErrors as error:
        for name, errors in error.errors.items():
            form.add_error(name if name in form.fields else None, errors)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(url)
    return None


@roles_required(Membership.Role.SECRETARY)
def student_consent(request, pk):
    """The student's consent to the processing of their sensitive data: the records, the text
    to be agreed to, and the secretary's form to record the consent given."""
    student = access.get_student_for(request, pk, access.EDIT)
    form = ConsentGiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _record_consent(request, student, form, services.consent_give)
        if response is not None:
            return response
    status = 400 if request.method == "POST" else 200
    context = _consent_context(student, give_form=form if form.is_bound else None)
    return render(request, "candidates/people/student_consent.html", context, status=status)


@roles_required(Membership.Role.SECRETARY)
@require_POST
def student_consent_withdraw(request, pk):
    """The secretary records that the consent was withdrawn: the sensitive fields are hidden."""
    student = access.get_student_for(request, pk, access.EDIT)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        response = _record_consent(request, student, form, services.consent_withdraw)
        if response is not None:
            return response
    context = _consent_context(student, withdraw_form=form)
    return render(request, "candidates/people/student_consent.html", context, status=400)


# --- Party members ------------------------------------------------------------------------


def _member_status(member, today):
    if member.left_on is not None and member.left_on <= today:
        return "left", _("Left the branch")
    if member.is_official_on(today):
        return "official", _("Official member")
    return "probationary", _("Probationary member")


@manager_required
def member_list(request):
    today = services.today()
    members = (
        PartyMember.objects.filter(branch=request.scope.branch)
        .select_related("user")
        .order_by("sort_name", "pk")
    )
    rows = [(member, *_member_status(member, today)) for member in members]
    context = {
        "rows": rows,
        "labels": _labels(PartyMember, MEMBER_COLUMNS),
    }
    return render(request, "candidates/people/member_list.html", context)


@manager_required
def member_create(request):
    branch = request.scope.branch
    form = PartyMemberForm(request.POST or None, branch=branch)
    saved, status = _submit(
        request,
        form,
        lambda data: services.party_member_create(branch=branch, actor=request.user, data=data),
    )
    if saved:
        messages.success(request, _("%(name)s was added.") % {"name": saved.full_name})
        return redirect("candidates:member_list")
    return render(request, "candidates/people/member_form.html", {"form": form}, status=status)


@manager_required
def member_edit(request, pk):
    member = access.get_party_member_for(request, pk, access.EDIT)
    title = member.full_name
    form = PartyMemberForm(request.POST or None, instance=member, branch=member.branch)
    saved, status = _submit(
        request,
        form,
        lambda data: services.party_member_update(
            member=member, actor=request.user, data=data, version=form.cleaned_data["version"]
        ),
    )
    if saved:
        messages.success(request, _("%(name)s was saved.") % {"name": saved.full_name})
        return redirect("candidates:member_list")
    history = _history(Event.objects.filter(party_member=member), PartyMember)
    context = {"form": form, "member": member, "title": title, "history": history}
    return render(request, "candidates/people/member_form.html", context, status=status)
