"""Headless Debian Chromium driven by Playwright, against pytest-django's live server."""

import os

import pytest
from django.conf import settings

from tests.conftest import system_tool

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = system_tool("chromium", fallback="/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, **options):
    """A page in a context of its own (a Vietnamese browser unless `locale` says otherwise),
    closed after the test."""
    context = browser.new_context(**{"locale": "vi-VN", **options})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    yield from new_page(browser)


@pytest.fixture
def phone(browser):
    yield from new_page(browser, viewport={"width": 390, "height": 844})


@pytest.fixture(autouse=True)
def dossier_forms(transactional_db):
    """The built-in list of dossier forms: a migration seeds it, and the flush that ends each
    transactional test empties it again."""
    from candidates import dossier

    return dossier.seed()


AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text() if AXE.exists() else ""
BLOCKING = {"serious", "critical"}


def axe_problems(page):
    """The serious and critical violations on the page, one line each: rule, targets, help."""
    # Evaluated by the browser's tooling, not inserted as a <script>: the pages' Content
    # Security Policy refuses inline scripts, and the pages are checked as users get them.
    if page.evaluate("typeof axe === 'undefined'"):
        page.evaluate(AXE_SOURCE)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]} — {v['help']}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]
