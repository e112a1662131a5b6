"""``python manage.py worker``: sends the queued mails and runs the periodic jobs.

One process per host is enough (start more for more throughput); production runs it as a
systemd service beside gunicorn, ``make run`` beside runserver."""

import os
import socket

from django.core.management.base import BaseCommand
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from apps.core.scheduler import SchedulerThread, registered_jobs, run_job, tick


class Command(BaseCommand):
    help = (
        "Work off the database queue (outgoing mails, jobs) and run the scheduler of periodic jobs. "
        "Several workers, also on several hosts, may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty (default 1)."
        )
        parser.add_argument(
            "--scheduler-interval", type=float, default=30.0, help="Seconds between scheduler ticks (default 30)."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Queue the jobs that are due, work off the queue, then exit."
        )
        parser.add_argument("--list-jobs", action="store_true", help="List the periodic jobs and exit.")
        parser.add_argument("--run-job", dest="job_name", metavar="NAME", help="Run one periodic job now and exit.")

    def handle(self, *args, interval, scheduler_interval, batch, list_jobs, job_name, **options):
        if list_jobs:
            for job in registered_jobs().values():
                self.stdout.write(f"{job.name:28} {job.schedule:16} {'per host' if job.per_host else ''}")
            return
        if job_name:
            self.stdout.write(f"{job_name}: {run_job(job_name)}")
            return
        worker = Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        if batch:
            tick()
            worker.run()
            return
        scheduler = SchedulerThread(scheduler_interval)
        scheduler.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            scheduler.stop()
