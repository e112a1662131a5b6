"""As deployed: the jobs queue their mails in PostgreSQL, the real worker (``manage.py worker``)
delivers them to a real SMTP server (aiosmtpd)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.models import ScheduledJob
from apps.core.scheduler import registered_jobs
from apps.ideas.models import IdeaStatus
from apps.ideas.services import concern_forward, idea_change_status
from apps.ideas.tests.factories import IdeaFactory, OfficeFactory
from apps.notifications import office, reminders
from apps.notifications.models import ForwardReminder
from apps.pages.models import SiteSettings
from tests.smtp import SmtpServer, Worker, wait_for

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
    # The worker's scheduler stays out of the way: the tests run the jobs themselves.
    later = timezone.now() + timedelta(days=1)
    ScheduledJob.objects.bulk_create([ScheduledJob(name=name, next_run_at=later) for name in registered_jobs()])
    process = Worker(smtp.port, tmp_path / "worker.log")
    yield process
    process.stop()


@pytest.fixture
def office_address():
    site = SiteSettings.load()
    site.email = "buero@qm.example"
    site.save()
    return site.email


def test_a_forwarded_concern_without_an_answer_reminds_the_team_and_the_office_once_per_interval(
    smtp, worker, settings, office_address, qm_staff
):
    settings.FORWARD_REMINDER_DAYS = 10
    settings.FORWARD_REMINDER_TO_OFFICE = True
    district = OfficeFactory(name="Straßen- und Grünflächenamt", email="sga@bezirksamt.example")
    waiting = IdeaFactory(kind="concern", title="Gehweg am Teich kaputt")
    answered = IdeaFactory(kind="concern", title="Laterne defekt")
    fresh = IdeaFactory(kind="concern", title="Neu weitergeleitet")
    for idea in (waiting, answered, fresh):
        concern_forward(idea=idea, office=district, by=qm_staff)
    now = timezone.now()
    past = now - timedelta(days=11)
    type(waiting).objects.filter(pk__in=[waiting.pk, answered.pk]).update(forwarded_at=past)
    type(answered).objects.filter(pk=answered.pk).update(office_answer="Wird repariert.", office_answered_on=now.date())
    wait_for(lambda: len(smtp.received_by("sga@bezirksamt.example")) == 3, what="the three forwardings")

    assert reminders.forward_reminders(now=now) == 1
    wait_for(lambda: smtp.received_by(office_address), what="the reminder to the QM team")
    team = smtp.received_by(office_address)
    assert len(team) == 1 and "Gehweg am Teich kaputt" in team[0]["Subject"]
    wait_for(lambda: len(smtp.received_by("sga@bezirksamt.example")) == 4, what="the reminder to the office")
    to_office = smtp.received_by("sga@bezirksamt.example")[-1]
    assert "Erinnerung" in to_office["Subject"] and "Gehweg am Teich kaputt" in to_office.get_content()
    assert ForwardReminder.objects.get().to_office

    # Recorded: the next days send nothing, the next interval reminds again.
    assert reminders.forward_reminders(now=now + timedelta(days=1)) == 0
    assert reminders.forward_reminders(now=now + timedelta(days=9)) == 0
    # Ten days on: the waiting concern a second time, the one forwarded today a first time.
    assert reminders.forward_reminders(now=now + timedelta(days=10, minutes=1)) == 2
    wait_for(lambda: len(smtp.received_by(office_address)) == 3, what="the next reminders")
    assert sorted(ForwardReminder.objects.values_list("idea__title", flat=True)) == [
        "Gehweg am Teich kaputt",
        "Gehweg am Teich kaputt",
        "Neu weitergeleitet",
    ]


def test_the_office_setting_off_reminds_the_team_only(smtp, worker, settings, office_address, qm_staff):
    settings.FORWARD_REMINDER_DAYS = 10
    settings.FORWARD_REMINDER_TO_OFFICE = False
    idea = IdeaFactory(kind="concern")
    concern_forward(idea=idea, office=OfficeFactory(email="amt@bezirksamt.example"), by=qm_staff)
    type(idea).objects.filter(pk=idea.pk).update(forwarded_at=timezone.now() - timedelta(days=30))
    assert reminders.forward_reminders() == 1
    wait_for(lambda: smtp.received_by(office_address), what="the reminder to the QM team")
    assert len(smtp.received_by("amt@bezirksamt.example")) == 1  # the forwarding only
    assert not ForwardReminder.objects.get().to_office


def test_notifications_arrive_with_list_unsubscribe_headers_and_office_digests_bundle(
    smtp, worker, office_address, qm_staff, resident
):
    idea = IdeaFactory(status=IdeaStatus.NEW, email="einreicher@example.org")
    idea_change_status(idea=idea, to=IdeaStatus.PUBLISHED, by=qm_staff)
    message = wait_for(lambda: smtp.received_by("einreicher@example.org"), what="the status mail")[0]
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # long: folded onto its own line
    assert unsubscribe.startswith("<http") and unsubscribe.endswith("/abmelden/>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/konto/benachrichtigungen/link/" in message.get_content()

    from apps.ideas.services import comment_add

    for text in ("Erster", "Zweiter", "Dritter"):
        comment_add(idea=idea, author=resident, text=text)
    assert office.office_digests() == 1
    digest = wait_for(lambda: smtp.received_by(office_address), what="the office digest")
    assert len(digest) == 1, [(m["Subject"], m.get_content()[:300]) for m in digest]
    assert all(word in digest[0].get_content() for word in ("Erster", "Zweiter", "Dritter"))
