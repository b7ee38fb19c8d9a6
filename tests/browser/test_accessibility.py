"""axe-core (npm, from node_modules) finds nothing serious or critical on the main pages, at
390 px and at 1366 px, and no page scrolls sideways on the phone.

One browser context per width visits every page in turn: the login page, then the demo branch as
its secretary. On the candidate pages every folded step form is opened before the check, so the
forms are checked too; two forms are checked again once refused."""

from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from candidates.models import AwarenessCourse, Candidate, Student

from .conftest import AXE, axe_problems, new_page
from .test_login_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The stages whose candidate page is checked, each with the step forms open at that stage.
STAGES = [
    Candidate.Stage.NOMINATED,
    Candidate.Stage.SOURCE,
    Candidate.Stage.AWARENESS,
    Candidate.Stage.DOSSIER,
    Candidate.Stage.RESOLVED,
    Candidate.Stage.PROBATIONARY,
    Candidate.Stage.EXITED,
]


def main_pages():
    """The secretary's pages that axe checks on the demo branch, by name: (name, path)."""
    candidates = [Candidate.objects.filter(stage=stage).first() for stage in STAGES]
    assert all(candidates), "the demo has a candidate at every stage checked"
    newcomer = Student.objects.filter(candidacies__isnull=True).first()
    pages = [
        reverse("home"),
        reverse("candidates:list"),
        reverse("candidates:nominate", args=[newcomer.pk]),
        reverse("candidates:pending"),
        reverse("candidates:meeting_create") + "?purpose=admission",
        reverse("candidates:course_detail", args=[AwarenessCourse.objects.first().pk]),
        reverse("candidates:student_list"),
        reverse("reports:index"),
        reverse("reports:draft", args=["progress"]),
        reverse("reports:wording"),
        reverse("branch_settings"),
        reverse("candidates:rule_settings"),
        reverse("candidates:retention"),
        reverse("user_list"),
    ]
    stages = [
        (f"candidate, {c.stage}", reverse("candidates:detail", args=[c.pk])) for c in candidates
    ]
    return [(path, path) for path in pages] + stages


def refused_forms():
    """Forms sent empty, checked as refused (the message on top, the fields marked): (name, path,
    the form's container)."""
    newcomer = Student.objects.filter(candidacies__isnull=True).first()
    candidate = Candidate.objects.filter(stage=Candidate.Stage.DOSSIER).first()
    return [
        ("nomination, refused", reverse("candidates:nominate", args=[newcomer.pk]), "main"),
        (
            "candidate, refused exit",
            reverse("candidates:detail", args=[candidate.pk]),
            "[data-testid=step-exit]",
        ),
    ]


def send_empty(page, container):
    """Open the form's card if it is folded, send the form as it is, wait for the refusal."""
    box = page.locator(container)
    if box.locator("summary").count():
        box.locator("summary").click()
    box.locator("form[method=post] button[type=submit]").last.click()
    page.locator(".alert-danger, .is-invalid").first.wait_for()


@pytest.mark.parametrize("width", [390, 1366])
def test_main_pages_have_no_serious_accessibility_violation(browser, live_server, width):
    assert AXE.exists(), "axe-core is not installed: `npm ci` (make test runs it)"
    call_command("seed_demo")
    context = new_page(browser, viewport={"width": width, "height": 844})
    page = next(context)
    problems = {}
    try:
        page.goto(f"{live_server.url}{reverse('login')}")
        problems["login"] = axe_problems(page)
        sign_in(page, live_server.url, "bithu")
        for name, path in main_pages():
            page.goto(live_server.url + path)
            problems[name] = axe_problems(page)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems[name].append("the page scrolls sideways")
        for name, path, container in refused_forms():
            page.goto(live_server.url + path)
            send_empty(page, container)
            problems[name] = axe_problems(page)
    finally:
        next(context, None)  # closes the context
    found = {name: lines for name, lines in problems.items() if lines}
    assert found == {}, "\n".join(
        f"{name}: {line}" for name, lines in found.items() for line in lines
    )


def test_the_roster_preview_has_no_serious_accessibility_violation(page, live_server, tmp_path):
    """The preview's confirm box once sat on a light grey that left its grey "Chọn tệp khác"
    button below 4.5:1 (seen by the journey test)."""
    call_command("seed_demo")
    book = openpyxl.Workbook()
    book.active.title = "12A1"
    book.active.append(["Mã định danh", "Họ và tên", "Ngày sinh", "Giới tính"])
    book.active.append(["AX0000001", "Đặng Thu Hà", date(2009, 3, 14), "Nữ"])
    book.save(tmp_path / "12a1.xlsx")
    sign_in(page, live_server.url, "bithu")
    page.goto(live_server.url + reverse("candidates:roster_import"))
    page.locator("input[type=file]").set_input_files(tmp_path / "12a1.xlsx")
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("button", name="Nhập", exact=True)).to_be_visible()
    problems = {}
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 844})
        problems[width] = axe_problems(page)
    assert problems == {390: [], 1366: []}
