"""Concerns forwarded to an office (Fachabteilung) without an answer: after
``FORWARD_REMINDER_DAYS`` days the QM team is reminded (the "forwarded" office addresses) and,
with ``FORWARD_REMINDER_TO_OFFICE``, the office is asked again — once per interval, each
reminder recorded as a ``ForwardReminder`` row."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from apps.core.links import absolute_url
from apps.core.mail import queue_mail
from apps.ideas.models import Idea, IdeaKind

from .models import ForwardReminder, OfficeKind
from .office import addresses, admin_link


def reminder_days() -> int:
    return getattr(settings, "FORWARD_REMINDER_DAYS", 14)


def waiting(*, now=None):
    """Forwarded concerns without an answer whose last reminder (or forwarding) is older than the interval."""
    cutoff = (now or timezone.now()) - timedelta(days=reminder_days())
    return (
        Idea.objects.filter(
            kind=IdeaKind.CONCERN,
            office__isnull=False,
            forwarded_at__lte=cutoff,
            office_answer="",
            office_answered_on__isnull=True,
        )
        .annotate(last_reminder=Max("forward_reminders__sent_at"))
        .filter(Q(last_reminder__isnull=True) | Q(last_reminder__lte=cutoff))
        .select_related("office")
        .order_by("forwarded_at", "pk")
    )


def remind(idea: Idea, *, now=None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock makes two workers running the job at once send one reminder.
        Idea.objects.select_for_update().filter(pk=idea.pk).values_list("pk").first()
        if not waiting(now=now).filter(pk=idea.pk).exists():
            return False
        to_office = bool(getattr(settings, "FORWARD_REMINDER_TO_OFFICE", False) and idea.office.email)
        context = {
            "idea": idea,
            "office": idea.office,
            "days": (now - idea.forwarded_at).days,
            "link": absolute_url(idea),
            "admin_link": admin_link(idea),
            "office_reminded": to_office,
        }
        queue_mail(
            to=addresses(OfficeKind.FORWARDED),
            template="notifications/email/forward_reminder_team",
            context=context,
            language=settings.LANGUAGE_CODE,
        )
        if to_office:
            queue_mail(
                to=idea.office.email,
                template="notifications/email/forward_reminder_office",
                context=context,
                language=settings.LANGUAGE_CODE,  # the office writes German
            )
        ForwardReminder.objects.create(idea=idea, sent_at=now, to_office=to_office)
    return True


def forward_reminders(*, now=None) -> int:
    """Scheduled job (daily): remind about every forwarded concern that waits; returns how many."""
    now = now or timezone.now()
    return sum(1 for idea in list(waiting(now=now)) if remind(idea, now=now))
