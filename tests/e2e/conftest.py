"""Browser tests: Debian's Chromium driven by Playwright against Django's live server,
with axe-core checking the pages a test asks for and the Nu HTML checker (vnu) checking the
HTML of every page any test visits (one run of vnu per test session, see ``_nu_checker``)."""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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

# The Nu HTML checker from the npm package vnu-jar (``make test`` installs it into var/tools).
VNU_JAR = Path(
    os.environ.get("VNU_JAR", Path(__file__).resolve().parents[2] / "var/tools/node_modules/vnu-jar/build/dist/vnu.jar")
)


class NuChecker:
    """Keeps the HTML of every page the browser loads (each distinct document once) and checks
    all of them with one start of the Nu HTML checker at the end of the test session."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="kp-nu-"))
        self.origin = {}  # file name -> (test, URL)
        self.test = ""

    def add(self, url: str, html: str) -> None:
        name = hashlib.sha256(html.encode()).hexdigest()[:20] + ".html"
        if name not in self.origin:
            (self.folder / name).write_text(html, encoding="utf-8")
            self.origin[name] = (self.test, url)

    def on_response(self, response) -> None:
        if response.request.resource_type != "document" or response.status >= 300:
            return
        if not response.url.startswith(("http://", "https://")):
            return  # the browser's own pages (e.g. Chromium's PDF viewer), not the portal's
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            html = response.text()
        except Exception:  # noqa: BLE001 - the page went away before its body was read
            return
        if html.lstrip()[:15].lower().startswith("<!doctype html"):
            self.add(response.url, html)

    def errors(self) -> list[str]:
        if not self.origin:
            return []
        java = shutil.which("java")
        assert java, "The Nu HTML checker needs Java (install default-jre-headless)."
        assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make test` or `npm install --prefix var/tools vnu-jar`."
        files = sorted(str(path) for path in self.folder.glob("*.html"))
        result = subprocess.run(  # noqa: S603 - fixed command, our own temporary files
            [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(result.stderr or "{}").get("messages", [])
        report = []
        for message in messages:
            test, url = self.origin.get(Path(message.get("url", "")).name, ("?", message.get("url")))
            report.append(f"{url} (visited by {test}), line {message.get('lastLine')}: {message.get('message')}")
        return report


_nu = NuChecker()


@pytest.fixture(scope="session", autouse=True)
def _nu_checker():
    """Fails the session's last browser test when any visited page has a Nu HTML checker error."""
    yield _nu
    try:
        errors = _nu.errors()
    finally:
        shutil.rmtree(_nu.folder, ignore_errors=True)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _nu_test_name(request):
    _nu.test = request.node.nodeid


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Every page of every context goes to the Nu HTML checker.
        original_new_context = browser.new_context

        def new_context(*args, **kwargs):
            context = original_new_context(*args, **kwargs)
            context.on("response", _nu.on_response)
            return context

        browser.new_context = new_context
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
