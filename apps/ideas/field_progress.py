"""Field of action progress (apps/actionplan/progress.py): published ideas of the field that the
office took up or realised, and the latest of them (one query: the count rides along as a window
aggregate over all of them)."""

from django.db.models import Count, Window

from .models import Idea, IdeaStatus

LATEST = 10
TAKEN_UP_STATUSES = (IdeaStatus.TAKEN_UP, IdeaStatus.REALISED)


def section(field, measures) -> dict:
    latest = list(
        Idea.objects.public()
        .filter(status__in=TAKEN_UP_STATUSES, field_of_action=field)
        .annotate(total_count=Window(Count("pk")))
        .only("title", "status")
        .order_by("-published_at")[:LATEST]
    )
    return {
        "figures": "ideas/_progress_figures.html",
        "details": "ideas/_progress_details.html",
        "count": latest[0].total_count if latest else 0,
        "latest": latest,
    }
