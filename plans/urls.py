from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_current, name="current"),
    path("<int:year>/", views.plan_detail, name="detail"),
    path("<int:year>/edit/", views.plan_edit, name="edit"),
    path("<int:year>/next/", views.plan_next, name="next"),
]
