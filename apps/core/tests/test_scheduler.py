"""Periodic jobs: declared by the apps, claimed once per slot however many workers tick."""

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from apps.core.models import ScheduledJob
from apps.core.scheduler import Job, registered_jobs, tick

EXPECTED_JOBS = {
    "ideas_purge_unconfirmed",
    "actionfund_purge_unconfirmed",
    "network_purge_unconfirmed",
    "actionfund_proof_reminders",
    "personal_data_purge",
    "prune_cache",
    "mail_requeue_stuck",
    "mail_prune_sent",
    "tasks_prune_results",
    "events_purge_unconfirmed",
    "newsletter_purge_unconfirmed",
    "notifications_broadcast",
    "notifications_office_digest",
    "notifications_daily_digest",
    "notifications_weekly_digest",
    "notifications_forward_reminders",
    "notifications_prune",
}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_apps_declare_the_jobs_the_readme_lists():
    jobs = registered_jobs()
    assert set(jobs) == EXPECTED_JOBS
    assert jobs["actionfund_proof_reminders"].schedule == "daily 07:15"
    assert jobs["prune_cache"].per_host


def test_daily_jobs_run_at_berlin_time_across_daylight_saving():
    job = Job("x", lambda: None, daily_at=time(3, 10))
    winter = job.next_run(datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    summer = job.next_run(datetime(2026, 7, 10, 1, 0, tzinfo=UTC))
    assert winter == datetime(2026, 1, 11, 2, 10, tzinfo=UTC)
    assert summer == datetime(2026, 7, 10, 1, 10, tzinfo=UTC)  # 03:00 CEST: 03:10 the same day
    with pytest.raises(ValueError):
        Job("y", lambda: None)


@pytest.mark.django_db
def test_a_due_job_is_queued_once_and_then_waits_for_its_next_slot(database_queue):
    now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 03:00 in Berlin
    first = tick(now=now, host="web1")
    # interval jobs start at once
    assert set(first) == {"mail_requeue_stuck", "prune_cache", "notifications_broadcast", "notifications_office_digest"}
    assert tick(now=now + timedelta(minutes=1), host="web2") == ["prune_cache"]  # web2's own cache
    later = tick(now=now + timedelta(minutes=11), host="web2")
    assert "ideas_purge_unconfirmed" in later and "mail_requeue_stuck" in later
    assert tick(now=now + timedelta(minutes=12), host="web1") == ["prune_cache"]
    queued = sorted(DBTaskResult.objects.values_list("args_kwargs__args", flat=True))
    assert queued.count(["ideas_purge_unconfirmed"]) == 1
    job = ScheduledJob.objects.get(name="ideas_purge_unconfirmed")
    assert job.last_host == "web2" and job.next_run_at == datetime(2026, 12, 1, 2, 10, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_claim_each_slot_once(database_queue):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections")
    now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    tick(now=now, host="web1")  # creates the clocks
    barrier = threading.Barrier(4)
    claimed = []

    def worker(host):
        barrier.wait()
        claimed.extend(tick(now=now + timedelta(hours=3), host=host))
        connection.close()

    threads = [threading.Thread(target=worker, args=("same-host",)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(set(claimed))
    assert "ideas_purge_unconfirmed" in claimed


@pytest.mark.django_db(transaction=True)  # the worker closes old connections, as it should
def test_the_worker_batch_runs_due_jobs(database_queue, capsys):
    call_command("worker", "--batch")
    assert ScheduledJob.objects.filter(name="mail_requeue_stuck", last_run_at__isnull=False).exists()
    assert not DBTaskResult.objects.ready().exists()  # all worked off
    call_command("worker", "--list-jobs")
    assert "actionfund_proof_reminders" in capsys.readouterr().out
