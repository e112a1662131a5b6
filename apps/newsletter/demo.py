"""Demo newsletter: two confirmed subscriptions, one waiting for confirmation, and a draft issue
with the latest news and the next events, ready for the preview in the admin. Fictional addresses."""

from datetime import timedelta

from django.utils import timezone

from apps.events.models import Event, Occurrence
from apps.pages.models import NewsPost

from .models import Issue, Subscription

SUBSCRIBERS = [("nachbarin.demir@example.org", "de", True), ("h.schulz@example.org", "de", True),
               ("yeni.abone@example.org", "tr", False)]  # fmt: skip


def load(*, stdout) -> None:
    now = timezone.now()
    for email, language, confirmed in SUBSCRIBERS:
        Subscription.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "created_at": now - timedelta(days=40 if confirmed else 1),
                "confirmed_at": now - timedelta(days=39) if confirmed else None,
            },
        )
    issue, created = Issue.objects.get_or_create(
        subject="Kiez-Newsletter: Kiezfest, Sprachcafé und neue Projekte",
        defaults={
            "intro": "Liebe Nachbarinnen und Nachbarn,\n\nhier ist, was in den nächsten Wochen im Kiez passiert.",
        },
    )
    if created:
        issue.news_posts.set(NewsPost.objects.published().order_by("-published_at")[:2])
        upcoming = Occurrence.objects.filter(starts_at__gte=now, event__is_published=True).values("event_id")
        issue.events.set(Event.objects.filter(pk__in=upcoming).order_by("starts_at")[:4])
    stdout.write("  newsletter: 3 subscriptions, 1 draft issue")
