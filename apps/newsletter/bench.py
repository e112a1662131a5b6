"""Benchmark data: 300 newsletter subscriptions per scale unit (a tenth of them unconfirmed) and a
draft issue with news posts and events (bulk_create, deterministic from rng)."""

from datetime import timedelta

from django.utils import timezone

from apps.events.models import Event
from apps.pages.bench_registry import scaled
from apps.pages.models import NewsPost

from .models import Issue, Subscription

SUBSCRIPTIONS_PER_SCALE = 300
BATCH = 1000


def generate(*, scale: int, rng, stdout) -> None:
    now = timezone.now()
    subscriptions = []
    for number in range(1, scaled(SUBSCRIPTIONS_PER_SCALE, scale) + 1):
        requested = now - timedelta(days=rng.randint(0, 900))
        confirmed = rng.random() > 0.1
        subscriptions.append(
            Subscription(
                email=f"abo{number}@bench.example",
                language=rng.choice(["de", "de", "de", "tr", "ar", "en"]),
                created_at=requested,
                confirmed_at=requested + timedelta(hours=rng.randint(1, 48)) if confirmed else None,
            )
        )
    Subscription.objects.bulk_create(subscriptions, batch_size=BATCH)
    issue = Issue.objects.create(subject="Bench-Newsletter", intro="Neues aus dem Kiez.")
    issue.news_posts.set(NewsPost.objects.order_by("-pk")[:3])
    issue.events.set(Event.objects.order_by("-pk")[:5])
    stdout.write(f"  newsletter: {len(subscriptions)} subscriptions")


def pages() -> list[tuple[str, str, str | None]]:
    return [("newsletter: subscribe", "/newsletter/", None)]
