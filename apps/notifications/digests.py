"""The daily and weekly digests (scheduled jobs, see jobs.py): one mail per address with every
waiting item of that frequency, grouped by kind; the items are marked sent in the transaction
that queues the mail, so none is listed twice."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from apps.core.mail import queue_mail

from . import tokens
from .models import Choice, DigestItem, Kind

#: The weekly digest goes out on Mondays; an address whose oldest item is older than this gets
#: it on any day (the worker was down on Monday).
WEEKLY_CATCH_UP = timedelta(days=8)


def send_digest(email: str, frequency: str, *, now=None) -> int:
    """Queue one digest for the address; returns the number of items it lists."""
    now = now or timezone.now()
    with transaction.atomic():
        items = list(
            DigestItem.objects.select_for_update(skip_locked=True)
            .filter(email=email, frequency=frequency, sent_at__isnull=True)
            .order_by("kind", "created_at", "pk")
        )
        if not items:
            return 0
        kinds = sorted({item.kind for item in items})
        language = max(items, key=lambda item: (item.created_at, item.pk)).language
        groups = [{"label": Kind(kind).label, "items": [item for item in items if item.kind == kind]} for kind in kinds]
        queue_mail(
            to=email,
            template="notifications/email/digest",
            context={"groups": groups, "count": len(items), "weekly": frequency == Choice.WEEKLY},
            language=language,
            headers=tokens.headers(email, kinds),
            footer=tokens.footer(email, kinds, language),
        )
        DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(sent_at=now)
    return len(items)


def due_addresses(frequency: str, *, now=None) -> list[str]:
    now = now or timezone.now()
    waiting = DigestItem.objects.filter(frequency=frequency, sent_at__isnull=True)
    if frequency == Choice.WEEKLY and timezone.localtime(now).weekday() != 0:
        waiting = waiting.values("email").annotate(oldest=Min("created_at")).filter(oldest__lte=now - WEEKLY_CATCH_UP)
    return sorted(set(waiting.values_list("email", flat=True)))


def send_digests(frequency: str, *, now=None) -> int:
    """Every due digest of ``frequency``; returns the number of mails queued."""
    return sum(1 for email in due_addresses(frequency, now=now) if send_digest(email, frequency, now=now))


def daily_digests() -> int:
    return send_digests(Choice.DAILY)


def weekly_digests() -> int:
    return send_digests(Choice.WEEKLY)


def prune(*, now=None, days: int = 60) -> int:
    """Sent digest items older than ``days`` (the unique key keeps an item from coming back while
    its object can still be reported)."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _rows = DigestItem.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
