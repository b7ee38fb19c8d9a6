"""The URLs of the papers' wording, inside the reports' namespace (reports.urls)."""

from django.urls import path

from . import wording_views

urlpatterns = [
    path("", wording_views.wording, name="wording"),
    path("<slug:kind>/<slug:block>/", wording_views.wording_save, name="wording_save"),
    path(
        "<slug:kind>/<slug:block>/default/", wording_views.wording_default, name="wording_default"
    ),
]
