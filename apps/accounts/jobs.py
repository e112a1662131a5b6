"""Periodic jobs of the accounts app (run by ``manage.py worker``, see apps/core/scheduler.py)."""

from datetime import time

from apps.core.scheduler import Job

from .services import personal_data_purge

JOBS = [Job("personal_data_purge", personal_data_purge, daily_at=time(3, 40))]
