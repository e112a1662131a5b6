"""Double opt-in as deployed: the real worker process delivers through a real SMTP server
(aiosmtpd, tests/smtp.py). Nothing reaches an address before it is confirmed, the issue reaches it
once, with RFC 8058 one-click headers, and nothing after the one-click unsubscribe."""

import time

import pytest
from django.urls import reverse

from apps.newsletter import services
from apps.newsletter.models import Subscription
from tests.smtp import SmtpServer, Worker, wait_for

from .factories import IssueFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker(smtp, settings, tmp_path, transactional_db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    process = Worker(smtp.port, tmp_path / "worker.log")
    yield process
    process.stop()


def path_of(url: str) -> str:
    return "/" + url.split("//", 1)[1].split("/", 1)[1]


def test_double_opt_in_through_the_worker_and_a_real_smtp_server(client, smtp, worker):
    client.post(reverse("newsletter:subscribe"), {"email": "opt-in@example.org", "privacy_consent": "on"})
    confirmation = wait_for(lambda: smtp.received_by("opt-in@example.org"), what="the confirmation")[0]
    issue = IssueFactory(subject="Kiez-Newsletter Dezember")
    assert services.send_issue(issue, by=None) == 0  # not confirmed: nothing for this address
    time.sleep(1.5)
    assert len(smtp.received_by("opt-in@example.org")) == 1

    body = confirmation.get_content()
    link = next(word for word in body.split() if "/newsletter/bestaetigen/" in word)
    client.post(path_of(link))
    assert Subscription.objects.get().confirmed_at is not None
    assert services.send_issue(issue, by=None) == 1
    assert services.send_issue(issue, by=None) == 0
    wait_for(lambda: len(smtp.received_by("opt-in@example.org")) == 2, what="the newsletter")
    newsletter = smtp.received_by("opt-in@example.org")[1]
    assert newsletter["Subject"] == "Kiez-Newsletter Dezember"
    assert newsletter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(newsletter["List-Unsubscribe"]).strip("<>")

    response = client.post(
        path_of(unsubscribe), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert services.send_issue(IssueFactory(subject="Januar"), by=None) == 0
    time.sleep(1.5)
    assert len(smtp.received_by("opt-in@example.org")) == 2
