"""The notification jobs (see apps/core/scheduler.py)."""

from datetime import time, timedelta

from apps.core.scheduler import Job

from . import broadcast, digests, office, reminders


def prune() -> int:
    return digests.prune() + office.prune() + broadcast.prune()


JOBS = [
    Job("notifications_broadcast", broadcast.broadcast_new, every=timedelta(minutes=10)),
    Job("notifications_office_digest", office.office_digests, every=timedelta(hours=1)),
    Job("notifications_daily_digest", digests.daily_digests, daily_at=time(7, 0)),
    Job("notifications_weekly_digest", digests.weekly_digests, daily_at=time(7, 15)),
    Job("notifications_forward_reminders", reminders.forward_reminders, daily_at=time(8, 0)),
    Job("notifications_prune", prune, daily_at=time(4, 20)),
]
