"""Periodic jobs of the action fund (run by ``manage.py worker``, see apps/core/scheduler.py)."""

from datetime import time

from apps.core.scheduler import Job

from .services import proof_send_reminders, unconfirmed_purge

JOBS = [
    Job("actionfund_purge_unconfirmed", unconfirmed_purge, daily_at=time(3, 20)),
    # Each applicant once, seven days before the proof of use is due.
    Job("actionfund_proof_reminders", proof_send_reminders, daily_at=time(7, 15)),
]
