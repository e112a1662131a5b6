"""The shared services' own periodic jobs (see apps/core/scheduler.py)."""

from datetime import time, timedelta

from django.core.management import call_command

from .mail import prune_sent, requeue_stuck
from .scheduler import Job


def prune_task_results() -> None:
    """Finished task rows of the queue older than two weeks."""
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)


JOBS = [
    Job("mail_requeue_stuck", requeue_stuck, every=timedelta(minutes=10)),
    Job("mail_prune_sent", prune_sent, daily_at=time(4, 0)),
    Job("tasks_prune_results", prune_task_results, daily_at=time(4, 10)),
]
