"""Periodic jobs of the newsletter (run by ``manage.py worker``, see apps/core/scheduler.py)."""

from datetime import time

from apps.core.scheduler import Job

from .services import unconfirmed_purge

JOBS = [Job("newsletter_purge_unconfirmed", unconfirmed_purge, daily_at=time(3, 45))]
