"""Periodic jobs, run by the worker (``manage.py worker``) instead of cron lines.

Each app declares its jobs in an ``apps/<app>/jobs.py`` module as ``JOBS = [Job(...)]``. Every
worker ticks the scheduler twice a minute; a job whose ``next_run_at`` has come is claimed by a
conditional UPDATE of its ``ScheduledJob`` row (only one worker's UPDATE finds the old value),
which in the same transaction puts the job on the task queue. So two workers on two hosts never
run one slot twice, and a slot that fell due while no worker ran is run once when one starts.
Jobs about one host's files (``per_host``) have a clock per host and run in that host's worker.
"""

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone

from .models import ScheduledJob
from .plugins import app_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A periodic job: ``run()`` every ``every``, or daily at ``daily_at`` (Berlin time)."""

    name: str
    run: Callable[[], object]
    every: timedelta | None = None
    daily_at: time | None = None
    per_host: bool = False

    def __post_init__(self):
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"Job {self.name}: give either every or daily_at.")

    @property
    def schedule(self) -> str:
        if self.every is not None:
            return f"every {int(self.every.total_seconds() // 60)} min"
        return f"daily {self.daily_at:%H:%M}"

    def slot_name(self, host: str) -> str:
        return f"{self.name}@{host}"[:100] if self.per_host else self.name

    def first_run(self, now: datetime) -> datetime:
        return now if self.every is not None else self.next_run(now)

    def next_run(self, now: datetime) -> datetime:
        if self.every is not None:
            return now + self.every
        zone = timezone.get_current_timezone()
        day = timezone.localtime(now, zone).date()
        candidate = datetime.combine(day, self.daily_at, tzinfo=zone)
        if candidate <= now:
            candidate = datetime.combine(day + timedelta(days=1), self.daily_at, tzinfo=zone)
        return candidate


def registered_jobs() -> dict[str, Job]:
    """Every app's ``jobs.JOBS``, by name."""
    jobs = {}
    for module in app_modules("jobs"):
        for job in module.JOBS:
            if job.name in jobs:
                raise ValueError(f"Two jobs are called {job.name}.")
            jobs[job.name] = job
    return jobs


def run_job(name: str):
    """Run one job now (the task the scheduler enqueues; also ``manage.py worker --run-job``)."""
    result = registered_jobs()[name].run()
    logger.info("job %s done: %s", name, result)
    return result if isinstance(result, int | str | None) else str(result)


def tick(*, now: datetime | None = None, host: str | None = None) -> list[str]:
    """Claim every job that is due and queue it (run it, if it is about this host); returns
    the names claimed."""
    from .tasks import run_scheduled_job

    now = now or timezone.now()
    host = (host or socket.gethostname())[:100]
    claimed = []
    for job in registered_jobs().values():
        row, _created = ScheduledJob.objects.get_or_create(
            name=job.slot_name(host), defaults={"next_run_at": job.first_run(now)}
        )
        if row.next_run_at > now:
            continue
        with transaction.atomic():
            won = ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
                next_run_at=job.next_run(now), last_run_at=now, last_host=host
            )
            if won and not job.per_host:
                run_scheduled_job.enqueue(job.name)
        if won:
            claimed.append(job.name)
            if job.per_host:
                try:
                    run_job(job.name)
                except Exception:
                    logger.exception("job %s failed", job.name)
    return claimed


class SchedulerThread(threading.Thread):
    """Ticks the scheduler every ``interval`` seconds beside the task worker."""

    def __init__(self, interval: float = 30):
        super().__init__(name="scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                claimed = tick()
                if claimed:
                    logger.info("scheduler: queued %s", ", ".join(claimed))
            except Exception:
                logger.exception("scheduler tick failed")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
