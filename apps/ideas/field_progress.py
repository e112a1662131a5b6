"""Field of action progress (apps/actionplan/progress.py): published ideas of the field that the
office took up or realised, and the latest of them (two queries: the count from the partial index
``ideas_taken_up_field_idx``, the latest along ``ideas_public_newest_idx``. One query with the count
as a window aggregate had to read every such idea first: 2,300 at bench scale 10, 40 ms)."""

from apps.actionplan.progress import LATEST

from .models import Idea, IdeaStatus

TAKEN_UP_STATUSES = (IdeaStatus.TAKEN_UP, IdeaStatus.REALISED)


def section(field, measures) -> dict:
    ideas = Idea.objects.public().filter(status__in=TAKEN_UP_STATUSES, field_of_action=field)
    return {
        "figures": "ideas/_progress_figures.html",
        "details": "ideas/_progress_details.html",
        "count": ideas.count(),
        "latest": list(ideas.only("title", "status").order_by("-published_at")[:LATEST]),
    }
