"""The whole branch at work in one browser session, each role through its own pages (issue 15).

On the demo branch (its users, Party members, classes and plan are the fixed cast):

1. the secretary imports a roster of four new students of 12A1 and 12A2 (an .xlsx built here),
   previews it, applies it and sees the classes;
2. the Youth Union officer nominates a student of 12A2; the homeroom teacher of 12A1 recommends
   one of 12A1 and reaches no student of 12A2, by link or by typed URL;
3. the secretary takes both to the ceremony: acceptance, one awareness class, certificates,
   mentors, introductions (one blocked by R7 and forced, with its reason), the Youth Union's
   resolutions (one mistyped and corrected), the dossier with a scanned paper, ONE branch meeting
   for both, the decisions and the ceremonies;
4. the overview's count of admissions moves, and the secretary issues the progress report and
   reads back its PDF and Excel file;
5. the mentor writes a review of their mentee, and cannot open another candidate's review page.

Every page visited is checked at 1366 and 390 px: no sideways scrolling, nothing serious or
critical for axe-core; screenshots go to test-results/journey/ (ignored by git).

The steps are dated back from today, so the rules pass whatever the day: the students turn 18
well before the vote, every step follows the one before it, and the decisions fall in this
calendar year (the overview counts a decision in the year it is dated)."""

import io
import re
import shutil
import subprocess
from datetime import date, timedelta

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from candidates.models import Candidate, MentorReview, SchoolClass, Student
from candidates.rules import add_months
from demo.dates import workday_on_or_before
from tests.conftest import system_tool

from .conftest import AXE, axe_problems
from .test_login_flow import sign_in
from .test_nomination_flow import sign_out
from .test_pipeline_flow import (
    ceremony,
    choose,
    decision,
    dossier_papers,
    expect_recorded,
    fill_meeting,
    label,
    open_menu,
    step_card,
    vn,
    youth_union_resolution,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = settings.BASE_DIR / "test-results" / "journey"
WIDTHS = (1366, 390)

# The roster: code, name, gender, class, whether they came to the school this year.
HAN = "Trần Ngọc Bảo Hân"  # 12A1: recommended by her homeroom teacher
KHOI = "Lê Minh Khôi"  # 12A1
BAO = "Nguyễn Hoàng Gia Bảo"  # 12A2: nominated by the Youth Union; moved here five months ago
TRUC = "Phạm Thị Thanh Trúc"  # 12A2: out of reach of 12A1's homeroom teacher
ROSTER = [
    ("JN2600001", HAN, "Nữ", "12A1", False),
    ("JN2600002", KHOI, "Nam", "12A1", False),
    ("JN2600003", BAO, "Nam", "12A2", True),
    ("JN2600004", TRUC, "Nữ", "12A2", False),
]
HAN_MENTOR = "Võ Đình Khoa"  # dangvien
BAO_MENTOR = "Huỳnh Thị Lan"  # an official member of the demo branch since 2004
INTRODUCER = "Nguyễn Thị Minh Tâm"  # gvcn12a1, at the school since 2012
FORCE_REASON = "Em Bảo chuyển trường theo gia đình; đồng chí Tâm theo dõi em từ ngày nhập học"
CORRECTION_REASON = "Ghi nhầm ngày thông qua nghị quyết của BCH Đoàn"


@pytest.fixture
def dates():
    today = timezone.localdate()
    d = {"today": today}
    d["born"] = add_months(today, -222)  # 18 years and a half ago
    d["entered"] = add_months(today, -28)
    d["moved_in"] = add_months(today, -5)  # Bảo: too recent for R7
    d["youth_union"] = add_months(today, -26)  # at 16, the Youth Union's youngest age
    d["nominated"] = today - timedelta(days=120)
    d["accepted"] = today - timedelta(days=115)
    d["registered"] = today - timedelta(days=105)
    d["course"] = today - timedelta(days=100)
    d["certificate"] = today - timedelta(days=88)
    d["mentor"] = today - timedelta(days=85)
    d["introduced"] = today - timedelta(days=70)
    d["youth"] = today - timedelta(days=68)
    d["youth_mistyped"] = today - timedelta(days=66)
    d["papers"] = today - timedelta(days=60)
    d["vote"] = workday_on_or_before(today - timedelta(days=30))
    # Dated this calendar year, so that the overview counts them, however early in January.
    d["issued"] = max(d["vote"] + timedelta(days=14), date(today.year, 1, 1))
    d["received"] = min(d["issued"] + timedelta(days=2), today)
    d["ceremony"] = min(d["received"] + timedelta(days=5), today)
    assert d["born"] < d["entered"] < d["moved_in"] < d["nominated"]
    assert add_months(d["born"], 216) < d["vote"] <= d["issued"] <= d["ceremony"] <= today
    return d


class Walk:
    """The browser tab and what it saw: each page is checked and photographed at both widths."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.problems = []
        self.count = 0
        shutil.rmtree(SHOTS, ignore_errors=True)  # this run's pictures only
        SHOTS.mkdir(parents=True)

    def goto(self, path):
        response = self.page.goto(self.base + path)
        return response.status

    def look(self, name):
        """Check the page at 1366 and 390 px (sideways scrolling, axe-core) and photograph it."""
        page = self.page
        page.wait_for_load_state("load")
        self.count += 1
        for width in WIDTHS:  # photographed first: axe-core unfolds every <details>
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=SHOTS / f"{self.count:02d}-{name}-{width}.png", full_page=True)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                self.problems.append(f"{name} at {width} px: scrolls sideways ({scroll} px)")
            self.problems += [f"{name} at {width} px: {line}" for line in axe_problems(page)]
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_the_branch_takes_two_students_from_the_roster_to_the_ceremony(
    browser, live_server, dates, tmp_path
):
    assert AXE.exists(), "axe-core is not installed: `npm ci` (make test runs it)"
    call_command("seed_demo")
    context = browser.new_context(locale="vi-VN", viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    walk = Walk(page, live_server.url)
    try:
        sign_in(page, walk.base, "bithu")
        walk.look("overview-before")
        before = forecast_line(page)

        import_the_roster(walk, dates, tmp_path)
        sign_out(page, walk.base)

        sign_in(page, walk.base, "doantruong")
        bao = nominate(walk, BAO, dates, "Bí thư Chi đoàn 12A2, giải nhì Olympic Tin học thành phố")
        sign_out(page, walk.base)

        sign_in(page, walk.base, "gvcn12a1")
        han = nominate(walk, HAN, dates, "Lớp trưởng 12A1, học sinh giỏi ba năm liền")
        the_teacher_cannot_reach_12a2(walk)
        sign_out(page, walk.base)

        sign_in(page, walk.base, "bithu")
        accept(walk, [HAN, BAO], dates)
        awareness_class(walk, [HAN, BAO], dates)
        prepare(walk, han, HAN, dates, mentor=HAN_MENTOR, forced=False)
        prepare(walk, bao, BAO, dates, mentor=BAO_MENTOR, forced=True)
        one_meeting_for_both(walk, dates)
        for url, number in ((han, "301-QĐ/ĐU"), (bao, "302-QĐ/ĐU")):
            page.goto(url)
            decision(page, dates, number)
            ceremony(page, dates)
            expect(page.locator("h1 + .badge")).to_have_text("Đảng viên dự bị")
        walk.look("candidate-probationary")
        the_secretary_corrects_the_youth_union_date(walk, han, dates)
        the_override_is_on_the_timeline(walk, bao)

        page.goto(walk.base + "/")
        walk.look("overview-after")
        after = forecast_line(page)
        assert after["target"] == before["target"]
        assert after["admitted"] == before["admitted"] + 2, (before, after)
        assert after["text"] != before["text"]

        issue_the_progress_report(walk)
        sign_out(page, walk.base)

        sign_in(page, walk.base, "dangvien")
        the_mentor_reviews_only_their_mentee(walk, han, bao, dates)
    finally:
        context.close()
    assert walk.problems == [], "\n".join(walk.problems)


# --- 1. the roster ----------------------------------------------------------------------------


def roster_file(path, school_year, dates):
    """A roster as the school system exports it: a title, a header, one sheet per class."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for class_name in ("12A1", "12A2"):
        sheet = book.create_sheet(class_name)
        sheet.append(["SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG"])
        sheet.append([f"DANH SÁCH HỌC SINH LỚP {class_name} — NĂM HỌC {school_year}"])
        sheet.append([])
        sheet.append(
            ["STT", "Mã định danh", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào trường",
             "Ngày vào Đoàn", "Học lực", "Hạnh kiểm"]
        )  # fmt: skip
        rows = [r for r in ROSTER if r[3] == class_name]
        for number, (code, name, gender, _class, moved) in enumerate(rows, start=1):
            entered = dates["moved_in"] if moved else dates["entered"]
            sheet.append(
                [number, code, name, dates["born"], gender, entered, dates["youth_union"],
                 "Tốt", "Tốt"]
            )  # fmt: skip
    book.save(path)
    return path


def import_the_roster(walk, dates, tmp_path):
    page = walk.page
    school_year = SchoolClass.objects.filter(name="12A1").order_by("-school_year")[0].school_year
    path = roster_file(tmp_path / "danh-sach-12.xlsx", school_year, dates)
    open_menu(page, "Nhập danh sách lớp", "Danh mục")
    walk.look("roster-upload")
    page.get_by_label(label("Tệp danh sách lớp (.xlsx)")).set_input_files(path)
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem trước danh sách lớp")
    counts = page.get_by_test_id("roster-counts")
    expect(counts).to_contain_text("4")
    for _code, name, *_ in ROSTER:
        expect(page.get_by_role("row").filter(has_text=name)).to_have_count(1)
    walk.look("roster-preview")
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="4 học sinh")).to_be_visible()
    assert Student.objects.filter(student_code__startswith="JN26").count() == 4

    open_menu(page, "Lớp học", "Danh mục")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lớp học")
    walk.look("classes")
    row = (
        page.get_by_role("row")
        .filter(has_text=school_year)
        .filter(has=page.get_by_test_id("class-name").filter(has_text=re.compile(r"^12A1$")))
    )
    expect(row).to_contain_text("Nguyễn Thị Minh Tâm")
    row.get_by_test_id("class-name").click()
    for name in (HAN, KHOI):
        expect(page.get_by_text(name)).to_be_visible()
    walk.look("class-12A1")


# --- 2. nominations ---------------------------------------------------------------------------


def find_student(page, name):
    """The students page, searched by the name typed without accents; the student's row."""
    page.get_by_test_id("main-nav").get_by_role("link", name="Học sinh").click()
    page.get_by_role("searchbox").fill(Student.objects.get(full_name=name).search_name)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))  # the search's own page, not the list before it
    return page.get_by_role("row").filter(has_text=name)


def nominate(walk, name, dates, achievements):
    page = walk.page
    find_student(page, name).get_by_test_id("nominate").click()  # "Giới thiệu", "Đề xuất"…
    page.get_by_label(label("Ngày được giới thiệu")).fill(vn(dates["nominated"]))
    page.get_by_label(label("Thành tích")).fill(achievements)
    walk.look(f"nominate-{Student.objects.get(full_name=name).student_code}")
    page.get_by_role("button", name="Gửi Chi ủy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("h1 + .badge")).to_have_text("Được giới thiệu")
    walk.look(f"candidate-{Student.objects.get(full_name=name).student_code}-nominated")
    return page.url


def the_teacher_cannot_reach_12a2(walk):
    """No link to a student of 12A2 on the students page; typed URLs answer 403 or 404."""
    page = walk.page
    expect(find_student(page, TRUC)).to_have_count(0)
    walk.look("students-as-homeroom-teacher")
    truc = Student.objects.get(full_name=TRUC)
    expect(page.locator(f'a[href*="/students/{truc.pk}/"]')).to_have_count(0)
    for path in (
        reverse("candidates:student_detail", args=[truc.pk]),
        reverse("candidates:nominate", args=[truc.pk]),
    ):
        assert walk.goto(path) in (403, 404), path
    bao = Candidate.objects.get(student__full_name=BAO)
    assert walk.goto(reverse("candidates:detail", args=[bao.pk])) in (403, 404)


# --- 3. the secretary's steps -----------------------------------------------------------------


def accept(walk, names, dates):
    page = walk.page
    page.get_by_test_id("main-nav").get_by_role("link", name="Cần xử lý").click()
    walk.look("pending")
    for name in names:
        card = page.get_by_test_id("pending-candidate").filter(has_text=name)
        card.get_by_label("Ngày đưa vào nguồn").fill(vn(dates["accepted"]))
        card.get_by_role("button", name="Đưa vào danh sách quần chúng ưu tú").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        expect(page.get_by_test_id("pending-candidate").filter(has_text=name)).to_have_count(0)


def awareness_class(walk, names, dates):
    """One course, both registered, both certificates."""
    page = walk.page
    open_menu(page, "Lớp nhận thức về Đảng")
    page.get_by_role("link", name="Thêm lớp").click()
    page.get_by_label(label("Lớp bồi dưỡng")).fill("Lớp bồi dưỡng nhận thức về Đảng khóa 2")
    page.get_by_label(label("Đơn vị tổ chức")).fill("Trung tâm Chính trị phường An Hải")
    page.get_by_label(label("Ngày khai giảng")).fill(vn(dates["course"]))
    page.get_by_label(label("Ngày bế giảng")).fill(vn(dates["course"] + timedelta(days=7)))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("khóa 2")

    page.get_by_role("link", name="Đăng ký học").click()
    for name in names:
        page.get_by_label(name).check()
    page.get_by_label(label("Ngày đăng ký")).fill(vn(dates["registered"]))
    walk.look("course-register")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    for name in names:
        expect(page.get_by_test_id("attendee").filter(has_text=name)).to_be_visible()

    page.get_by_role("link", name="Ghi giấy chứng nhận").click()
    for number, name in enumerate(names, start=201):
        row = page.get_by_test_id("certificate-row").filter(has_text=name)
        row.get_by_label(label("Số giấy chứng nhận")).fill(f"{number}/GCN-TTCT")
        row.get_by_label(label("Ngày cấp giấy chứng nhận")).fill(vn(dates["certificate"]))
    walk.look("course-certificates")
    page.get_by_role("button", name="Lưu giấy chứng nhận").click()
    for number, name in enumerate(names, start=201):
        attendee = page.get_by_test_id("attendee").filter(has_text=name)
        expect(attendee.get_by_test_id("certificate")).to_contain_text(f"{number}/GCN-TTCT")
    walk.look("course")


def prepare(walk, url, name, dates, mentor, forced):
    """Mentor, introduction (forced past R7 for a newcomer), the Youth Union's resolution and
    the dossier, on the candidate page at `url`."""
    page = walk.page
    page.goto(url)
    expect(page.locator("h1 + .badge")).to_have_text("Học lớp nhận thức về Đảng")
    card = step_card(page, "step-mentor")
    choose(card.get_by_label(label("Đảng viên giúp đỡ")), mentor)
    card.get_by_label(label("Ngày phân công")).fill(vn(dates["mentor"]))
    card.get_by_label(label("Nghị quyết, quyết định phân công")).fill("Nghị quyết chi bộ tháng")
    card.get_by_role("button", name="Phân công").click()
    expect_recorded(page)

    card = step_card(page, "step-introduction")
    choose(card.get_by_label(label("Đảng viên giới thiệu")), INTRODUCER)
    card.get_by_label(label("Ngày giới thiệu")).fill(vn(dates["introduced"]))
    card.get_by_label(label("Phẩm chất chính trị: ưu điểm")).fill("Lập trường tư tưởng vững vàng.")
    card.get_by_role("button", name="Ghi nhận giấy giới thiệu").click()
    if forced:
        # R7: at the school with the introducer for less than 12 months. Refused, then forced.
        refused = page.get_by_test_id("refused")
        expect(refused).to_contain_text("(R7)")
        walk.look("introduction-refused")
        card = step_card(page, "step-introduction")
        card.get_by_label(label("Lý do Bí thư quyết định vượt quy định")).fill(FORCE_REASON)
        card.get_by_role("button", name="Ghi nhận giấy giới thiệu").click()
    expect_recorded(page)
    expect(page.get_by_test_id("introduction")).to_contain_text(INTRODUCER)

    youth = "youth_mistyped" if name == HAN else "youth"
    youth_union_resolution(page, {**dates, "youth": dates[youth]})
    dossier_papers(page, dates)
    if not forced:
        upload_a_scan(page, walk.base, dates)
        walk.look("candidate-dossier")


def upload_a_scan(page, base, dates):
    """The application (1-KNĐ) again, with its scan: a real small PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(buffer, format="PNG")
    row = page.locator('[data-testid="dossier-row"][data-code="1-KNĐ"]')
    update = row.get_by_role("button", name="Cập nhật")
    form = page.locator(f"#{update.get_attribute('aria-controls')}")
    update.click()
    expect(form).to_be_visible()
    form.get_by_label(label("Tình trạng")).select_option(label="Đã nhận")
    form.get_by_label(label("Ngày của văn bản")).fill(vn(dates["papers"]))
    form.get_by_label(label("Bản quét")).set_input_files(
        {"name": "don-xin-vao-dang.png", "mimeType": "image/png", "buffer": buffer.getvalue()}
    )
    form.get_by_role("button", name="Lưu").click()
    expect_recorded(page)
    row = page.locator('[data-testid="dossier-row"][data-code="1-KNĐ"]')
    link = row.get_by_test_id("scan-link")
    expect(link).to_be_visible()
    scan = page.request.get(base + link.get_attribute("href"))
    assert scan.status == 200
    assert scan.body() == buffer.getvalue()


def one_meeting_for_both(walk, dates):
    page = walk.page
    open_menu(page, "Họp chi bộ")
    page.get_by_role("link", name="Ghi họp chi bộ xét kết nạp").click()
    official, rows = fill_meeting(page, dates["vote"], names=(HAN, BAO))
    for row in rows:
        expect(row.get_by_test_id("no-finding")).to_be_visible()
    walk.look("meeting-form")
    page.get_by_role("button", name="Lưu cuộc họp").click()
    message = f"Đã ghi nhận cuộc họp chi bộ ngày {vn(dates['vote'])}."
    expect(page.get_by_role("alert").filter(has_text=message)).to_be_visible()
    for name in (HAN, BAO):
        vote = page.get_by_test_id("vote").filter(has_text=name)
        expect(vote.get_by_test_id("passed")).to_have_text("Đạt")
    walk.look("meeting")


def the_secretary_corrects_the_youth_union_date(walk, url, dates):
    page = walk.page
    page.goto(url)
    page.get_by_test_id("youth-resolution").get_by_test_id("correct-link").click()
    card = page.get_by_test_id("correction")
    field = card.get_by_label(label("Ngày thông qua"))
    expect(field).to_have_value(vn(dates["youth_mistyped"]))
    field.fill(vn(dates["youth"]))
    card.get_by_label(label("Lý do đính chính")).fill(CORRECTION_REASON)
    walk.look("correction-form")
    card.get_by_role("button", name="Ghi nhận đính chính").click()
    expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận đính chính.")).to_be_visible()
    expect(page.get_by_test_id("youth-resolution")).to_contain_text(vn(dates["youth"]))
    page.get_by_test_id("older-events").locator("summary").click()
    correction = page.locator('[data-testid="event"][data-kind="correction"]')
    expect(correction).to_contain_text(f"{vn(dates['youth_mistyped'])} → {vn(dates['youth'])}")
    expect(correction).to_contain_text(CORRECTION_REASON)
    walk.look("candidate-corrected")


def the_override_is_on_the_timeline(walk, url):
    page = walk.page
    page.goto(url)
    page.get_by_test_id("older-events").locator("summary").click()
    override = page.locator('[data-testid="event"][data-kind="override"]')
    expect(override).to_have_count(1)
    expect(override).to_contain_text("R7")
    expect(override.get_by_test_id("override-reason")).to_contain_text(FORCE_REASON)
    walk.look("candidate-overridden")


# --- 4. the overview and the report -----------------------------------------------------------


def forecast_line(page):
    text = " ".join(page.get_by_test_id("forecast-line").inner_text().split())
    found = re.search(r"Đã kết nạp (\d+)/(\d+)", text)
    assert found, text
    return {"admitted": int(found[1]), "target": int(found[2]), "text": text}


def issue_the_progress_report(walk):
    page = walk.page
    page.get_by_test_id("main-nav").get_by_role("link", name="Báo cáo").click()
    walk.look("reports")
    page.get_by_test_id("kind-progress").click()
    expect(page.get_by_test_id("issue")).to_be_visible()
    walk.look("report-draft")
    page.get_by_test_id("issue").click()
    expect(page.get_by_role("alert").filter(has_text="Đã ban hành")).to_be_visible()
    walk.look("register")
    issued = page.get_by_test_id("issued").first
    pdf = page.request.get(walk.base + issued.get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    with page.expect_download() as download:
        issued.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    xlsx = io.BytesIO(download.value.path().read_bytes())

    pdftotext = system_tool("pdftotext")
    text = subprocess.run(
        [pdftotext, "-layout", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    cells = " ".join(
        str(cell)
        for sheet in openpyxl.load_workbook(xlsx, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    for content in (text, cells):
        assert "BÁO CÁO" in content.upper(), content[:500]
        for name in (HAN, BAO):
            assert name in content, (name, content[:2000])


# --- 5. the mentor ----------------------------------------------------------------------------


def the_mentor_reviews_only_their_mentee(walk, han, bao, dates):
    page = walk.page
    page.get_by_test_id("main-nav").get_by_role("link", name="Người tôi giúp đỡ").click()
    walk.look("mentees")
    expect(page.get_by_test_id("mentee").filter(has_text=BAO)).to_have_count(0)
    mentee = page.get_by_test_id("mentee").filter(has_text=HAN)
    mentee.get_by_role("link", name="Viết nhận xét").click()
    page.get_by_label(label("Nhận xét")).fill("Em tích cực học tập, gương mẫu trong lớp.")
    walk.look("review")
    page.get_by_role("button", name="Lưu nhận xét").click()
    expect(
        page.get_by_role("alert").filter(has_text="Đã lưu bản nhận xét của đồng chí.")
    ).to_be_visible()
    assert MentorReview.objects.filter(assignment__candidate__student__full_name=HAN).count() == 1
    bao_pk = re.search(r"/candidates/(\d+)/", bao)[1]
    assert walk.goto(reverse("candidates:review_write", args=[bao_pk])) in (403, 404)
    assert not MentorReview.objects.filter(assignment__candidate__student__full_name=BAO)
