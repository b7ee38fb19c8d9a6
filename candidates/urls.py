from django.urls import include, path

from . import views

app_name = "candidates"
urlpatterns = [
    path("candidates/", views.candidate_list, name="list"),
    path("candidates/export.xlsx", views.candidate_export, name="export"),
    path("candidates/pending/", views.pending_list, name="pending"),
    path("candidates/<int:pk>/", views.candidate_detail, name="detail"),
    path("candidates/<int:pk>/accept/", views.candidate_accept, name="accept"),
    path("candidates/<int:pk>/decline/", views.candidate_decline, name="decline"),
    path("candidates/<int:pk>/planned-vote/", views.candidate_plan_vote, name="plan_vote"),
    path("students/<int:student_pk>/nominate/", views.nominate, name="nominate"),
    path("", include("candidates.urls_people")),
    path("", include("candidates.urls_import")),
]
