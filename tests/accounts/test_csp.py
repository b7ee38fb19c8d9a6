"""The Content Security Policy: on every kind of page, failures included, and templates that
need nothing it forbids (no inline script, event handler or style), so that it stays strict.

That the app still works under it in a browser: tests/browser/test_csp.py."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import AnnualPlanFactory, CandidateFactory

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
