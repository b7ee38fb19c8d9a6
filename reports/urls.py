from django.urls import include, path, register_converter

from . import views


class FormatConverter:
    regex = "pdf|xlsx|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the documents' "<kind>/": the papers' wording (reports.wording_views).
    path("wording/", include("reports.wording_urls")),
    path("register/", views.register, name="register"),
    path("register/<int:pk>.<fmt:fmt>", views.issued_file, name="issued_file"),
    path("meetings/<int:pk>/<slug:kind>.<fmt:fmt>", views.meeting_paper, name="meeting_paper"),
    path(
        "meetings/<int:pk>/<slug:kind>/<int:candidate>.<fmt:fmt>",
        views.meeting_paper,
        name="meeting_paper",
    ),
    path(
        "meetings/<int:pk>/<slug:kind>/issue/",
        views.meeting_paper_issue,
        name="meeting_paper_issue",
    ),
    path(
        "meetings/<int:pk>/<slug:kind>/<int:candidate>/issue/",
        views.meeting_paper_issue,
        name="meeting_paper_issue",
    ),
    path(
        "candidates/<int:pk>/<slug:kind>.<fmt:fmt>", views.candidate_paper, name="candidate_paper"
    ),
    path(
        "candidates/<int:pk>/<slug:kind>/issue/",
        views.candidate_paper_issue,
        name="candidate_paper_issue",
    ),
    path("<slug:kind>/", views.draft, name="draft"),
    path("<slug:kind>/draft.<fmt:fmt>", views.draft_file, name="draft_file"),
    path("<slug:kind>/save/", views.save, name="save"),
    path("<slug:kind>/issue/", views.issue, name="issue"),
]
