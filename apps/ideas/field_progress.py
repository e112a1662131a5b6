"""Field of action progress (apps/actionplan/progress.py): published ideas of the field that the
office took up or realised, and the latest of them (one query)."""

from django.db.models import Count

from apps.actionplan.progress import latest_with_totals

from .models import Idea, IdeaStatus

TAKEN_UP_STATUSES = (IdeaStatus.TAKEN_UP, IdeaStatus.REALISED)


def section(field, measures) -> dict:
    ideas = Idea.objects.public().filter(status__in=TAKEN_UP_STATUSES, field_of_action=field)
    latest, totals = latest_with_totals(ideas, "-published_at", ("title", "status"), count=Count("pk"))
    return {
        "figures": "ideas/_progress_figures.html",
        "details": "ideas/_progress_details.html",
        "count": totals["count"] or 0,
        "latest": latest,
    }
