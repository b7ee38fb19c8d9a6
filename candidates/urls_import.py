from django.urls import path

from . import imports

urlpatterns = [
    path("import/roster/", imports.roster_import, name="roster_import"),
    path("import/roster/preview/", imports.roster_preview, name="roster_preview"),
    path("import/roster/confirm/", imports.roster_confirm, name="roster_confirm"),
    path("import/roster/problems.xlsx", imports.roster_problems, name="roster_problems"),
]
