from django.urls import include, path

from . import views, views_settings, views_steps

app_name = "candidates"
urlpatterns = [
    path("settings/", views_settings.rule_settings, name="rule_settings"),
    path("settings/days-off/", views_settings.day_off_add, name="day_off_add"),
    path(
        "settings/days-off/<int:pk>/remove/", views_settings.day_off_remove, name="day_off_remove"
    ),
    path("candidates/", views.candidate_list, name="list"),
    path("candidates/export.xlsx", views.candidate_export, name="export"),
    path("candidates/pending/", views.pending_list, name="pending"),
    path("candidates/<int:pk>/", views.candidate_detail, name="detail"),
    path("candidates/<int:pk>/accept/", views.candidate_accept, name="accept"),
    path("candidates/<int:pk>/decline/", views.candidate_decline, name="decline"),
    path("candidates/<int:pk>/planned-vote/", views.candidate_plan_vote, name="plan_vote"),
    path("students/<int:student_pk>/nominate/", views.nominate, name="nominate"),
    # The pipeline's steps on the candidate page (views_steps).
    path("candidates/<int:pk>/mentor/", views_steps.mentor_assign, name="step_mentor"),
    path(
        "candidates/<int:pk>/mentor/<int:assignment_pk>/end/",
        views_steps.mentor_end,
        name="step_mentor_end",
    ),
    path(
        "candidates/<int:pk>/introduction/",
        views_steps.introduction_record,
        name="step_introduction",
    ),
    path(
        "candidates/<int:pk>/youth-resolution/",
        views_steps.youth_resolution_record,
        name="step_youth_resolution",
    ),
    path("candidates/<int:pk>/dossier/", views_steps.dossier_item_set, name="step_dossier"),
    path(
        "candidates/<int:pk>/dossier/<int:item_pk>/scan/",
        views_steps.dossier_scan,
        name="dossier_scan",
    ),
    path(
        "candidates/<int:pk>/intermediate/",
        views_steps.intermediate_record,
        name="step_intermediate",
    ),
    path("candidates/<int:pk>/decision/", views_steps.decision_record, name="step_decision"),
    path("candidates/<int:pk>/ceremony/", views_steps.ceremony_record, name="step_ceremony"),
    path(
        "candidates/<int:pk>/recognition-decision/",
        views_steps.recognition_decision_record,
        name="step_recognition",
    ),
    path("candidates/<int:pk>/exit/", views_steps.candidate_exit, name="step_exit"),
    # The mentors' side.
    path("mentees/", views_steps.mentee_list, name="mentees"),
    path("candidates/<int:pk>/reviews/new/", views_steps.review_write, name="review_write"),
    path("", include("candidates.urls_people")),
    path("", include("candidates.urls_import")),
    path("", include("candidates.urls_batch")),
]
