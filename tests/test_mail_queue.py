"""The mail queue as deployed: PostgreSQL, the real worker process and a real SMTP server.

A mail is queued in the transaction of the data it reports and sent by the worker; with the
SMTP server down every submission still answers its normal page, and once the server is back
each mail arrives exactly once. A mail that cannot be delivered is "failed" in the admin and
can be sent again from there."""

import socket
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.actionfund.models import Application as ActionFundApplication
from apps.actionfund.tests.factories import FundYearFactory
from apps.actionfund.tests.test_views import application_data
from apps.core.mail import queue_mail
from apps.core.models import OutgoingMail
from apps.ideas.models import Idea
from apps.ideas.tests.test_views import form_data as idea_data
from apps.network.models import Suggestion
from apps.network.tests.test_views import suggestion_data

from .smtp import SmtpServer, Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
Status = OutgoingMail.Status


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database_queue(settings):
    """In this process too the queue is the database (the rest of the suite delivers at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def start_worker(smtp, database_queue, tmp_path, transactional_db):
    workers = []

    def start(**env):
        worker = Worker(smtp.port, tmp_path / "worker.log", **env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def unknown_account_mail(to: str):
    """A real mail of the portal (allauth's answer to a password reset for an unknown address)."""
    return queue_mail(to=to, template="account/email/unknown_account", context={"signup_url": "/konto/signup/"})


def test_a_mail_queued_in_a_rolled_back_transaction_is_never_sent(smtp, start_worker):
    start_worker()
    with pytest.raises(RuntimeError), transaction.atomic():
        unknown_account_mail("rolled-back@example.org")
        raise RuntimeError("the data could not be saved")
    unknown_account_mail("committed@example.org")
    wait_for(lambda: smtp.received_by("committed@example.org"), what="the committed mail")
    time.sleep(1)
    assert [recipients for recipients, _message in smtp.messages] == [["committed@example.org"]]
    assert list(OutgoingMail.objects.values_list("recipients", "status")) == [("committed@example.org", Status.SENT)]


def test_submissions_with_the_mail_server_down_answer_normally_and_mail_once_it_is_back(
    client, smtp, start_worker, resident
):
    smtp.stop()
    start_worker()
    FundYearFactory()
    # Everything a visitor can do that sends mail: three submissions without an account,
    # sign-up and password reset.
    answers = [
        client.post(reverse("ideas:new"), idea_data(email="idee@example.org"), follow=True),
        client.post(reverse("actionfund:apply"), application_data(email="aktion@example.org"), follow=True),
        client.post(
            reverse("network:suggest_entry"), suggestion_data(suggester_email="vorschlag@example.org"), follow=True
        ),
        client.post(
            reverse("account_signup"),
            {
                "email": "neu@example.org",
                "password1": "ein-langes-passwort-2026",
                "password2": "ein-langes-passwort-2026",
            },
            follow=True,
        ),
    ]
    client.logout()
    answers.append(client.post(reverse("account_reset_password"), {"email": resident.email}, follow=True))
    assert [answer.status_code for answer in answers] == [200] * 5
    assert [len(answer.redirect_chain) for answer in answers] == [1] * 5  # each to its confirmation page
    assert Idea.objects.filter(email="idee@example.org").exists()
    assert ActionFundApplication.objects.filter(email="aktion@example.org").exists()
    assert Suggestion.objects.filter(suggester_email="vorschlag@example.org").exists()
    recipients = ["idee@example.org", "aktion@example.org", "vorschlag@example.org", "neu@example.org", resident.email]
    assert sorted(OutgoingMail.objects.values_list("recipients", flat=True)) == sorted(recipients)

    # The worker keeps trying while the server is down ...
    wait_for(lambda: not OutgoingMail.objects.filter(attempts__lt=2).exists(), what="two attempts each")
    assert all("Connection refused" in error for error in OutgoingMail.objects.values_list("last_error", flat=True))
    assert not OutgoingMail.objects.exclude(status=Status.QUEUED).exists()

    # ... and delivers every mail exactly once when it is back.
    smtp.start()
    wait_for(lambda: not OutgoingMail.objects.exclude(status=Status.SENT).exists(), what="all mails sent")
    time.sleep(2)  # no second copy follows
    assert sorted(address for recipients, _message in smtp.messages for address in recipients) == sorted(recipients)
    confirmation = smtp.received_by("aktion@example.org")[0]
    assert "http://127.0.0.1:8000/aktionsfonds/" in confirmation.get_content()


def test_a_mail_server_that_never_answers_costs_the_worker_only_the_timeout(smtp, start_worker):
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        start_worker(EMAIL_PORT=str(silent.getsockname()[1]), EMAIL_TIMEOUT="1")
        mail = unknown_account_mail("wartet@example.org")
        wait_for(lambda: OutgoingMail.objects.get(pk=mail.pk).attempts >= 1, what="the first attempt")
        mail.refresh_from_db()
        assert "timed out" in mail.last_error  # after EMAIL_TIMEOUT, not after the server gave up
        assert mail.status == Status.QUEUED and mail.next_attempt_at is not None


def test_a_refused_mail_is_failed_in_the_admin_and_can_be_sent_again(client, smtp, start_worker, qm_staff):
    smtp.recorder.refused_domains.add("gibt-es-nicht.example")
    start_worker()
    mail = unknown_account_mail("niemand@gibt-es-nicht.example")
    wait_for(lambda: OutgoingMail.objects.get(pk=mail.pk).status == Status.FAILED, what="the mail to fail")
    mail.refresh_from_db()
    assert mail.attempts == 1  # a 5xx answer is final: no retries
    assert "550" in mail.last_error

    from apps.accounts.roles import grant_qm_team_permissions

    grant_qm_team_permissions()
    client.force_login(qm_staff)
    changelist = client.get(reverse("admin:core_outgoingmail_changelist"), {"status__exact": "failed"})
    assert changelist.status_code == 200
    assert "niemand@gibt-es-nicht.example" in changelist.content.decode()
    assert "550" in changelist.content.decode()

    smtp.recorder.refused_domains.clear()  # the address works again
    answer = client.post(
        reverse("admin:core_outgoingmail_changelist"),
        {"action": "send_again_action", "_selected_action": [mail.pk]},
        follow=True,
    )
    assert answer.status_code == 200
    wait_for(lambda: OutgoingMail.objects.get(pk=mail.pk).status == Status.SENT, what="the mail to be sent")
    assert len(smtp.received_by("niemand@gibt-es-nicht.example")) == 1


def test_after_the_last_retry_a_mail_is_failed(smtp, start_worker):
    smtp.stop()
    start_worker(MAIL_RETRY_DELAYS="1,1")
    mail = unknown_account_mail("spaeter@example.org")
    wait_for(lambda: OutgoingMail.objects.get(pk=mail.pk).status == Status.FAILED, what="the mail to fail")
    mail.refresh_from_db()
    assert mail.attempts == 3 and "Connection refused" in mail.last_error


def test_two_workers_send_each_mail_once(smtp, start_worker):
    mails = [unknown_account_mail(f"person{number}@example.org") for number in range(60)]
    started = time.monotonic()
    workers = [start_worker(), start_worker()]
    wait_for(lambda: not OutgoingMail.objects.exclude(status=Status.SENT).exists(), timeout=60, what="all sent")
    seconds = time.monotonic() - started
    time.sleep(1)
    assert len(smtp.messages) == len(mails)
    assert len({message["Message-ID"] for _recipients, message in smtp.messages}) == len(mails)
    print(f"\n60 mails, 2 workers: {seconds:.1f} s incl. start; RSS {[w.rss_kib() // 1024 for w in workers]} MiB")


def test_a_lost_task_is_requeued_by_the_scheduled_job(smtp, start_worker):
    mail = unknown_account_mail("verloren@example.org")
    # The worker died in the middle of the task: the task row is gone, the mail still queued.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    OutgoingMail.objects.filter(pk=mail.pk).update(created_at=timezone.now() - timedelta(hours=1))
    from apps.core.mail import requeue_stuck

    assert requeue_stuck() == 1
    start_worker()
    wait_for(lambda: smtp.received_by("verloren@example.org"), what="the requeued mail")
