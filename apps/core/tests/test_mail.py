"""The mail path: what a queued mail says and carries (delivery itself: tests/test_mail_queue.py)."""

import email
import email.policy

import pytest
from django.core import mail as django_mail
from django.db import transaction
from django.utils import translation

from apps.core.mail import clean_header, mail_language, queue_mail
from apps.core.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(settings):
    from apps.pages.models import SiteSettings

    settings.SITE_URL = "https://kiez.example.org"
    row = SiteSettings.load()
    row.area_name, row.office_name, row.email = "QM Spreekiez", "Vor-Ort-Büro Spreekiez", "buero@qm.example"
    row.street, row.postcode = "Uferstraße 3", "10997"
    row.save()
    return row


def queue(**kwargs):
    return queue_mail(
        template="account/email/unknown_account", context={"signup_url": "https://kiez.example.org/konto/"}, **kwargs
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Neu:\r\nBcc: alle@example.org", "Neu: Bcc: alle@example.org"),
        ("a\x00b\tc\u2028d", "a b c d"),
        ("  viel   Platz  ", "viel Platz"),
    ],
)
def test_clean_header_leaves_one_line_without_control_characters(value, expected):
    assert clean_header(value) == expected


def test_clean_header_caps_the_length():
    assert clean_header("x" * 500, limit=50) == "x" * 49 + "…"


def test_a_queued_mail_names_area_and_office_and_answers_to_the_office(office):
    mail = queue(to="anna@example.org")
    message = django_mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.reply_to == ["buero@qm.example"]
    assert "Vor-Ort-Büro Spreekiez · QM Spreekiez" in message.body
    assert "Uferstraße 3, 10997 Berlin" in message.body
    assert "https://kiez.example.org/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT and mail.attempts == 1


def test_the_language_is_the_recipients_else_the_requests_else_german(office):
    assert mail_language("en") == "en"
    assert mail_language("xx") == "de"
    with translation.override("en"):
        assert mail_language() == "en"
        queue(to="en@example.org")
    queue(to="de@example.org", language="de")
    english, german = django_mail.outbox
    assert english.extra_headers["Content-Language"] == "en" and english.subject == "Unknown Account"
    assert german.extra_headers["Content-Language"] == "de" and german.subject != "Unknown Account"


def test_header_injection_in_a_subject_is_defused(office):
    queue(to="anna@example.org", subject="Hallo\r\nBcc: alle@example.org\x00" + "x" * 400)
    message = django_mail.outbox[0]
    assert "\n" not in message.subject and "\x00" not in message.subject and len(message.subject) <= 200
    assert message.bcc == [] and "Bcc" not in message.extra_headers
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["Subject"].strip().startswith("Hallo Bcc: alle@example.org xxx")


def test_nothing_is_queued_in_a_transaction_that_rolls_back(office, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        queue(to="anna@example.org")
        assert OutgoingMail.objects.count() == 1 and DBTaskResult.objects.count() == 1
        raise RuntimeError
    assert OutgoingMail.objects.count() == 0 and DBTaskResult.objects.count() == 0
    assert django_mail.outbox == []


def test_a_mail_without_recipients_is_not_queued(office):
    assert queue(to=["", "  "]) is None
    assert OutgoingMail.objects.count() == 0
