"""The outcome of a step shows where the user's eyes are: a refused form opens in view with
the cursor in it, and "Không tiếp nhận" lands at the reason box."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate

from .test_login_flow import open_as, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_decline_from_the_pending_list_lands_at_the_reason_box(phone, live_server):
    open_as(phone, live_server, "bithu", "/candidates/pending/")
    phone.get_by_role("link", name="Không tiếp nhận").first.click()
    reason = phone.locator("#decline textarea")
    expect(reason).to_be_focused()
    expect(reason).to_be_in_viewport(ratio=1)


def test_a_refused_step_opens_at_its_form_with_the_reason_on_top(page, live_server):
    call_command("seed_demo")
    candidate = Candidate.objects.filter(stage=Candidate.Stage.DOSSIER).first()
    sign_in(page, live_server.url, "bithu")
    page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
    card = page.get_by_test_id("step-exit")
    expect(card.locator("form")).to_be_hidden()  # folded until asked for
    card.locator("summary").click()
    card.get_by_role("button", name="Kết thúc quá trình xem xét").click()  # nothing filled in
    refused = page.get_by_test_id("refused")
    expect(refused).to_contain_text("Chưa lưu.")
    form = page.get_by_test_id("step-exit").locator("form")
    expect(form).to_be_visible()
    field = form.locator(".is-invalid").first
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport(ratio=1)
    page.mouse.wheel(0, -5000)
    expect(field).not_to_be_in_viewport()
    refused.get_by_role("link", name="Đến biểu mẫu").click()
    expect(field).to_be_in_viewport(ratio=1)
