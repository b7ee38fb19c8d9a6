"""The app works under its Content Security Policy in Chromium: the main kinds of page load
without a single violation, and what runs or is styled by our static files still does — the
menu (Bootstrap), htmx, the calendar date picker (ptdv.js), the overview's bar and charts.

Screenshots at 390 and 1366 px go to $CSP_SCREENSHOTS (default: the test's tmp_path), for a
person to look at."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from candidates.models import Candidate

from .conftest import new_page
from .test_layout import main_pages
from .test_login_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every securitypolicyviolation event of the page, kept where the test can read it. An init
# script is the browser's own (DevTools), not the page's: the policy does not apply to it.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.effectiveDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


class Watched:
    """A page whose CSP violations are collected, from its events and from its console."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(LISTEN)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self):
        events = self.page.evaluate("window.__csp || []")
        return events + self.console

    def open(self, url):
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        assert "Content-Security-Policy" in {k.title() for k in response.headers}
        return response


def shoot(page, name, tmp_path):
    folder = Path(os.environ.get("CSP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def key_pages():
    candidate = Candidate.objects.filter(stage=Candidate.Stage.DOSSIER).first()
    return {
        "home": reverse("home"),
        "candidate": reverse("candidates:detail", args=[candidate.pk]),
        "meeting": reverse("candidates:meeting_create") + "?purpose=admission",
        "settings": reverse("branch_settings"),
        "report": reverse("reports:draft", args=["progress"]) + "?year=2026&which=year",
        "missing": "/khong-co-trang-nay/",
    }


@pytest.mark.parametrize("width", [390, 1366])
def test_the_key_pages_work_under_the_policy_without_a_violation(
    browser, live_server, tmp_path, width
):
    call_command("seed_demo")
    for page in new_page(browser, viewport={"width": width, "height": 900}):
        watched = Watched(page)
        watched.open(f"{live_server.url}/accounts/login/")
        shoot(page, "login", tmp_path)
        assert watched.violations() == []
        sign_in(page, live_server.url, "bithu")
        for name, path in key_pages().items():
            watched.open(live_server.url + path)
            shoot(page, name, tmp_path)
            assert watched.violations() == [], name


def test_every_main_page_of_the_secretary_loads_without_a_violation(page, live_server):
    call_command("seed_demo")
    watched = Watched(page)
    sign_in(page, live_server.url, "bithu")
    pages = [
        *main_pages(),
        reverse("reports:index"),
        reverse("user_detail", args=[User.objects.get(username="dangvien").pk]),
    ]
    found = {}
    for path in pages:
        watched.open(live_server.url + path)
        if violations := watched.violations():
            found[path] = violations
            watched.console.clear()
    assert found == {}


def test_the_overview_draws_its_bar_and_charts_and_bootstrap_runs(page, live_server):
    call_command("seed_demo")
    watched = Watched(page)
    sign_in(page, live_server.url, "bithu")
    watched.open(live_server.url + "/")
    bar = page.get_by_test_id("forecast-bar")
    box = bar.bounding_box()
    assert box["width"] > 300 and 12 <= box["height"] <= 20
    # The bar's colours come from ptdv.css (its track is not the default black of an SVG).
    track = bar.locator(".ptdv-bar-track").evaluate("el => getComputedStyle(el).fill")
    assert track not in ("rgb(0, 0, 0)", "")
    assert page.locator("main svg").count() >= 2  # the bar and at least one chart
    # Bootstrap's icons (a font) and its script (a dropdown of the menu) load from our origin.
    icon_font = page.evaluate(
        "getComputedStyle(document.querySelector('.bi'), '::before').fontFamily"
    )
    assert "bootstrap-icons" in icon_font
    assert page.evaluate("document.fonts.check('1em bootstrap-icons')")
    page.locator("[data-bs-toggle=dropdown]").first.click()
    expect(page.locator(".dropdown-menu.show")).to_be_visible()
    assert watched.violations() == []


def test_htmx_and_the_date_picker_work_on_the_meeting_form(page, live_server):
    call_command("seed_demo")
    watched = Watched(page)
    sign_in(page, live_server.url, "bithu")
    watched.open(live_server.url + reverse("candidates:meeting_create") + "?purpose=admission")
    held_on = page.locator("input[name$=held_on]")
    group = page.locator(".ptdv-date", has=held_on)
    expect(group.get_by_role("button")).to_be_visible()  # ptdv.js added the calendar button
    # The calendar's choice comes back dd/mm/yyyy and htmx asks the server for that day's roster.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        group.locator("input[type=date]").evaluate(
            "el => { el.value = '2026-01-15'; el.dispatchEvent(new Event('change')); }"
        )
    expect(held_on).to_have_value("15/01/2026")
    expect(page.get_by_test_id("roster")).to_contain_text("15/01/2026")
    # No indicator <style> of htmx's own in the page.
    assert page.locator("head style").count() == 0
    # The Check button (a plain submit) gives the same roster.
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("roster")).to_contain_text("15/01/2026")
    assert watched.violations() == []


def test_the_candidate_pages_step_forms_and_dossier_keep_their_looks(page, live_server):
    call_command("seed_demo")
    candidate = Candidate.objects.filter(stage=Candidate.Stage.DOSSIER).first()
    watched = Watched(page)
    sign_in(page, live_server.url, "bithu")
    watched.open(f"{live_server.url}/candidates/{candidate.pk}/")
    step = page.get_by_test_id("step-exit")
    step.locator("summary").click()
    expect(step.locator(".ptdv-date button").first).to_be_visible()  # the calendar button
    # The dossier's paper column keeps its 14rem (a class of ptdv.css, was a style attribute).
    paper = page.get_by_test_id("dossier").first.locator("th.ptdv-paper")
    assert paper.bounding_box()["width"] >= 14 * 16 - 1
    assert watched.violations() == []


def test_the_password_link_is_selected_whole_on_focus(page, live_server):
    """Was an onfocus= attribute; now ptdv.js (data-ptdv-select)."""
    call_command("seed_demo")
    watched = Watched(page)
    sign_in(page, live_server.url, "bithu")
    person = User.objects.get(username="dangvien")
    watched.open(live_server.url + reverse("user_detail", args=[person.pk]))
    page.get_by_role("button", name="Tạo đường liên kết đặt mật khẩu dùng một lần").click()
    link = page.locator("#password-link")
    link.focus()
    selected = link.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == link.input_value() and selected.startswith("http")
    assert watched.violations() == []


def test_a_violation_would_be_seen(page, live_server):
    """The watch itself: an inline style and an inline script are refused, and reported."""
    call_command("seed_demo")
    watched = Watched(page)
    watched.open(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<div id="x" style="color: red">x</div>');
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.body.appendChild(s);
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert page.locator("#x").evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    found = " ".join(watched.violations())
    assert "style-src" in found and "script-src" in found
