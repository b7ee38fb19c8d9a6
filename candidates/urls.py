from django.urls import path

from . import steps
from .views import (
    candidates,
    corrections,
    courses,
    meetings,
    people,
    retention,
    roster,
    settings,
)
from .views import steps as step_views

app_name = "candidates"
urlpatterns = [
    # Candidates: the list, the committee's answer to nominations, the candidate page.
    path("candidates/", candidates.candidate_list, name="list"),
    path("candidates/export.xlsx", candidates.candidate_export, name="export"),
    path("candidates/pending/", candidates.pending_list, name="pending"),
    path("candidates/<int:pk>/", candidates.candidate_detail, name="detail"),
    path("candidates/<int:pk>/accept/", candidates.candidate_accept, name="accept"),
    path("candidates/<int:pk>/decline/", candidates.candidate_decline, name="decline"),
    path("candidates/<int:pk>/planned-vote/", candidates.candidate_plan_vote, name="plan_vote"),
    path("students/<int:student_pk>/nominate/", candidates.nominate, name="nominate"),
    # The pipeline's steps on the candidate page: one URL per step of the registry.
    *[
        path(
            f"candidates/<int:pk>/{step.path}/",
            step_views.step_record,
            {"key": step.key},
            name=step.url_name.removeprefix(f"{app_name}:"),
        )
        for step in steps.CARDS
    ],
    path(
        "candidates/<int:pk>/mentor/<int:assignment_pk>/end/",
        step_views.mentor_end,
        name="step_mentor_end",
    ),
    path("candidates/<int:pk>/dossier/", step_views.dossier_item_set, name="step_dossier"),
    # The secretary's corrections of recorded steps, and an exit undone.
    path(
        "candidates/<int:pk>/correct/<str:kind>/<int:record_pk>/",
        corrections.step_correct,
        name="step_correct",
    ),
    path("candidates/<int:pk>/exit/undo/", corrections.exit_undo, name="exit_undo"),
    path(
        "candidates/<int:pk>/dossier/<int:item_pk>/scan/",
        step_views.dossier_scan,
        name="dossier_scan",
    ),
    # The mentors' side.
    path("mentees/", step_views.mentee_list, name="mentees"),
    path("candidates/<int:pk>/reviews/new/", step_views.review_write, name="review_write"),
    # Classes, students and Party members.
    path("classes/", people.class_list, name="class_list"),
    path("classes/new/", people.class_create, name="class_create"),
    path("classes/<int:pk>/", people.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", people.class_edit, name="class_edit"),
    path("students/", people.student_list, name="student_list"),
    path("students/new/", people.student_create, name="student_create"),
    path("students/<int:pk>/", people.student_detail, name="student_detail"),
    path("students/<int:pk>/edit/", people.student_edit, name="student_edit"),
    path("students/<int:pk>/data.xlsx", people.student_export, name="student_export"),
    path("students/<int:pk>/consent/", people.student_consent, name="student_consent"),
    path(
        "students/<int:pk>/consent/withdraw/",
        people.student_consent_withdraw,
        name="student_consent_withdraw",
    ),
    path("members/", people.member_list, name="member_list"),
    path("members/new/", people.member_create, name="member_create"),
    path("members/<int:pk>/edit/", people.member_edit, name="member_edit"),
    # Awareness courses and branch meetings, done for a batch at once.
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:pk>/register/", courses.course_register, name="course_register"),
    path("courses/<int:pk>/certificates/", courses.course_certify, name="course_certify"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/correct/", corrections.meeting_correct, name="meeting_correct"),
    # The roster import.
    path("import/roster/", roster.roster_import, name="roster_import"),
    path("import/roster/preview/", roster.roster_preview, name="roster_preview"),
    path("import/roster/confirm/", roster.roster_confirm, name="roster_confirm"),
    path("import/roster/problems.xlsx", roster.roster_problems, name="roster_problems"),
    # The branch's rule settings, days off, the closing of a school year, the dossier's forms.
    path("settings/", settings.rule_settings, name="rule_settings"),
    path("settings/days-off/", settings.day_off_add, name="day_off_add"),
    path("settings/days-off/<int:pk>/remove/", settings.day_off_remove, name="day_off_remove"),
    path("settings/school-year/close/", settings.school_year_close, name="school_year_close"),
    path("settings/retention/", retention.retention, name="retention"),
    path("settings/forms/", settings.form_lists, name="form_lists"),
    path("settings/forms/<int:pk>/", settings.form_list_detail, name="form_list_detail"),
    path(
        "settings/forms/<int:pk>/forms/<int:form_pk>/remove/",
        settings.form_list_remove_form,
        name="form_list_remove_form",
    ),
]
