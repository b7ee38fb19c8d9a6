"""Classes, students and Party members, added and edited by hand."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Membership

from .. import consent
from ..models import PartyMember, SchoolClass, Student
from .base import (
    FieldErrors,
    _assign,
    _reload_locked,
    _snapshot,
    _validate,
    bump_version,
    field_changes,
    record_event,
)

CLASS_FIELDS = ("name", "school_year", "grade", "homeroom_teacher")
STUDENT_FIELDS = Student.EDITABLE_FIELDS
PARTY_MEMBER_FIELDS = (
    "full_name",
    "date_of_birth",
    "hometown",
    "position",
    "joined_on",
    "official_on",
    "started_at_school_on",
    "left_school_on",
    "left_on",
    "user",
)
GRADES = (10, 11, 12)
# Keys that save() derives from full_name; full_clean() would call them blank before that.
_DERIVED_FIELDS = ("search_name", "sort_name")


def validate_school_year(value):
    """A school year is written as two consecutive years: "2025-2026"."""
    first, dash, second = (value or "").partition("-")
    digits = all(len(year) == 4 and year.isascii() and year.isdigit() for year in (first, second))
    if not (dash and digits and int(second) == int(first) + 1):
        raise ValidationError(
            _("Write the school year as two consecutive years, e.g. 2025-2026."),
            code="school_year",
        )


def homeroom_teachers(branch):
    """The users who hold the homeroom-teacher role in the branch."""
    teachers = Membership.objects.filter(branch=branch, role=Membership.Role.HOMEROOM)
    return branch_users(branch).filter(pk__in=teachers.values("user"))


def branch_users(branch):
    """The users who hold any role in the branch."""
    members = Membership.objects.filter(branch=branch)
    return get_user_model().objects.filter(pk__in=members.values("user")).order_by("full_name")


def _class_errors(school_class):
    errors = {}
    if school_class.grade is not None and school_class.grade not in GRADES:
        errors["grade"] = _("The grade is 10, 11 or 12.")
    try:
        validate_school_year(school_class.school_year)
    except ValidationError as error:
        errors["school_year"] = error.messages[0]
    teacher_id = school_class.homeroom_teacher_id
    if teacher_id and not homeroom_teachers(school_class.branch).filter(pk=teacher_id).exists():
        errors["homeroom_teacher"] = _("Choose a homeroom teacher of this branch.")
    same = SchoolClass.objects.filter(
        branch=school_class.branch, school_year=school_class.school_year, name=school_class.name
    )
    if school_class.name and same.exclude(pk=school_class.pk).exists():
        errors["name"] = _(
            "The branch already has a class %(name)s in the school year %(year)s."
        ) % {"name": school_class.name, "year": school_class.school_year}
    return errors


def _save(instance, *, actor, data, fields, errors, kind, summary, exclude=(), **subject):
    """Assign `data` to `fields`, check it (full_clean and `errors(instance)`, refused together
    as FieldErrors), save, and record the changes as the event `<kind>_created` or
    `<kind>_changed` (none when nothing changed). `summary` is (added, changed), formatted with
    the record's name. Returns the changes."""
    created = instance.pk is None
    if not created:
        _reload_locked(instance)
    before = {} if created else _snapshot(instance, fields)
    _assign(instance, data, fields)
    _validate(instance, errors(instance), exclude=exclude)
    instance.save()
    changes = field_changes(before, instance, fields)
    if created or changes:
        name = getattr(instance, "full_name", None) or str(instance)
        record_event(
            branch=instance.branch,
            actor=actor,
            kind=f"{kind}_{'created' if created else 'changed'}",
            summary=summary[0 if created else 1] % {"name": name},
            changes=changes,
            **subject,
        )
    return changes


def _save_class(school_class, actor, data):
    # As save() stores it: "12a1" and "12A1" are the same class.
    data = {**data, "name": (data.get("name") or "").upper()} if "name" in data else data
    _save(
        school_class,
        actor=actor,
        data=data,
        fields=CLASS_FIELDS,
        errors=_class_errors,
        kind="class",
        summary=(_("Class %(name)s added"), _("Class %(name)s changed")),
    )
    return school_class


@transaction.atomic
def class_create(*, branch, actor, data):
    """Add a class of one school year to the branch."""
    return _save_class(SchoolClass(branch=branch), actor, data)


@transaction.atomic
def class_update(*, school_class, actor, data, version=None):
    """Change a class: its name, school year, grade or homeroom teacher; refused
    (ConflictError) if someone saved it since `version`."""
    _bump(school_class, version)
    return _save_class(school_class, actor, data)


def _student_errors(student):
    errors = {}
    if student.school_class_id and student.school_class.branch_id != student.branch_id:
        errors["school_class"] = _("Choose a class of this branch.")
    same = Student.objects.filter(branch_id=student.branch_id, student_code=student.student_code)
    if student.student_code and same.exclude(pk=student.pk).exists():
        errors["student_code"] = _(
            "Another student of the branch already has the student code %(code)s."
        ) % {"code": student.student_code}
    return errors


def _refuse_sensitive_without_consent(student, data):
    """A sensitive field is filled only under the student's consent in force (Law 91/2025):
    a new student has none yet; blank values (erasing) are always accepted."""
    filled = [name for name in Student.SENSITIVE_FIELDS if (data.get(name) or "").strip()]
    if filled and (student.pk is None or not consent.in_force(student)):
        message = _(
            "No consent of the student (and of a parent while under 18) is in force: ethnicity, "
            "religion, ID number and family background cannot be filled. Record the consent "
            "first."
        )
        raise FieldErrors({name: [message] for name in filled})


def _save_student(student, actor, data):
    _refuse_sensitive_without_consent(student, data)
    return _save(
        student,
        actor=actor,
        data=data,
        fields=STUDENT_FIELDS,
        errors=_student_errors,
        kind="student",
        summary=(_("Student %(name)s added"), _("Student %(name)s changed")),
        exclude=_DERIVED_FIELDS,
        student=student,
    )


@transaction.atomic
def student_create(*, branch, actor, data):
    """Add a student to the branch by hand (the roster import has its own service)."""
    student = Student(branch=branch)
    _save_student(student, actor, data)
    return student


@transaction.atomic
def student_update(*, student, actor, data, version):
    """Change a student's facts; refused (ConflictError) if someone saved since `version`."""
    bump_version(student, version)
    _save_student(student, actor, data)
    return student


def _party_member_errors(member):
    errors = {}
    if member.joined_on and member.official_on and member.official_on < member.joined_on:
        errors["official_on"] = _("A member becomes official after joining the Party, not before.")
    if member.joined_on and member.left_on and member.left_on < member.joined_on:
        errors["left_on"] = _("The member cannot leave the branch before joining the Party.")
    if member.user_id:
        linked = PartyMember.objects.filter(branch=member.branch, user_id=member.user_id)
        if not branch_users(member.branch).filter(pk=member.user_id).exists():
            errors["user"] = _("Choose a user account of this branch.")
        elif linked.exclude(pk=member.pk).exists():
            errors["user"] = _("This account is already linked to another Party member.")
    return errors


def _save_party_member(member, actor, data):
    _save(
        member,
        actor=actor,
        data=data,
        fields=PARTY_MEMBER_FIELDS,
        errors=_party_member_errors,
        kind="party_member",
        summary=(_("Party member %(name)s added"), _("Party member %(name)s changed")),
        exclude=_DERIVED_FIELDS,
        party_member=member,
    )
    return member


@transaction.atomic
def party_member_create(*, branch, actor, data):
    """Add a Party member of the branch (a mentor or introducer of the pipeline)."""
    return _save_party_member(PartyMember(branch=branch), actor, data)


@transaction.atomic
def party_member_update(*, member, actor, data, version=None):
    """Change a Party member's record: dates of joining, becoming official, leaving; account.
    Refused (ConflictError) if someone saved it since `version`."""
    _bump(member, version)
    return _save_party_member(member, actor, data)


def _bump(instance, version):
    """Check and raise the version the editor opened; without one (scripts), raise it only."""
    if version is None:
        type(instance).objects.filter(pk=instance.pk).update(version=F("version") + 1)
    else:
        bump_version(instance, version)
