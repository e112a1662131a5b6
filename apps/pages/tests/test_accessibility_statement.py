"""The accessibility statement (every part of the EU model statement, edited in the admin), the
feedback form "Barriere melden" and the sign-language page (BITV 2.0 §§ 4, 7, 12)."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.pages.models import (
    AccessibilityFeedback,
    AccessibilityStatement,
    NonAccessibleContent,
    SignLanguageVideo,
    SiteSettings,
)

pytestmark = pytest.mark.django_db

# The smallest files the content check accepts: an ISO BMFF "ftyp" box with an MP4 brand, an
# EBML header with the "webm" doc type (a real player needs more; the check reads the header).
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    + b"\x00" * 64
)
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nGrüße aus dem Vor-Ort-Büro.\n".encode()


@pytest.fixture
def site():
    settings = SiteSettings.load()
    settings.office_name, settings.street, settings.postcode = "Vor-Ort-Büro", "Beispielstraße 12", "10997"
    settings.email, settings.phone = "buero@example.org", "030 1234567"
    settings.save()
    return settings


@pytest.fixture
def statement():
    statement = AccessibilityStatement.load()
    statement.intro = "Wir sind bemüht, dieses Portal barrierefrei zu machen."
    statement.compliance = AccessibilityStatement.Compliance.PARTIAL
    statement.assessed_on = datetime.date(2026, 10, 1)
    statement.method = AccessibilityStatement.Method.EXTERNAL
    statement.assessed_by = "Prüfstelle Beispiel"
    statement.prepared_on = datetime.date(2026, 10, 15)
    statement.reviewed_on = datetime.date(2026, 11, 20)
    statement.answer_days = 30
    statement.conciliation_url = "https://www.schlichtungsstelle-bgg.de/"
    statement.conciliation_contact = "Mauerstraße 53\n10117 Berlin"
    statement.enforcement_name = "Landesbeauftragte für digitale Barrierefreiheit"
    statement.save()
    NonAccessibleContent.objects.create(
        statement=statement, content="Alte Protokolle als PDF", explanation="Eingescannt.",
        alternative="Wir schicken den Text per E-Mail.", reason="noncompliance",
    )  # fmt: skip
    return statement


def test_the_statement_shows_every_required_part_at_the_old_address(client, site, statement):
    response = client.get("/seiten/barrierefreiheit/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Wir sind bemüht, dieses Portal barrierefrei zu machen.",
        "<strong>teilweise vereinbar</strong>",  # compliance status
        "Alte Protokolle als PDF",  # non-accessible content, reason and alternative
        "nicht mit den Anforderungen vereinbar",
        "Wir schicken den Text per E-Mail.",
        'Diese Erklärung wurde am <time datetime="2026-10-15">15. Oktober 2026</time> erstellt.',
        '<time datetime="2026-11-20">20. November 2026</time>',
        "Prüfung durch Dritte",  # method and date of the assessment
        '<time datetime="2026-10-01">1. Oktober 2026</time>',
        "Prüfstelle Beispiel",
        "Beispielstraße 12",  # feedback contact, falling back to the office's
        'href="mailto:buero@example.org"',
        'href="tel:0301234567"',
        "innerhalb von 30 Tagen",  # the answer deadline
        reverse("pages:accessibility_feedback"),
        "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)",
        'href="https://www.schlichtungsstelle-bgg.de/"',
        "Landesbeauftragte für digitale Barrierefreiheit",
    ]:
        assert text in html, text


def test_the_statement_uses_its_own_feedback_contacts_when_given(client, site, statement):
    statement.feedback_email, statement.feedback_phone = "barrierefrei@example.org", "030 7654321"
    statement.save()
    html = client.get(reverse("pages:accessibility_statement")).content.decode()
    assert "mailto:barrierefrei@example.org" in html and "030 7654321" in html


def test_the_statement_is_translated_like_other_pages(client, site, statement):
    statement.intro_en = "We strive to make this portal accessible."
    statement.save()
    english = client.get(reverse("pages:accessibility_statement"), headers={"accept-language": "en"})
    html = english.content.decode()
    assert "We strive to make this portal accessible." in html
    assert "<strong>partially compliant</strong>" in html
    assert '<strong lang="de">Alte Protokolle als PDF</strong>' in html  # untranslated item, marked German


def test_footer_links_the_statement_and_the_feedback_form(client, site):
    html = client.get(reverse("pages:home")).content.decode()
    footer = html.split('class="site-footer"', 1)[1]
    assert 'href="/seiten/barrierefreiheit/">Erklärung zur Barrierefreiheit' in footer
    assert 'href="/barriere-melden/">Barriere melden' in footer


def test_the_statement_admin_is_a_single_row(client, qm_staff, statement):
    client.force_login(qm_staff)
    assert client.get(reverse("admin:pages_accessibilitystatement_add")).status_code == 403
    response = client.get(reverse("admin:pages_accessibilitystatement_change", args=[1]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["compliance", "assessed_on", "method", "prepared_on", "reviewed_on", "feedback_email",
                 "answer_days", "conciliation_url", "enforcement_name", "intro_tr", "items-0-content_ar"]:  # fmt: skip
        assert f'name="{name}"' in html, name


# --- Barriere melden -------------------------------------------------------------------------


def feedback_data(**overrides):
    data = {"message": "Der Kalender lässt sich mit der Tastatur nicht bedienen.", "page_url": "/quartiersrat/",
            "name": "", "email": "", "website": ""}  # fmt: skip
    return {**data, **overrides}


def test_anonymous_feedback_is_stored_and_mailed_to_the_office(client, site, statement):
    from apps.notifications.office import office_digests

    response = client.post(reverse("pages:accessibility_feedback"), feedback_data())
    assert response.status_code == 302 and response.url == reverse("pages:accessibility_feedback_done")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.status == "open" and not feedback.wants_answer and feedback.email == ""
    assert feedback.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert not mail.outbox  # the office hears of it in the hourly office digest
    office_digests()
    assert [m.to for m in mail.outbox] == [["buero@example.org"]]
    assert "Der Kalender lässt sich mit der Tastatur" in mail.outbox[0].body
    assert f"/admin/pages/accessibilityfeedback/{feedback.pk}/change/" in mail.outbox[0].body
    assert client.get(response.url).status_code == 200


def test_feedback_with_an_answer_wanted_names_the_due_date_and_the_sender(client, site, statement):
    from apps.notifications.office import office_digests

    data = feedback_data(email="anna@example.org", name="Anna", wants_answer="on")
    response = client.post(reverse("pages:accessibility_feedback"), data, follow=True)
    due = timezone.localdate() + datetime.timedelta(days=30)
    assert f"bis zum {due:%d.%m.%Y} an anna@example.org" in response.content.decode()
    office_digests()
    assert f"anna@example.org, {due:%d.%m.%Y}" in mail.outbox[0].body


def test_an_answer_needs_an_e_mail_address(client, site):
    response = client.post(reverse("pages:accessibility_feedback"), feedback_data(wants_answer="on"))
    assert response.status_code == 200
    assert "damit wir Ihnen antworten können" in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_form_limits_length_and_catches_bots(client, site):
    url = reverse("pages:accessibility_feedback")
    too_long = client.post(url, feedback_data(message="x" * 3001))
    assert too_long.status_code == 200 and "höchstens 3000 Zeichen" in too_long.content.decode()
    empty = client.post(url, feedback_data(message="   "))
    assert empty.status_code == 200
    bot = client.post(url, feedback_data(website="https://spam.example"))
    assert bot.status_code == 200 and "Spam-Abwehr" in bot.content.decode()
    assert not AccessibilityFeedback.objects.exists() and not mail.outbox


def test_the_form_takes_the_page_from_the_link(client, site):
    html = client.get(reverse("pages:accessibility_feedback"), {"seite": "/aktionsfonds/"}).content.decode()
    assert 'value="/aktionsfonds/"' in html


def test_the_admin_lists_feedback_with_due_date_and_marks_it_answered(client, qm_staff, statement):
    today = timezone.localdate()
    late = AccessibilityFeedback.objects.create(message="Kontrast zu schwach", email="a@example.org",
                                                wants_answer=True, due_on=today - datetime.timedelta(days=1))  # fmt: skip
    AccessibilityFeedback.objects.create(message="Video ohne Untertitel", due_on=today)
    assert list(AccessibilityFeedback.objects.overdue()) == [late]
    client.force_login(qm_staff)
    url = reverse("admin:pages_accessibilityfeedback_changelist")
    html = client.get(url).content.decode()
    assert "Kontrast zu schwach" in html and "Video ohne Untertitel" in html
    response = client.post(url, {"action": "mark_answered", "_selected_action": [late.pk]})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "answered" and late.answered_at is not None and not late.is_overdue
    assert client.get(reverse("admin:pages_accessibilityfeedback_add")).status_code == 403


def test_an_answer_without_address_is_refused_by_the_database(statement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AccessibilityFeedback.objects.create(message="x", wants_answer=True, email="")


# --- Gebärdensprache -------------------------------------------------------------------------


def test_header_links_the_sign_language_page_next_to_leichte_sprache(client, site):
    html = client.get(reverse("pages:home")).content.decode()
    header = html.split("</header>", 1)[0]
    easy, sign = header.index("Leichte Sprache</a>"), header.index("Gebärdensprache</a>")
    assert easy < sign and 'href="/gebaerdensprache/"' in header and "gebaerdensprache" in header[easy:sign]


def test_sign_language_page_shows_the_text_and_a_note_without_video(client, site):
    SignLanguageVideo.objects.create(title="Was macht das QM?", transcript="Wir kümmern uns um den Kiez.")
    SignLanguageVideo.objects.create(title="Entwurf", transcript="Geheim.", is_published=False)
    html = client.get(reverse("pages:sign_language")).content.decode()
    assert "Was macht das QM?" in html and "Wir kümmern uns um den Kiez." in html
    assert "Das Video zu diesem Text entsteht gerade" in html
    assert "<video" not in html and "Entwurf" not in html


def test_sign_language_video_and_captions_upload_in_the_admin_and_play_on_the_page(client, qm_staff, site, settings):
    from tests.test_uploads import admin_form_data

    client.force_login(qm_staff)
    video = SignLanguageVideo.objects.create(title="Willkommen", transcript="Willkommen im Kiez.")
    url = reverse("admin:pages_signlanguagevideo_change", args=[video.pk])
    for content, extension in ((MP4, "mp4"), (WEBM, "webm")):
        data = admin_form_data(client, url)
        data["video"] = SimpleUploadedFile("dgs.mov", content, "application/octet-stream")
        data["captions"] = SimpleUploadedFile("untertitel.txt", VTT, "text/plain")
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        video.refresh_from_db()
        assert video.video.name.startswith("signlanguage/") and video.video.name.endswith(f".{extension}")
        assert video.captions.name.endswith(".vtt")
    html = client.get(reverse("pages:sign_language")).content.decode()
    assert f'<source src="{video.video.url}" type="video/webm">' in html
    assert f'<track kind="captions" src="{video.captions.url}" srclang="de" label="Deutsch" default>' in html


@pytest.mark.parametrize(
    ("field", "content"),
    [
        ("video", b"<html><script>alert(1)</script></html>"),
        ("video", b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska" + b"\x00" * 64),  # Matroska, not WebM
        ("captions", b"WEBVTT\n\n\xff\xfe not text"),
        ("captions", b"<html>WEBVTT</html>"),
        ("captions", MP4),
    ],
)
def test_sign_language_uploads_are_checked_by_content(client, qm_staff, field, content):
    from tests.test_uploads import admin_form_data

    client.force_login(qm_staff)
    video = SignLanguageVideo.objects.create(title="Willkommen", transcript="Willkommen im Kiez.")
    url = reverse("admin:pages_signlanguagevideo_change", args=[video.pk])
    data = admin_form_data(client, url)
    data[field] = SimpleUploadedFile("datei.webm" if field == "video" else "datei.vtt", content)
    response = client.post(url, data)
    assert response.status_code == 200
    video.refresh_from_db()
    assert not getattr(video, field)


def test_the_video_size_limit_is_a_setting(client, qm_staff, settings):
    from tests.test_uploads import admin_form_data

    settings.UPLOAD_VIDEO_MAX_MB = 1
    client.force_login(qm_staff)
    video = SignLanguageVideo.objects.create(title="Willkommen", transcript="Willkommen im Kiez.")
    url = reverse("admin:pages_signlanguagevideo_change", args=[video.pk])
    data = admin_form_data(client, url)
    data["video"] = SimpleUploadedFile("gross.mp4", MP4 + b"\x00" * (1024 * 1024))
    response = client.post(url, data)
    assert response.status_code == 200 and "höchstens 1 MB" in response.content.decode()


def test_staff_may_send_a_video_above_the_document_limit_others_may_not(qm_staff, resident, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from apps.core.files import MAX_FILE_MB, max_file_mb

    settings.UPLOAD_VIDEO_MAX_MB = 80
    request = RequestFactory().get("/")
    for user, limit in ((AnonymousUser(), MAX_FILE_MB), (resident, MAX_FILE_MB), (qm_staff, 80)):
        request.user = user
        assert max_file_mb(request) == limit
    assert max_file_mb(None) == MAX_FILE_MB


def test_the_former_statement_page_becomes_the_introduction_and_goes(client):
    from importlib import import_module

    from django.apps import apps

    from apps.pages.models import Page

    migration = import_module("apps.pages.migrations.0014_statement_from_page")
    Page.objects.create(slug="barrierefreiheit", title="Erklärung zur Barrierefreiheit", menu="footer",
                        body="Alle Seiten sind mit der Tastatur bedienbar.", body_en="Keyboard only works.")  # fmt: skip
    migration.page_to_statement(apps, None)
    statement = AccessibilityStatement.load()
    assert statement.intro_de == "Alle Seiten sind mit der Tastatur bedienbar."
    assert statement.intro_en == "Keyboard only works."
    assert not Page.objects.filter(slug="barrierefreiheit").exists()
    assert "Alle Seiten sind mit der Tastatur bedienbar." in client.get("/seiten/barrierefreiheit/").content.decode()
    migration.statement_to_page(apps, None)  # and back
    assert Page.objects.get(slug="barrierefreiheit").body_en == "Keyboard only works."


def _queries(client, url, settings) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    client.get(url)  # the layout's cached rows
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_statement_and_sign_language_pages_take_the_same_queries_for_more_entries(client, site, statement, settings):
    statement_url, sign_url = reverse("pages:accessibility_statement"), reverse("pages:sign_language")
    SignLanguageVideo.objects.create(title="Eins", transcript="Text eins.")
    few = (_queries(client, statement_url, settings), _queries(client, sign_url, settings))
    for number in range(12):
        NonAccessibleContent.objects.create(statement=statement, content=f"Inhalt {number}", reason="noncompliance")
        SignLanguageVideo.objects.create(title=f"Video {number}", transcript=f"Text {number}.")
    many = (_queries(client, statement_url, settings), _queries(client, sign_url, settings))
    assert many == few and max(many) <= 8, (few, many)
