"""Loaders for the candidates app: one per object type, holding who may see or change it.

Outside the user's branch or scope (another class, a non-mentee): 404. Inside it but without
the right for `action`: 403. Views never query these models by primary key themselves.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import get_in_branch
from accounts.models import Membership

from . import dossier
from .models import (
    AwarenessCourse,
    BranchMeeting,
    Candidate,
    DayOff,
    DossierForm,
    DossierFormList,
    DossierItem,
    MentorAssignment,
    PartyMember,
    SchoolClass,
    Student,
)

Role = Membership.Role
VIEW, NOMINATE, EDIT, DECIDE = "view", "nominate", "edit", "decide"


def students_visible_to(scope, user):
    """All students of the branch for the committee and the Youth Union; own classes otherwise."""
    if scope.branch is None:
        return Student.objects.none()
    qs = Student.objects.filter(branch=scope.branch)
    if scope.sees_whole_branch:
        return qs
    if scope.has(Role.HOMEROOM):
        return qs.filter(school_class__homeroom_teacher=user)
    return qs.none()


def can_nominate(scope, user, student) -> bool:
    if scope.sees_whole_branch:
        return True
    return scope.has(Role.HOMEROOM) and student.school_class.homeroom_teacher_id == user.pk


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
    """A candidacy the user may see; `decide` (accept, decline, edit, the pipeline's steps) is
    for the committee, `youth_resolution` for the committee and the Youth Union's officers."""
    scope, user = request.scope, request.user
    qs = Candidate.objects.visible_to(scope, user).select_related(
        "branch__committee", "student__school_class__homeroom_teacher"
    )
    try:
        candidate = qs.get(pk=pk)
    except Candidate.DoesNotExist:
        raise Http404 from None
    if action in (DECIDE, EDIT) and not scope.is_manager:
        raise PermissionDenied
    return candidate


def get_scan_for(request, pk, item_pk):
    """A scanned dossier paper: the committee only (a visible candidate otherwise gives 403)."""
    candidate = get_candidate_for(request, pk, DECIDE)
    item = DossierItem.objects.filter(candidate=candidate, pk=item_pk).exclude(scan="").first()
    if item is None:
        raise Http404
    return item


def get_mentor_assignment_for(candidate, pk):
    """An active mentor assignment of a candidate already loaded for the committee, or 404."""
    try:
        return candidate.mentors.get(pk=pk, ended_on__isnull=True)
    except MentorAssignment.DoesNotExist:
        raise Http404 from None


def mentor_assignments_of(scope, user):
    """The active assignments in which the user's Party member record helps a candidate."""
    if scope.branch is None:
        return MentorAssignment.objects.none()
    return MentorAssignment.objects.filter(
        candidate__branch=scope.branch, member__user=user, ended_on__isnull=True
    )


def get_assignment_for(request, pk):
    """The user's own active mentoring of a candidate they may see: others get 403."""
    candidate = get_candidate_for(request, pk)
    assignment = (
        mentor_assignments_of(request.scope, request.user)
        .filter(candidate=candidate)
        .select_related("member")
        .order_by("-assigned_on", "-pk")
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    assignment.candidate = candidate
    return assignment


def _managed(request, queryset, pk):
    """An object only the committee works with: 404 outside the branch, 403 inside it."""
    obj = get_in_branch(request.scope, queryset, pk=pk)
    if not request.scope.is_manager:
        raise PermissionDenied
    return obj


def get_class_for(request, pk, action=VIEW):
    """Classes are managed by the committee; a homeroom teacher may view their own."""
    school_class = get_in_branch(request.scope, SchoolClass.objects.all(), pk=pk)
    own = school_class.homeroom_teacher_id == request.user.pk
    if not (request.scope.is_manager or (action == VIEW and own)):
        raise PermissionDenied
    return school_class


def get_party_member_for(request, pk, action=VIEW):
    """Party members of the branch: the committee sees and edits them."""
    return _managed(request, PartyMember.objects.all(), pk)


def get_course_for(request, pk):
    """An awareness course of the user's branch, for the committee."""
    return _managed(request, AwarenessCourse.objects.all(), pk)


def get_day_off_for(request, pk):
    """A day off of the user's branch, for the committee."""
    return _managed(request, DayOff.objects.all(), pk)


def get_form_list_for(request, pk):
    """A version of the dossier's forms the branch may use (the built-in ones and its own)."""
    try:
        return dossier.lists_of(request.scope.branch).get(pk=pk)
    except DossierFormList.DoesNotExist:
        raise Http404 from None


def get_dossier_form_for(form_list, pk):
    """A form of a version already loaded for the user, or 404."""
    try:
        return form_list.forms.get(pk=pk)
    except DossierForm.DoesNotExist:
        raise Http404 from None


def get_meeting_for(request, pk):
    """A branch meeting of the user's branch, for the committee."""
    meetings = BranchMeeting.objects.select_related("chair", "minutes_taker")
    return _managed(request, meetings, pk)
