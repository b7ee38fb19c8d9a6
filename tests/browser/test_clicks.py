"""How many clicks the secretary's common jobs take, counted in Chromium on the demo branch at
1366 px (on a phone the menu button adds one). The README's user section states these numbers;
the tests keep them from growing. Typing a date or a number is not a click."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from candidates import services
from candidates.models import AwarenessCourse, BranchMeeting, Candidate, PartyMember, SchoolClass
from reports.models import IssuedDocument
from tests.factories import StudentFactory

from .test_login_flow import sign_in
from .test_pipeline_flow import choose, label, open_menu, vn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Counts the user's own clicks (trusted events) in the tab, across page loads.
COUNTER = """
document.addEventListener("click", (event) => {
  if (event.isTrusted) {
    sessionStorage.setItem("ptdv-clicks", Number(sessionStorage.getItem("ptdv-clicks") || 0) + 1);
  }
}, true);
"""
# The jobs, as the README's user section states them.
CLICKS = {"accept": 2, "forecast": 0, "report": 2, "meeting": 4}  # meeting: + 1 per candidate


@pytest.fixture
def desk(browser, live_server):
    """The secretary at a desktop, signed in on the demo branch, the counter at zero."""
    call_command("seed_demo")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.add_init_script(COUNTER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "bithu")
    yield page
    context.close()


def clicks(page):
    return page.evaluate("Number(sessionStorage.getItem('ptdv-clicks') || 0)")


def start(page, url):
    page.goto(url)
    page.evaluate("sessionStorage.setItem('ptdv-clicks', 0)")


def test_accepting_a_nomination(desk, live_server):
    start(desk, live_server.url + "/")
    desk.get_by_test_id("main-nav").get_by_role("link", name="Cần xử lý").click()
    card = desk.get_by_test_id("pending-candidate").first
    name = card.locator("h2").inner_text()
    card.get_by_role("button", name="Đưa vào danh sách quần chúng ưu tú").click()
    expect(desk.get_by_role("alert").first).to_be_visible()
    assert Candidate.objects.get(student__full_name=name).stage == Candidate.Stage.SOURCE
    assert clicks(desk) == CLICKS["accept"]


def test_seeing_whether_the_target_will_be_reached(desk, live_server):
    start(desk, live_server.url + "/")
    line = desk.get_by_test_id("forecast-line").first
    expect(line).to_contain_text("Đã kết nạp")
    assert clicks(desk) == CLICKS["forecast"]


def test_issuing_the_progress_report(desk, live_server):
    start(desk, live_server.url + "/")
    desk.get_by_test_id("progress-report").click()
    desk.get_by_test_id("issue").click()
    expect(desk.get_by_role("alert").first).to_be_visible()
    assert IssuedDocument.objects.filter(kind="progress").count() == 1
    assert clicks(desk) == CLICKS["report"]


def ready_candidates(count, today):
    """`count` students of 12A1 taken through every step a vote needs, dated in the past."""
    secretary = User.objects.get(username="bithu")
    school_class = SchoolClass.objects.filter(name="12A1").order_by("-school_year").first()
    members = {m.full_name: m for m in PartyMember.objects.filter(branch=school_class.branch)}
    course = AwarenessCourse.objects.create(
        branch=school_class.branch,
        name="Lớp bồi dưỡng nhận thức về Đảng (đếm thao tác)",
        organiser="Trung tâm Chính trị phường An Hải",
        starts_on=today - timedelta(days=280),
    )
    names = []
    for i in range(count):
        student = StudentFactory(
            school_class=school_class,
            full_name=f"Học Sinh Sẵn Sàng {i + 1}",
            date_of_birth=today - timedelta(days=365 * 19),
            entered_school_on=today - timedelta(days=365 * 3),
            youth_union_joined_on=today - timedelta(days=365 * 4),
        )
        candidate = services.candidate_nominate(
            student=student, author=secretary, kind="committee", on=today - timedelta(days=300)
        )
        candidate = services.candidate_accept(
            candidate=candidate, actor=secretary, version=candidate.version,
            on=today - timedelta(days=299),
        )  # fmt: skip
        services.course_register(
            course=course, candidates=[candidate], actor=secretary, on=today - timedelta(days=285)
        )
        services.course_certify(
            attendance=candidate.attendances.get(), actor=secretary, number=f"{i + 1}/GCN",
            issued_on=today - timedelta(days=270), issuer="",
        )  # fmt: skip
        steps = [
            (services.candidate_assign_mentor, {"member": members["Võ Đình Khoa"],
                                                "assigned_on": today - timedelta(days=260)}),
            (services.candidate_introduce, {"member": members["Nguyễn Thị Minh Tâm"],
                                            "introduced_on": today - timedelta(days=100)}),
            (services.youth_resolution_record, {"number": f"{i + 1}-NQ/ĐTN",
                                                "adopted_on": today - timedelta(days=95),
                                                "committee_members": 9, "present": 9,
                                                "votes_for": 9}),
        ]  # fmt: skip
        for kind, body in (("organisation", "Chi đoàn 12A1"), ("residence", "Chi bộ khu dân cư")):
            steps.append(
                (services.consultation_record, {"kind": kind, "body": body, "asked": 10,
                                                "agreed": 10,
                                                "consulted_on": today - timedelta(days=90)})
            )  # fmt: skip
        for code, status in (("1-KNĐ", "received"), ("2-KNĐ", "verified"), ("5-KNĐ", "received")):
            steps.append(
                (services.dossier_item_set, {"code": code, "status": status,
                                             "dated_on": today - timedelta(days=90)})
            )  # fmt: skip
        for service, values in steps:
            candidate = Candidate.objects.get(pk=candidate.pk)
            service(candidate=candidate, actor=secretary, version=candidate.version, **values)
        names.append(student.full_name)
    return names


def test_recording_a_meeting_for_five_candidates(desk, live_server):
    today = timezone.localdate()
    names = ready_candidates(5, today)
    held_on = today - timedelta(days=30)
    start(desk, live_server.url + "/")
    open_menu(desk, "Họp chi bộ")
    desk.get_by_role("link", name="Ghi họp chi bộ xét kết nạp").click()
    desk.wait_for_load_state("load")
    desk.get_by_label(label("Ngày họp")).fill(vn(held_on))
    desk.get_by_label(label("Ngày họp")).press("Tab")
    roster = desk.get_by_test_id("roster")
    expect(roster).to_contain_text(vn(held_on))
    official = int(roster.get_attribute("data-official"))
    desk.get_by_label(label("Địa điểm")).fill("Phòng họp Hội đồng")
    desk.get_by_label(label("Bắt đầu lúc")).fill("14:00")
    desk.get_by_label(label("Kết thúc lúc")).fill("15:30")
    choose(desk.get_by_label(label("Chủ trì")), "Cao Thị Hoài Hương")
    choose(desk.get_by_label(label("Thư ký")), "Trần Văn Phúc")
    desk.get_by_label(label("Đảng viên chính thức có mặt")).fill(str(official))
    desk.get_by_label(label("Đảng viên dự bị có mặt")).fill(
        roster.get_attribute("data-probationary")
    )
    for name in names:
        row = desk.get_by_test_id("vote-row").filter(has_text=name)
        row.get_by_label(name).check()
        row.get_by_label(label("Số tán thành")).fill(str(official))
    desk.get_by_role("button", name="Lưu cuộc họp").click()
    expect(desk.get_by_role("alert").filter(has_text="Đã ghi nhận cuộc họp")).to_be_visible()
    meeting = BranchMeeting.objects.get(held_on=held_on)
    assert meeting.votes.filter(passed=True).count() == 5
    assert clicks(desk) == CLICKS["meeting"] + len(names)
