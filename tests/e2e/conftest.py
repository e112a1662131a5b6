"""Browser tests: Debian's Chromium driven by Playwright against Django's live server,
with axe-core checking every page a test visits."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.reference_data import restore_reference_data

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (factories, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Browser tests start with the rows data migrations create (see tests/reference_data.py)."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(request):
    """Links in mails point to SITE_URL; in browser tests that is the live server, as in production
    the portal's own address."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("settings").SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def page(browser, live_server):
    """A fresh German-speaking browser tab whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and fail on any violation."""
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    assert results.violations_count == 0, results.generate_report()


def login(page, email: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=False).first.fill(password)
    page.locator("main form").get_by_role("button", name="Anmeldung").click()
