"""The home page box: the next dates of the neighbourhood calendar (one query)."""

from django.db.models import Q
from django.utils import timezone

from .models import Occurrence

HOME_ENTRIES = 5


def section(request) -> dict | None:
    now = timezone.now()
    occurrences = (
        Occurrence.objects.published()
        .filter(Q(starts_at__gte=now) | Q(ends_at__gt=now))
        .select_related("event")
        .only("starts_at", "ends_at", "event__title")
        .order_by("starts_at", "pk")[:HOME_ENTRIES]
    )
    entries = [
        {"title": item.event.title, "starts_at": item.starts_at, "url": item.event.get_absolute_url()}
        for item in occurrences
    ]
    return {"template": "events/_home.html", "entries": entries}
