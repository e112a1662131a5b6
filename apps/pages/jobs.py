"""Periodic jobs of the pages app (run by ``manage.py worker``, see apps/core/scheduler.py)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from apps.core.scheduler import Job


def prune_cache() -> None:
    call_command("prune_cache", stdout=StringIO())


# The file cache lives on each host's disk (without REDIS_URL): every host's worker prunes its own.
JOBS = [Job("prune_cache", prune_cache, every=timedelta(minutes=10), per_host=True)]
