from django.contrib import admin
from django.urls import include, path

from plans.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("accounts.urls")),
    path("", include("candidates.urls")),
    path("plan/", include("plans.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
