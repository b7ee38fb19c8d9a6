"""Every main page fits a 390 px phone without scrolling sideways (a table may scroll inside
its own box, its action column in sight), and the menu fits one line at 1366 px."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Branch, User
from candidates.models import AwarenessCourse, BranchMeeting, Candidate, SchoolClass
from reports.builders import Options
from reports.periods import period_of
from reports.services import document_issue

from .conftest import new_page
from .test_login_flow import open_as, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


def main_pages():
    """The secretary's main pages on the demo branch."""
    candidate = Candidate.objects.filter(stage=Candidate.Stage.DOSSIER).first()
    return [
        reverse("home"),
        reverse("candidates:list"),
        reverse("candidates:pending"),
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("candidates:student_list"),
        reverse("candidates:student_detail", args=[candidate.student_id]),
        reverse("candidates:member_list"),
        reverse("candidates:class_list"),
        reverse("candidates:class_detail", args=[SchoolClass.objects.first().pk]),
        reverse("candidates:course_list"),
        reverse("candidates:course_detail", args=[AwarenessCourse.objects.first().pk]),
        reverse("candidates:meeting_list"),
        reverse("candidates:meeting_detail", args=[BranchMeeting.objects.first().pk]),
        reverse("candidates:meeting_create") + "?purpose=admission",
        reverse("plans:current"),
        reverse("candidates:roster_import"),
        reverse("candidates:rule_settings"),
        reverse("user_list"),
        reverse("branch_settings"),
        reverse("reports:wording"),
    ]


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_no_main_page_scrolls_sideways_on_a_phone(phone, live_server):
    call_command("seed_demo")
    sign_in(phone, live_server.url, "bithu")
    wide = {}
    for path in main_pages():
        phone.goto(live_server.url + path)
        if overflow(phone) > PHONE:
            wide[path] = overflow(phone)
    assert wide == {}


def test_the_mentors_page_fits_a_phone(phone, live_server):
    open_as(phone, live_server, "dangvien", reverse("candidates:mentees"))
    assert overflow(phone) <= PHONE


def test_the_nominate_button_is_in_sight_on_a_phone(phone, live_server):
    open_as(phone, live_server, "doantruong", reverse("candidates:student_list"))
    button = phone.get_by_test_id("nominate").first
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE


@pytest.fixture
def desktop(browser):
    yield from new_page(browser, viewport={"width": 1366, "height": 800})


LONG_NAME = "CHI BỘ TRƯỜNG TRUNG HỌC PHỔ THÔNG CHUYÊN LÊ QUÝ ĐÔN - HUYỆN ĐẢO PHÚ QUÝ"


def test_a_long_branch_name_is_cut_not_scrolled_on_a_phone(phone, live_server):
    call_command("seed_demo")
    Branch.objects.update(name=LONG_NAME)
    sign_in(phone, live_server.url, "bithu")
    assert overflow(phone) <= PHONE
    assert phone.get_by_test_id("branch-name").get_attribute("title") == LONG_NAME


@pytest.mark.parametrize("long_name", [False, True])
def test_the_secretarys_menu_fits_one_line_at_1366_px(desktop, live_server, long_name):
    call_command("seed_demo")
    if long_name:
        Branch.objects.update(name=LONG_NAME)
    sign_in(desktop, live_server.url, "bithu")
    assert overflow(desktop) <= 1366
    brand = desktop.get_by_test_id("branch-name").bounding_box()
    assert brand["height"] < 20  # one line of the branch's name
    links = desktop.get_by_test_id("main-nav").locator("a.nav-link").all()
    tops = {round(link.bounding_box()["y"]) for link in links}
    assert len(tops) == 1  # every entry on the same line


def test_the_registers_download_links_are_in_sight_on_a_phone(phone, live_server):
    """The files column stays at the right while the register's table scrolls in its box (the
    journey test's screenshot showed the links off the screen)."""
    call_command("seed_demo")
    secretary = User.objects.get(username="bithu")
    today = timezone.localdate()
    options = Options(period=period_of(today.year), on=today, sensitive=True)
    document_issue(branch=secretary.memberships.first().branch, actor=secretary,
                   kind="progress", options=options)  # fmt: skip
    sign_in(phone, live_server.url, "bithu")
    phone.goto(live_server.url + reverse("reports:register"))
    assert overflow(phone) <= PHONE
    for name in ("PDF", "Excel"):
        box = phone.get_by_role("link", name=name, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE, name
