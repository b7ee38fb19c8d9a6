"""Loaders for the candidates app: one per object type, holding who may see or change it.

Outside the user's branch or scope (another class, a non-mentee): 404. Inside it but without
the right for `action`: 403. Views never query these models by primary key themselves.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership

from .models import Candidate, PartyMember, SchoolClass, Student

Role = Membership.Role
VIEW, NOMINATE, EDIT, DECIDE = "view", "nominate", "edit", "decide"


def students_visible_to(scope, user):
    """All students of the branch for the committee and the Youth Union; own classes otherwise."""
    if scope.branch is None:
        return Student.objects.none()
    qs = Student.objects.filter(branch=scope.branch)
    if scope.has(Role.SECRETARY, Role.COMMITTEE, Role.YOUTH_UNION):
        return qs
    if scope.has(Role.HOMEROOM):
        return qs.filter(school_class__homeroom_teacher=user)
    return qs.none()


def can_nominate(scope, user, student) -> bool:
    if scope.has(Role.SECRETARY, Role.COMMITTEE, Role.YOUTH_UNION):
        return True
    return scope.has(Role.HOMEROOM) and student.school_class.homeroom_teacher_id == user.pk


def _outside_scope(obj, scope):
    return scope.branch is None or obj.branch_id != scope.branch.pk


def get_student_for(request, pk, action=VIEW):
    """A student the user may see; `edit` is for the committee only, `nominate` per role."""
    scope, user = request.scope, request.user
    try:
        student = students_visible_to(scope, user).select_related("school_class").get(pk=pk)
    except Student.DoesNotExist:
        raise Http404 from None
    if action == EDIT and not scope.is_manager:
        raise PermissionDenied
    if action == NOMINATE and not can_nominate(scope, user, student):
        raise PermissionDenied
    return student


def get_candidate_for(request, pk, action=VIEW):
    """A candidacy the user may see; `decide` (accept, decline, edit) is for the committee."""
    scope, user = request.scope, request.user
    qs = Candidate.objects.visible_to(scope, user).select_related(
        "student__school_class__homeroom_teacher"
    )
    try:
        candidate = qs.get(pk=pk)
    except Candidate.DoesNotExist:
        raise Http404 from None
    if action in (DECIDE, EDIT) and not scope.is_manager:
        raise PermissionDenied
    return candidate


def get_class_for(request, pk, action=VIEW):
    """Classes are managed by the committee; a homeroom teacher may view their own."""
    scope, user = request.scope, request.user
    try:
        school_class = SchoolClass.objects.get(pk=pk)
    except SchoolClass.DoesNotExist:
        raise Http404 from None
    if _outside_scope(school_class, scope):
        raise Http404
    own = school_class.homeroom_teacher_id == user.pk
    if not (scope.is_manager or (action == VIEW and own)):
        raise PermissionDenied
    return school_class


def get_party_member_for(request, pk, action=VIEW):
    """Party members of the branch: the committee sees and edits them."""
    scope = request.scope
    try:
        member = PartyMember.objects.get(pk=pk)
    except PartyMember.DoesNotExist:
        raise Http404 from None
    if _outside_scope(member, scope):
        raise Http404
    if not scope.is_manager:
        raise PermissionDenied
    return member
