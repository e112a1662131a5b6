"""Production smoke test: the portal as deploy/ runs it, seen from outside (deploy/smoke/run.sh
starts everything and sets SMOKE_URL, SMOKE_HTTP_URL, SMOKE_APP_URLS, SMOKE_MAILDIR and the
deployment's environment). Chromium and plain HTTP go through nginx over HTTPS; the check that a
write is seen by the other instance talks to the two gunicorn instances directly."""

import email
import http.client
import io
import json
import mailbox
import os
import re
import ssl
import subprocess
import time
import urllib.parse
from html import unescape
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ["SMOKE_URL"]
HTTP_URL = os.environ["SMOKE_HTTP_URL"]
APP_URLS = os.environ["SMOKE_APP_URLS"].split()
MAILDIR = Path(os.environ["SMOKE_MAILDIR"])
HOST = urllib.parse.urlsplit(URL).netloc
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
RESIDENT = "bewohner@kiezportal.example"
RESIDENT_PASSWORD = "smoke-test-password-2026"  # noqa: S105 - set for this run only


def manage(*args: str) -> str:
    """A management command with the deployment's environment, as an operator runs it."""
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [ROOT / "deploy" / "manage.sh", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


FACTS = """
import json
from apps.accounts.models import User
from apps.council.models import AgendaDocument
from apps.ideas.models import Idea
resident = User.objects.get(email="{resident}")
resident.set_password("{password}")
resident.save()
confidential = AgendaDocument.objects.filter(agenda_item__is_confidential=True).exclude(file="").first()
public = AgendaDocument.objects.filter(agenda_item__is_confidential=False).exclude(file="").first()
idea = next(idea for idea in Idea.objects.public().order_by("pk") if idea.is_open_for_support)
print(json.dumps({{
    "confidential": [confidential.pk, confidential.file.name],
    "public": public.pk,
    "idea": idea.pk,
}}))
"""


@pytest.fixture(scope="session")
def facts():
    output = manage("shell", "-v", "0", "-c", FACTS.format(resident=RESIDENT, password=RESIDENT_PASSWORD))
    return json.loads(output.strip().splitlines()[-1])


class Client:
    """Plain HTTP(S) with cookies, as a browser would send them (Secure flags aside)."""

    def __init__(self, base: str, headers: dict | None = None):
        parts = urllib.parse.urlsplit(base)
        self.https = parts.scheme == "https"
        self.address = (parts.hostname, parts.port)
        self.headers = {"Host": HOST, **(headers or {})}
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        if self.https:
            context = ssl._create_unverified_context()  # noqa: S323 - the self-signed test certificate
            connection = http.client.HTTPSConnection(*self.address, context=context, timeout=30)
        else:
            connection = http.client.HTTPConnection(*self.address, timeout=30)
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        connection.close()
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, csrf_from: bytes):
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', csrf_from).group(1).decode()
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}"}
        return self.request("POST", path, body=body, headers=headers)


def instance(url: str) -> Client:
    """One gunicorn instance, reached as nginx reaches it."""
    return Client(url, {"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"})


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(base_url=URL, ignore_https_errors=True, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_check_deploy_is_clean():
    output = manage("check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in output


def test_http_redirects_to_https():
    response = Client(HTTP_URL, {"Host": "localhost"}).get("/ideen/")
    assert response.status == 301
    assert response.headers["Location"] == f"{URL}/ideen/"


def wait_for_mail(recipient: str, seconds: int = 60) -> email.message.Message:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in mailbox.Maildir(MAILDIR, create=False):
            if recipient in (message["To"] or ""):
                return message
        time.sleep(0.5)
    raise AssertionError(f"no mail to {recipient} within {seconds} s")


def body_of(message: email.message.Message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def test_a_resident_submits_an_idea_with_a_photo_and_confirms_it_from_the_mail(page, tmp_path):
    photo = tmp_path / "spielplatz.jpg"
    Image.new("RGB", (800, 600), "#4a7").save(photo, "JPEG")
    page.goto("/ideen/neu/")
    page.get_by_label("Idee", exact=True).check()
    page.get_by_label("Titel").fill("Schattensegel für den Spielplatz")
    page.get_by_label("Beschreibung").first.fill("Im Sommer ist der Spielplatz am Nachmittag ohne Schatten.")
    page.get_by_label("Handlungsfeld").select_option(index=1)
    page.get_by_label("Ort im Gebiet").fill("Spielplatz Uferweg")
    page.get_by_label("Foto", exact=True).set_input_files(str(photo))
    page.get_by_label("Beschreibung des Fotos").fill("Der Spielplatz in der Mittagssonne")
    page.get_by_label("Öffentlich angezeigter Name").fill("Mia K.")
    page.get_by_label("E-Mail-Adresse").fill("mia@example.org")
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Eintrag absenden").click()
    expect(page.get_by_role("status")).to_contain_text("Bitte bestätigen Sie Ihren Eintrag")

    # The request only queues the mail; the worker (kiezportal-worker.service) sends it.
    link = re.search(r"https://\S+/ideen/bestaetigen/\S+/", body_of(wait_for_mail("mia@example.org"))).group(0)
    assert link.startswith(f"{URL}/"), link
    page.goto(link)
    page.get_by_role("button", name="Eintrag bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Eintrag ist bestätigt")

    # The photo is private until the QM team publishes the entry: not under /media/, 404 by its view.
    code = (
        "from apps.ideas.models import Idea; i = Idea.objects.get(email='mia@example.org'); print(i.pk, i.photo.name)"
    )
    pk, name = manage("shell", "-v", "0", "-c", code).strip().splitlines()[-1].split()
    assert Client(URL).get(f"/media/{name}").status == 404
    assert Client(URL).get(f"/ideen/{pk}/foto/").status == 404
    publish = (  # as the demo's QM team member: the workflow checks the role of whoever publishes
        "from apps.accounts.models import User; from apps.ideas import services; from apps.ideas.models import Idea; "
        "qm = User.objects.get(email='qm@kiezportal.example'); "
        f"services.idea_change_status(idea=Idea.objects.get(pk={pk}), to='published', by=qm)"
    )
    manage("shell", "-v", "0", "-c", publish)
    response = Client(URL).get(f"/ideen/{pk}/foto/")
    assert response.status == 200 and response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in response.headers["Cache-Control"]
    assert Image.open(io.BytesIO(response.body)).size[0] > 0


def test_the_slider_images_load(page):
    page.goto("/")
    images = page.locator(".slider__image")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        page.wait_for_function("image => image.complete", arg=image.element_handle())
        assert image.evaluate("image => image.naturalWidth") > 0, image.get_attribute("src")


def test_a_private_file_is_not_reachable_for_an_anonymous_visitor(facts):
    pk, name = facts["confidential"]
    visitor = Client(URL)
    assert visitor.get(f"/quartiersrat/dokumente/{pk}/").status in (403, 404)
    for guess in (f"/media/{name}", f"/private/{name}", f"/media/../private/{name}"):
        response = visitor.get(guess)
        assert response.status in (400, 403, 404), guess
        assert not response.body.startswith(b"%PDF")
    public = visitor.get(f"/quartiersrat/dokumente/{facts['public']}/")  # the view itself works
    assert public.status == 200 and public.body.startswith(b"%PDF")


def test_an_oversized_upload_gets_413():
    limit = int(os.environ["UPLOAD_MAX_REQUEST_MB"]) * 1024 * 1024
    visitor = Client(URL)
    form = visitor.get("/ideen/neu/").body
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    context = ssl._create_unverified_context()  # noqa: S323 - the self-signed test certificate
    connection = http.client.HTTPSConnection(*visitor.address, context=context, timeout=30)
    connection.putrequest("POST", "/ideen/neu/", skip_host=True)
    connection.putheader("Host", HOST)
    connection.putheader("Content-Type", "multipart/form-data; boundary=smoke")
    connection.putheader("Content-Length", str(limit + 1024))
    connection.endheaders()
    try:  # nginx answers from the Content-Length alone and may close before the body is sent
        connection.send(b'--smoke\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n' + token)
        connection.send(b"\0" * (1024 * 1024))
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def support_count(html: bytes) -> int:
    text = unescape(html.decode())
    return int(re.search(r"<dt[^>]*>Unterstützungen</dt>\s*<dd[^>]*>(\d+)</dd>", text).group(1))


def test_a_write_through_one_instance_is_seen_at_once_through_the_other(facts):
    first, second = (instance(url) for url in APP_URLS)
    detail = f"/ideen/{facts['idea']}/"
    second.get(detail)
    cached = second.get(detail)
    assert cached.status == 200 and cached.headers.get("X-Page-Cache") == "hit"
    before = support_count(cached.body)

    login = first.get("/konto/login/")
    response = first.post("/konto/login/", {"login": RESIDENT, "password": RESIDENT_PASSWORD}, csrf_from=login.body)
    assert response.status == 302, response.body[:500]
    page = first.get(detail)
    response = first.post(f"/ideen/{facts['idea']}/unterstuetzen/", {}, csrf_from=page.body)
    assert response.status == 302

    after = second.get(detail)
    assert after.headers.get("X-Page-Cache") != "hit"
    assert support_count(after.body) == before + 1


def test_static_files_are_compressed_and_cached_for_long():
    home = Client(URL).get("/").body.decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    response = Client(URL).get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def test_security_headers():
    response = Client(URL).get("/")
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "nginx/" not in headers.get("Server", "")


def test_posts_are_rate_limited_per_client():
    """Last: it uses up this address's allowance of POSTs."""
    visitor = Client(URL)
    statuses = []
    for _ in range(40):
        body = urllib.parse.urlencode({"language": "de"}).encode()
        response = visitor.request(
            "POST", "/i18n/setlang/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        statuses.append(response.status)
    assert 429 in statuses, statuses
