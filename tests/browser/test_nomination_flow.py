import pytest
from django.core.management import call_command

from candidates.models import Candidate, Student

from .test_login_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page, base_url):
    page.goto(f"{base_url}/")
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{base_url}/accounts/login/")


def test_youth_union_nominates_and_the_secretary_accepts(page, live_server):
    call_command("seed_demo")
    student = Student.objects.filter(
        school_class__name="12A2", youth_union_joined_on__isnull=False, candidacies=None
    ).first()
    base = live_server.url
    sign_in(page, base, "doantruong")
    page.get_by_test_id("main-nav").get_by_role("link", name="Học sinh").click()
    # Typed without accents, as people do on a phone.
    page.get_by_role("searchbox").fill(student.search_name)
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Giới thiệu").first.click()
    page.get_by_label("Thành tích").fill("Giải ba học sinh giỏi thành phố môn Toán")
    page.get_by_role("button", name="Gửi Chi ủy").click()
    assert page.get_by_text("Đã gửi giới thiệu").is_visible()
    sign_out(page, base)

    sign_in(page, base, "bithu")
    page.get_by_test_id("main-nav").get_by_role("link", name="Cần xử lý").click()
    card = page.get_by_test_id("pending-candidate").filter(has_text=student.full_name)
    assert card.get_by_text("Giải ba học sinh giỏi").is_visible()
    card.get_by_role("button", name="Đưa vào danh sách quần chúng ưu tú").click()
    page.wait_for_url(f"{base}/candidates/pending/")
    candidate = Candidate.objects.get(student=student)
    assert candidate.stage == Candidate.Stage.SOURCE
