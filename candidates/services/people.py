"""Classes, students and Party members, added and edited by hand."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership

from ..models import PartyMember, SchoolClass, Student
from .base import (
    _assign,
    _reload_locked,
    _snapshot,
    _validate,
    bump_version,
    candidates_refresh_flags,
    field_changes,
    record_event,
)

CLASS_FIELDS = ("name", "school_year", "grade", "homeroom_teacher")
STUDENT_FIELDS = (
    "student_code",
    "full_name",
    "date_of_birth",
    "gender",
    "school_class",
    "place_of_birth",
    "hometown",
    "residence",
    "youth_union_joined_on",
    "youth_union_position",
    "study_result",
    "conduct_result",
    "ethnicity",
    "religion",
    "national_id",
    "family_background",
)
PARTY_MEMBER_FIELDS = (
    "full_name",
    "date_of_birth",
    "hometown",
    "position",
    "joined_on",
    "official_on",
    "started_at_school_on",
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


def _assign_class(school_class, data):
    _assign(school_class, data, CLASS_FIELDS)
    # As save() stores it: "12a1" and "12A1" are the same class.
    school_class.name = school_class.name.upper()


@transaction.atomic
def class_create(*, branch, actor, data):
    """Add a class of one school year to the branch."""
    school_class = SchoolClass(branch=branch)
    _assign_class(school_class, data)
    _validate(school_class, _class_errors(school_class))
    school_class.save()
    record_event(
        branch=branch,
        actor=actor,
        kind="class_created",
        summary=_("Class %(name)s added") % {"name": school_class},
        changes=field_changes({}, school_class, CLASS_FIELDS),
    )
    return school_class


@transaction.atomic
def class_update(*, school_class, actor, data):
    """Change a class: its name, school year, grade or homeroom teacher."""
    _reload_locked(school_class)
    before = _snapshot(school_class, CLASS_FIELDS)
    _assign_class(school_class, data)
    _validate(school_class, _class_errors(school_class))
    school_class.save()
    changes = field_changes(before, school_class, CLASS_FIELDS)
    if changes:
        record_event(
            branch=school_class.branch,
            actor=actor,
            kind="class_changed",
            summary=_("Class %(name)s changed") % {"name": school_class},
            changes=changes,
        )
    return school_class


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


@transaction.atomic
def student_create(*, branch, actor, data):
    """Add a student to the branch by hand (the roster import has its own service)."""
    student = Student(branch=branch)
    _assign(student, data, STUDENT_FIELDS)
    _validate(student, _student_errors(student), exclude=_DERIVED_FIELDS)
    student.save()
    record_event(
        branch=branch,
        actor=actor,
        kind="student_created",
        summary=_("Student %(name)s added") % {"name": student.full_name},
        changes=field_changes({}, student, STUDENT_FIELDS),
        student=student,
    )
    return student


@transaction.atomic
def student_update(*, student, actor, data, version):
    """Change a student's facts; refused (ConflictError) if someone saved since `version`."""
    bump_version(student, version)
    _reload_locked(student)
    before = _snapshot(student, STUDENT_FIELDS)
    _assign(student, data, STUDENT_FIELDS)
    _validate(student, _student_errors(student), exclude=_DERIVED_FIELDS)
    student.save()
    changes = field_changes(before, student, STUDENT_FIELDS)
    if changes:
        record_event(
            branch=student.branch,
            actor=actor,
            kind="student_changed",
            summary=_("Student %(name)s changed") % {"name": student.full_name},
            changes=changes,
            student=student,
        )
        candidates_refresh_flags(student=student)
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


@transaction.atomic
def party_member_create(*, branch, actor, data):
    """Add a Party member of the branch (a mentor or introducer of the pipeline)."""
    member = PartyMember(branch=branch)
    _assign(member, data, PARTY_MEMBER_FIELDS)
    _validate(member, _party_member_errors(member), exclude=_DERIVED_FIELDS)
    member.save()
    record_event(
        branch=branch,
        actor=actor,
        kind="party_member_created",
        summary=_("Party member %(name)s added") % {"name": member.full_name},
        changes=field_changes({}, member, PARTY_MEMBER_FIELDS),
        party_member=member,
    )
    return member


@transaction.atomic
def party_member_update(*, member, actor, data):
    """Change a Party member's record: dates of joining, becoming official, leaving; account."""
    _reload_locked(member)
    before = _snapshot(member, PARTY_MEMBER_FIELDS)
    _assign(member, data, PARTY_MEMBER_FIELDS)
    _validate(member, _party_member_errors(member), exclude=_DERIVED_FIELDS)
    member.save()
    changes = field_changes(before, member, PARTY_MEMBER_FIELDS)
    if changes:
        record_event(
            branch=member.branch,
            actor=actor,
            kind="party_member_changed",
            summary=_("Party member %(name)s changed") % {"name": member.full_name},
            changes=changes,
            party_member=member,
        )
    return member
