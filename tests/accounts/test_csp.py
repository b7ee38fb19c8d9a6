"""The Content Security Policy: on every kind of page, failures included, and templates that
need nothing it forbids (no inline script, event handler or style), so that it stays strict.

That the app still works under it in a browser: tests/browser/test_csp.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import AnnualPlanFactory, CandidateFactory

ROOT = Path(__file__).resolve().parents[2]

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy_of(response):
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(None, 1) for part in header.split(";") if part.strip())


def assert_strict(response):
    assert policy_of(response) == POLICY
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def candidate(class_12a1):
    return CandidateFactory(student__school_class=class_12a1)


def test_the_sign_in_page_has_the_policy(client, branch):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_strict(response)


def test_the_pages_of_a_signed_in_user_have_the_policy(login, secretary, candidate):
    AnnualPlanFactory(branch=secretary.memberships.first().branch)
    client = login(secretary)
    pages = [
        reverse("home"),
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("reports:draft", args=["progress"]) + "?year=2026&which=year",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_an_htmx_fragment_has_the_policy_too(login, secretary):
    response = login(secretary).get(reverse("home"), HTTP_HX_REQUEST="true")
    assert_strict(response)


def test_the_404_page_has_the_policy(client, branch):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert_strict(response)


def test_the_csrf_403_page_has_the_policy(branch):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})
    assert response.status_code == 403
    assert_strict(response)


@pytest.mark.parametrize(
    ("error", "status"), [(ZeroDivisionError("boom"), 500), (OperationalError("down"), 503)]
)
def test_the_500_and_503_pages_have_the_policy(branch, monkeypatch, error, status):
    """A failure in a middleware below the policy's (the session read, as with the database
    down) still gets the header on the calm page handler500 gives."""

    def fail(self):
        raise error

    monkeypatch.setattr(SessionStore, "load", fail)
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefghijklmnopqrstuvwxyz012345"
    response = client.get(reverse("home"))
    assert response.status_code == status
    assert_strict(response)


# --- the templates keep to it -------------------------------------------------------------

# Rendered to HTML for WeasyPrint only (reports/pdf.py), never sent to a browser: a PDF's page
# layout needs its <style> and its tables' column widths.
PDF_ONLY = {"templates/reports/document.html", "templates/reports/_blocks.html"}

FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def offences(text):
    return [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]


def test_the_patterns_catch_what_the_policy_forbids():
    assert offences('<div style="width: 3%">') == ["style attribute"]
    assert offences('<input onfocus="this.select()">') == ["event handler"]
    assert offences("<script>alert(1)</script>") == ["inline script"]
    assert offences("<style>p {}</style>") == ["<style> element"]
    assert offences('<a href="javascript:void(0)">') == ["javascript: URL"]
    assert offences('<script src="/static/js/ptdv.js" defer></script>') == []
    assert offences('<div data-bs-toggle="collapse" hx-post="/x/" class="one">') == []


def test_no_template_has_inline_script_style_or_handler():
    found = {
        str(path.relative_to(ROOT)): offences(path.read_text())
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if str(path.relative_to(ROOT)) not in PDF_ONLY
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_no_python_builds_html_with_inline_script_style_or_handler():
    """The HTML built in Python (mark_safe, format_html: the SVG charts, the select options)."""
    found = {}
    for app in ("accounts", "candidates", "plans", "reports", "demo", "config"):
        for path in sorted((ROOT / app).rglob("*.py")):
            text = path.read_text()
            builds_html = "format_html" in text or "mark_safe" in text
            if builds_html and (names := offences(text)):
                found[str(path.relative_to(ROOT))] = names
    assert found == {}


def test_the_pdf_only_templates_are_not_used_by_a_page():
    """They may keep their styles only while no view renders them into a response."""
    for name in ("reports/document.html", "reports/_blocks.html"):
        users = [
            str(path.relative_to(ROOT))
            for app in ("accounts", "candidates", "plans", "reports", "demo", "config")
            for path in (ROOT / app).rglob("*.py")
            if name in path.read_text()
        ]
        assert users in ([], ["reports/pdf.py"]), name
    templates = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "reports/_blocks.html" in path.read_text() or "reports/document.html" in path.read_text()
    ]
    assert set(templates) <= PDF_ONLY
