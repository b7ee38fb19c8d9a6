"""The batch pages: awareness courses and branch meetings (included in `candidates`)."""

from django.urls import path

from . import views_batch as views

urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/register/", views.course_register, name="course_register"),
    path("courses/<int:pk>/certificates/", views.course_certify, name="course_certify"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
]
