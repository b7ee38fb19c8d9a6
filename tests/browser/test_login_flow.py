import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD, DEMO_USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The navigation each demo user sees once signed in.
NAV = {
    "bithu": [
        "Tổng quan",
        "Ứng viên",
        "Cần xử lý",
        "Người tôi giúp đỡ",
        "Học sinh",
        "Lớp nhận thức về Đảng",
        "Họp chi bộ",
        "Kế hoạch năm",
        "Báo cáo",
        "Lớp học",
        "Đảng viên",
        "Nhập danh sách lớp",
        "Thiết lập quy định",
        "Kết thúc năm học",
        "Lưu giữ dữ liệu",
        "Người dùng và vai trò",
        "Thông tin chi bộ",
        "Mẫu văn bản",
        "Nhật ký truy cập",
    ],
    "chiuy": [
        "Tổng quan",
        "Ứng viên",
        "Cần xử lý",
        "Người tôi giúp đỡ",
        "Học sinh",
        "Lớp nhận thức về Đảng",
        "Họp chi bộ",
        "Kế hoạch năm",
        "Báo cáo",
        "Lớp học",
        "Đảng viên",
        "Nhập danh sách lớp",
        "Thiết lập quy định",
        "Kết thúc năm học",
        "Lưu giữ dữ liệu",
        "Người dùng và vai trò",
        "Thông tin chi bộ",
        "Mẫu văn bản",
    ],
    "doantruong": ["Tổng quan", "Ứng viên", "Học sinh"],
    "gvcn12a1": ["Tổng quan", "Ứng viên", "Người tôi giúp đỡ", "Học sinh"],
    "gvcn12a2": ["Tổng quan", "Ứng viên", "Học sinh"],
    "dangvien": ["Tổng quan", "Người tôi giúp đỡ"],
}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def open_as(page, live_server, username, path):
    """The demo branch, `username` signed in, at `path`."""
    call_command("seed_demo")
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + path)


def test_every_demo_user_signs_in_and_sees_their_navigation(page, live_server):
    call_command("seed_demo")
    assert set(NAV) == {u[0] for u in DEMO_USERS}
    for username, full_name, *_ in DEMO_USERS:
        sign_in(page, live_server.url, username)
        assert page.get_by_text(f"Xin chào đồng chí {full_name}").is_visible()
        assert page.get_by_test_id("branch-name").inner_text() == "CHI BỘ TRƯỜNG THPT QUANG TRUNG"
        # Grouped entries sit in dropdowns: read every link, shown or folded.
        links = page.get_by_test_id("main-nav").locator("a[href^='/']").all_text_contents()
        assert [text.strip() for text in links] == NAV[username]
        page.get_by_role("button", name=full_name).click()
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_login_page_is_vietnamese_and_styled(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title() == "Đăng nhập · PTĐV"
    assert page.locator("html").get_attribute("lang") == "vi"
    # Bootstrap loaded from the npm package: the primary button is styled, not a bare button.
    color = page.get_by_role("button", name="Đăng nhập").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert color == "rgb(13, 110, 253)"


def test_secretary_on_a_phone_opens_the_menu(phone, live_server):
    call_command("seed_demo")
    sign_in(phone, live_server.url, "bithu")
    phone.wait_for_load_state("load")  # Bootstrap's deferred script binds the menu's buttons
    plan_link = phone.get_by_role("link", name="Kế hoạch năm")
    assert not plan_link.is_visible()
    phone.get_by_role("button", name="Mở trình đơn").click()
    group = phone.get_by_role("button", name="Công việc chi bộ")
    expect(group).to_be_visible()
    group.click()
    expect(plan_link).to_be_visible()
    plan_link.click()
    phone.wait_for_url(f"{live_server.url}/plan/")
    assert "kết nạp 07 đảng viên mới là học sinh" in phone.content()
