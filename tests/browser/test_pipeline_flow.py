"""The branch secretary takes one student from nomination to official membership, in the browser.

Only the fixtures are made with the ORM (the demo branch and an older student); every step of
the pipeline goes through the pages, as the secretary `bithu` works. The steps are dated in the
past, counted back from today, so that the 12 months of probation are over by now:

    18th birthday   today - 18 months (the student was born 19½ years ago)
    awareness class today - 22 months, certificate at 21 months
    mentor, introduction, Youth Union resolution, dossier papers: 21 to 20 months ago
    branch meeting  today - 19 months is refused (R1: not yet 18); today - 14 months passes
    decision        two weeks later; ceremony ten days after receiving it (about 13 months ago)
    recognition     three days after ceremony + 12 months; its decision ten days later
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import BranchMeeting, Candidate, PartyMember, SchoolClass
from candidates.rules import add_months
from tests.factories import StudentFactory

from .test_login_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUDENT_NAME = "Phan Thanh Hải Đăng"
COURSE_NAME = "Lớp bồi dưỡng nhận thức về Đảng khóa 1"
ORGANISER = "Trung tâm Chính trị phường An Hải"
INTRODUCER = "Nguyễn Thị Minh Tâm"  # gvcn12a1: official since 2013, at the school since 2012
MENTOR = "Võ Đình Khoa"  # dangvien: official since 2016
CHAIR = "Cao Thị Hoài Hương"  # bithu
MINUTES_TAKER = "Trần Văn Phúc"  # chiuy
ABSENT = "Hồ Sĩ Tùng"  # an official member of the demo branch since 2021
PAPERS = [  # the dossier papers recorded by hand; 3-KNĐ, 4-KNĐ and the certificate come alone
    ("1-KNĐ", "Đã nhận"),
    ("2-KNĐ", "Đã thẩm tra"),
    ("5-KNĐ", "Đã nhận"),
    ("5B-KNĐ", "Đã nhận"),
    ("5C-KNĐ", "Đã nhận"),
]


def vn(day):
    """A date as the pages print it and as it is typed."""
    return day.strftime("%d/%m/%Y")


def label(text):
    """A field's label exactly, with or without crispy's asterisk of a required field."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def choose(select, text):
    """Pick the option of a <select> whose text contains `text` (labels carry more words)."""
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def open_menu(page, item, group="Công việc chi bộ"):
    """Open an entry of a dropdown of the main navigation ("Công việc chi bộ" unless told)."""
    nav = page.get_by_test_id("main-nav")
    nav.get_by_role("button", name=group).click()
    nav.get_by_role("link", name=item).click()


def expect_recorded(page):
    expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận.")).to_be_visible()


def step_card(page, anchor):
    """One step's card of the candidate page ("step-mentor", "step-decision", …), unfolded."""
    card = page.get_by_test_id(anchor)
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    expect(card.locator("form")).to_be_visible()
    return card


@pytest.fixture
def dates():
    today = timezone.localdate()
    d = {"today": today}
    d["born"] = add_months(today, -234)  # 19½ years ago
    d["adult"] = add_months(d["born"], 216)  # 18 months ago
    d["course"] = add_months(today, -22)
    d["registered"] = d["course"] - timedelta(days=5)
    d["nominated"] = d["registered"] - timedelta(days=30)
    d["accepted"] = d["registered"] - timedelta(days=20)
    d["certificate"] = add_months(today, -21)
    d["mentor"] = d["certificate"] + timedelta(days=7)
    d["introduced"] = add_months(today, -20)
    d["youth"] = d["introduced"] + timedelta(days=3)
    d["papers"] = d["introduced"] + timedelta(days=10)
    d["too_young"] = add_months(today, -19)
    d["vote"] = add_months(today, -14)
    d["issued"] = d["vote"] + timedelta(days=14)
    d["received"] = d["issued"] + timedelta(days=3)
    d["ceremony"] = d["received"] + timedelta(days=10)
    d["official"] = add_months(d["ceremony"], 12)
    d["recognition"] = d["official"] + timedelta(days=3)
    d["recognition_decision"] = d["recognition"] + timedelta(days=10)
    # What the flow needs of the calendar: a refused date before the 18th birthday, every
    # paper before it, and a recognition meeting that is not in the future.
    assert d["papers"] < d["too_young"] < d["adult"] <= d["vote"]
    assert d["recognition_decision"] <= today
    return d


def test_secretary_takes_a_student_from_nomination_to_official_member(page, live_server, dates):
    call_command("seed_demo")
    school_class = SchoolClass.objects.get(name="12A1", branch__name__contains="QUANG TRUNG")
    StudentFactory(
        school_class=school_class,
        full_name=STUDENT_NAME,
        date_of_birth=dates["born"],
        entered_school_on=add_months(dates["today"], -36),
        youth_union_joined_on=add_months(dates["today"], -48),
        study_result="Tốt",
        conduct_result="Tốt",
    )
    base = live_server.url
    sign_in(page, base, "bithu")

    candidate_url = nominate_and_accept(page, base, dates)
    awareness_class(page, dates)
    page.goto(candidate_url)
    expect(page.locator("h1 + .badge")).to_have_text("Học lớp nhận thức về Đảng")
    assign_mentor(page, dates)
    introduce(page, dates)
    youth_union_resolution(page, dates)
    dossier_papers(page, dates)

    meetings_before = BranchMeeting.objects.count()
    refused_meeting_before_the_18th_birthday(page, dates)
    assert BranchMeeting.objects.count() == meetings_before
    assert Candidate.objects.get(student__full_name=STUDENT_NAME).stage == Candidate.Stage.DOSSIER
    branch_meeting(page, "Ghi họp chi bộ xét kết nạp", dates["vote"])

    page.goto(candidate_url)
    decision(page, dates)
    ceremony(page, dates)
    expect(page.locator("h1 + .badge")).to_have_text("Đảng viên dự bị")
    branch_meeting(page, "Ghi họp chi bộ xét công nhận đảng viên chính thức", dates["recognition"])

    page.goto(candidate_url)
    recognition_decision(page, dates)
    the_candidate_page_tells_the_whole_story(page, dates)
    the_secretary_corrects_the_ceremony_date(page, dates)


# --- the steps ------------------------------------------------------------------------------


def nominate_and_accept(page, base, dates):
    """Students → "Giới thiệu"; then "Cần xử lý" → accept, each on its own date. Returns the
    candidate page's URL."""
    page.get_by_test_id("main-nav").get_by_role("link", name="Học sinh").click()
    page.get_by_role("searchbox").fill("phan thanh hai dang")
    page.keyboard.press("Enter")
    row = page.get_by_role("row").filter(has_text=STUDENT_NAME)
    row.get_by_role("link", name="Giới thiệu").click()
    page.get_by_label(label("Ngày được giới thiệu")).fill(vn(dates["nominated"]))
    page.get_by_label(label("Thành tích")).fill("Giải nhì học sinh giỏi thành phố môn Ngữ văn")
    page.get_by_role("button", name="Gửi Chi ủy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(STUDENT_NAME)
    expect(page.locator("h1 + .badge")).to_have_text("Được giới thiệu")
    candidate_url = page.url

    page.get_by_test_id("main-nav").get_by_role("link", name="Cần xử lý").click()
    card = page.get_by_test_id("pending-candidate").filter(has_text=STUDENT_NAME)
    expect(card.get_by_text("Giải nhì học sinh giỏi")).to_be_visible()
    card.get_by_label("Ngày đưa vào nguồn").fill(vn(dates["accepted"]))
    card.get_by_role("button", name="Đưa vào danh sách quần chúng ưu tú").click()
    page.wait_for_url(f"{base}/candidates/pending/")
    expect(page.get_by_test_id("pending-candidate").filter(has_text=STUDENT_NAME)).to_have_count(0)
    return candidate_url


def awareness_class(page, dates):
    """A new course, the candidate registered for it, then the certificate (batch pages)."""
    open_menu(page, "Lớp nhận thức về Đảng")
    page.get_by_role("link", name="Thêm lớp").click()
    page.get_by_label(label("Lớp bồi dưỡng")).fill(COURSE_NAME)
    page.get_by_label(label("Đơn vị tổ chức")).fill(ORGANISER)
    page.get_by_label(label("Ngày khai giảng")).fill(vn(dates["course"]))
    page.get_by_label(label("Ngày bế giảng")).fill(vn(dates["course"] + timedelta(days=10)))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_NAME)

    page.get_by_role("link", name="Đăng ký học").click()
    page.get_by_label(STUDENT_NAME).check()
    page.get_by_label(label("Ngày đăng ký")).fill(vn(dates["registered"]))
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    attendee = page.get_by_test_id("attendee").filter(has_text=STUDENT_NAME)
    expect(attendee).to_contain_text(vn(dates["registered"]))

    page.get_by_role("link", name="Ghi giấy chứng nhận").click()
    row = page.get_by_test_id("certificate-row").filter(has_text=STUDENT_NAME)
    row.get_by_label(label("Số giấy chứng nhận")).fill("125/GCN-TTCT")
    row.get_by_label(label("Ngày cấp giấy chứng nhận")).fill(vn(dates["certificate"]))
    expect(row.get_by_label(label("Đơn vị cấp"))).to_have_value(ORGANISER)
    page.get_by_role("button", name="Lưu giấy chứng nhận").click()
    certificate = attendee.get_by_test_id("certificate")
    expect(certificate).to_have_text(f"Số 125/GCN-TTCT ngày {vn(dates['certificate'])}")


def assign_mentor(page, dates):
    card = step_card(page, "step-mentor")
    choose(card.get_by_label(label("Đảng viên giúp đỡ")), MENTOR)
    card.get_by_label(label("Ngày phân công")).fill(vn(dates["mentor"]))
    card.get_by_label(label("Nghị quyết, quyết định phân công")).fill("Nghị quyết chi bộ tháng")
    card.get_by_role("button", name="Phân công").click()
    expect_recorded(page)
    expect(page.locator("h1 + .badge")).to_have_text("Đã phân công đảng viên giúp đỡ")


def introduce(page, dates):
    card = step_card(page, "step-introduction")
    choose(card.get_by_label(label("Đảng viên giới thiệu")), INTRODUCER)
    card.get_by_label(label("Ngày giới thiệu")).fill(vn(dates["introduced"]))
    card.get_by_label(label("Phẩm chất chính trị: ưu điểm")).fill("Lập trường tư tưởng vững vàng.")
    card.get_by_label(label("Phẩm chất chính trị: khuyết điểm")).fill("Còn rụt rè khi phát biểu.")
    card.get_by_label(label("Đạo đức, lối sống: ưu điểm")).fill("Trung thực, giản dị.")
    card.get_by_role("button", name="Ghi nhận giấy giới thiệu").click()
    expect_recorded(page)
    expect(page.get_by_test_id("introduction")).to_contain_text(
        f"{INTRODUCER}, {vn(dates['introduced'])}"
    )
    expect(page.get_by_test_id("introduction")).to_contain_text("Còn rụt rè khi phát biểu.")


def youth_union_resolution(page, dates):
    card = step_card(page, "step-youth")
    card.get_by_label(label("Số")).fill("12-NQ/ĐTN")
    card.get_by_label(label("Ngày thông qua")).fill(vn(dates["youth"]))
    card.get_by_label(label("Số ủy viên")).fill("9")
    card.get_by_label(label("Có mặt")).fill("9")
    card.get_by_label(label("Số tán thành")).fill("9")
    card.get_by_role("button", name="Ghi nhận nghị quyết").click()
    expect_recorded(page)
    expect(page.get_by_test_id("youth-resolution")).to_contain_text("12-NQ/ĐTN")


def dossier_papers(page, dates):
    """1-KNĐ, 2-KNĐ (verified), 5-KNĐ, 5B-KNĐ and 5C-KNĐ, one row of the checklist each."""
    for code, status in PAPERS:
        row = page.locator(f'[data-testid="dossier-row"][data-code="{code}"]')
        update = row.get_by_role("button", name="Cập nhật")
        form = page.locator(f"#{update.get_attribute('aria-controls')}")
        update.click()
        expect(form).to_be_visible()
        form.get_by_label(label("Tình trạng")).select_option(label=status)
        form.get_by_label(label("Ngày của văn bản")).fill(vn(dates["papers"]))
        form.get_by_role("button", name="Lưu").click()
        expect_recorded(page)
        row = page.locator(f'[data-testid="dossier-row"][data-code="{code}"]')
        expect(row).to_contain_text(status)
        expect(row).to_contain_text(vn(dates["papers"]))
    # Every paper needed before the vote is in, the certificate and 3-KNĐ, 4-KNĐ included.
    for code in ("CN-NTVĐ", "3-KNĐ", "4-KNĐ"):
        row = page.locator(f'[data-testid="dossier-row"][data-code="{code}"]')
        expect(row).to_contain_text("Đã nhận")
    expect(page.locator("h1 + .badge")).to_have_text("Hoàn thiện hồ sơ")
    missing_papers = page.get_by_test_id("finding").filter(
        has=page.locator("strong", has_text=re.compile(r"^HS$"))
    )
    expect(missing_papers).to_have_count(0)


def fill_meeting(page, held_on, names=(STUDENT_NAME,)):
    """The meeting block for `held_on`: everyone on that day's roster present but one official
    member, who is listed with a reason; the candidates `names` ticked, all those present voting
    for. Returns the official members of the roster and the candidates' vote rows."""
    # htmx binds its triggers once the deferred scripts have run: wait for them.
    page.wait_for_load_state("load")
    page.get_by_label(label("Ngày họp")).fill(vn(held_on))
    page.get_by_label(label("Ngày họp")).press("Tab")  # typed: the change is sent on leaving
    roster = page.get_by_test_id("roster")
    expect(roster).to_contain_text(vn(held_on), timeout=15_000)  # htmx brought that day's roster
    official = int(roster.get_attribute("data-official"))
    probationary = int(roster.get_attribute("data-probationary"))
    page.get_by_label(label("Địa điểm")).fill("Phòng họp Hội đồng")
    page.get_by_label(label("Bắt đầu lúc")).fill("14:00")
    page.get_by_label(label("Kết thúc lúc")).fill("15:30")
    choose(page.get_by_label(label("Chủ trì")), CHAIR)
    choose(page.get_by_label(label("Thư ký")), MINUTES_TAKER)
    page.get_by_label(label("Đảng viên chính thức có mặt")).fill(str(official - 1))
    page.get_by_label(label("Đảng viên dự bị có mặt")).fill(str(probationary))
    page.get_by_label(label("Đảng viên vắng mặt")).fill(f"{ABSENT}; chính thức; Đi công tác")
    page.get_by_label(label("Số nghị quyết")).fill(f"{held_on:%m}-NQ/CB")
    rows = []
    for name in names:
        row = page.get_by_test_id("vote-row").filter(has_text=name)
        row.get_by_label(name).check()
        row.get_by_label(label("Số tán thành")).fill(str(official - 1))
        rows.append(row)
    return official, rows


def refused_meeting_before_the_18th_birthday(page, dates):
    """A meeting dated before the candidate's 18th birthday: R1 refuses it, nothing is saved."""
    open_menu(page, "Họp chi bộ")
    page.get_by_role("link", name="Ghi họp chi bộ xét kết nạp").click()
    _official, (row,) = fill_meeting(page, dates["too_young"])
    # The check of the date already says so, before anything is sent.
    expect(row.locator('[data-testid="finding"][data-code="R1"]')).to_contain_text(
        "Chưa đủ 18 tuổi"
    )
    page.get_by_role("button", name="Lưu cuộc họp").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text("Không thực hiện được theo quy định")
    expect(refusal).to_contain_text(
        f"Chưa đủ 18 tuổi (tính theo tháng) vào ngày chi bộ xét {vn(dates['too_young'])}"
    )
    expect(refusal).to_contain_text("(R1)")
    # R1 is the only rule in the way: the papers were all in by that date.
    assert refusal.inner_text().count("(R") == 1, refusal.inner_text()
    expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận cuộc họp")).to_have_count(0)


def branch_meeting(page, link, held_on):
    """Record a meeting (admission or recognition) that passes our candidate."""
    open_menu(page, "Họp chi bộ")
    page.get_by_role("link", name=link).click()
    official, (row,) = fill_meeting(page, held_on)
    expect(row.get_by_test_id("no-finding")).to_be_visible()
    page.get_by_role("button", name="Lưu cuộc họp").click()
    message = f"Đã ghi nhận cuộc họp chi bộ ngày {vn(held_on)}."
    expect(page.get_by_role("alert").filter(has_text=message)).to_be_visible()
    vote = page.get_by_test_id("vote").filter(has_text=STUDENT_NAME)
    expect(vote.get_by_test_id("passed")).to_have_text("Đạt")
    expect(vote.get_by_test_id("vote-for")).to_contain_text(f"tán thành {official - 1} đồng chí")
    expect(page.get_by_test_id("absence")).to_contain_text(f"{ABSENT} (đảng viên chính thức)")


def decision(page, dates, number="215-QĐ/ĐU"):
    card = step_card(page, "step-decision")
    card.get_by_label(label("Số quyết định")).fill(number)
    card.get_by_label(label("Ngày ký")).fill(vn(dates["issued"]))
    card.get_by_label(label("Ngày nhận")).fill(vn(dates["received"]))
    issuer = card.get_by_label(label("Cấp ủy ra quyết định")).locator("option:checked")
    expect(issuer).to_have_text("ĐẢNG BỘ PHƯỜNG AN HẢI")
    card.get_by_label(label("Người ký")).fill("Nguyễn Văn Bình")
    card.get_by_role("button", name="Ghi nhận quyết định").click()
    expect_recorded(page)
    expect(page.get_by_test_id("decision")).to_contain_text(number)


def ceremony(page, dates):
    card = step_card(page, "step-ceremony")
    card.get_by_label(label("Ngày tổ chức lễ kết nạp")).fill(vn(dates["ceremony"]))
    card.get_by_label(label("Địa điểm")).fill("Hội trường nhà trường")
    card.get_by_label(label("Đại biểu dự")).fill("Đại diện Đảng ủy phường An Hải")
    card.get_by_role("button", name="Ghi nhận lễ kết nạp").click()
    expect_recorded(page)
    expect(page.get_by_test_id("ceremony")).to_contain_text(vn(dates["ceremony"]))
    minutes = page.get_by_test_id("ceremony-minutes")
    expect(minutes).to_contain_text("Đại diện Đảng ủy phường An Hải")
    expect(minutes).to_contain_text("Đảng viên mới đã đọc lời tuyên thệ.")


def recognition_decision(page, dates):
    card = step_card(page, "step-recognition")
    card.get_by_label(label("Số quyết định")).fill("87-QĐ/ĐU")
    card.get_by_label(label("Ngày quyết định")).fill(vn(dates["recognition_decision"]))
    card.get_by_role("button", name="Ghi nhận quyết định").click()
    expect_recorded(page)


def the_candidate_page_tells_the_whole_story(page, dates):
    expect(page.locator("h1 + .badge")).to_have_text("Đảng viên chính thức")
    closed = page.get_by_test_id("closed-record")
    expect(closed.get_by_test_id("official-on")).to_have_text(vn(dates["official"]))
    expect(closed).to_contain_text(vn(dates["recognition"]))
    expect(closed).to_contain_text(f"87-QĐ/ĐU, {vn(dates['recognition_decision'])}")
    progress = page.get_by_test_id("stage")
    expect(progress).to_have_count(9)
    for state in progress.evaluate_all("items => items.map(i => i.dataset.state)"):
        assert state == "done"
    # Newest first, the earlier changes folded; the refused meeting left nothing behind.
    page.get_by_test_id("older-events").locator("summary").click()
    events = [" ".join(e.split()) for e in page.get_by_test_id("event").all_inner_texts()]
    story = [
        "Được giới thiệu",
        "Được đưa vào danh sách quần chúng ưu tú ngày",
        f"Đăng ký học lớp nhận thức về Đảng: {COURSE_NAME}",
        "Giấy chứng nhận học lớp nhận thức về Đảng số 125/GCN-TTCT",
        f"Phân công đảng viên giúp đỡ: {MENTOR}",
        f"Được đồng chí {INTRODUCER} giới thiệu",
        "Nghị quyết giới thiệu của BCH Đoàn số 12-NQ/ĐTN",
        *[f"Hồ sơ: {code} {status}" for code, status in PAPERS],
        f"Chi bộ họp ngày {vn(dates['vote'])}: tán thành",
        f"Quyết định kết nạp số 215-QĐ/ĐU ngày {vn(dates['issued'])}",
        f"Kết nạp tại lễ ngày {vn(dates['ceremony'])}; dự bị đến {vn(dates['official'])}",
        f"Chi bộ họp ngày {vn(dates['recognition'])}: tán thành",
        "Quyết định công nhận đảng viên chính thức số 87-QĐ/ĐU",
    ]
    found = [next((i for i, e in enumerate(events) if step in e), None) for step in story]
    assert None not in found, [step for step, i in zip(story, found, strict=True) if i is None]
    assert found == sorted(found, reverse=True), events
    assert not any(vn(dates["too_young"]) in e for e in events), events
    assert page.locator('[data-testid="event"][data-kind="override"]').count() == 0
    # The ceremony made the student a Party member of the branch, official since the same day.
    member = PartyMember.objects.get(full_name=STUDENT_NAME)
    assert (member.joined_on, member.official_on) == (dates["ceremony"], dates["official"])


def the_secretary_corrects_the_ceremony_date(page, dates):
    """A mistyped ceremony date, corrected: the official date follows (R17), both entries stay."""
    held_on = dates["ceremony"] - timedelta(days=3)
    official = add_months(held_on, 12)
    line = page.get_by_test_id("stage").filter(has_text="Kết nạp tại lễ ngày")
    line.get_by_test_id("correct-link").first.click()
    card = page.get_by_test_id("correction")
    expect(card.get_by_label(label("Ngày tổ chức lễ kết nạp"))).to_have_value(vn(dates["ceremony"]))
    card.get_by_label(label("Ngày tổ chức lễ kết nạp")).fill(vn(held_on))
    card.get_by_label(label("Lý do đính chính")).fill("Ghi nhầm ngày trong biên bản lễ kết nạp")
    card.get_by_role("button", name="Ghi nhận đính chính").click()
    expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận đính chính.")).to_be_visible()
    expect(page.get_by_test_id("official-on")).to_have_text(vn(official))
    correction = page.locator('[data-testid="event"][data-kind="correction"]')
    expect(correction).to_contain_text(f"{vn(dates['ceremony'])} → {vn(held_on)}")
    expect(correction).to_contain_text("Ghi nhầm ngày trong biên bản lễ kết nạp")
    expect(page.get_by_test_id("corrected")).to_have_count(1)  # the original entry, marked
    member = PartyMember.objects.get(full_name=STUDENT_NAME)
    assert (member.joined_on, member.official_on) == (held_on, official)
