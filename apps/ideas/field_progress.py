"""Field of action progress (apps/actionplan/progress.py): published ideas of the field that the
office took up or realised, and the latest of them (two queries: the count from the partial index
``ideas_taken_up_field_idx``, the latest along ``ideas_public_newest_idx``. One query with the count
as a window aggregate had to read every such idea first: 2,300 at bench scale 10, 40 ms)."""

from django.db.models import Count

from apps.actionplan.progress import LATEST
from apps.core import compiled

from .models import Idea, IdeaStatus

TAKEN_UP_STATUSES = (IdeaStatus.TAKEN_UP, IdeaStatus.REALISED)


FIELD = -1_000_000_301  # the field's id in the compiled SQL (apps/core/compiled.py)


def _querysets() -> dict:
    ideas = Idea.objects.public().filter(status__in=TAKEN_UP_STATUSES, field_of_action=FIELD)
    return {
        # the count as a grouped row (none without ideas): a queryset that can be compiled
        "count": ideas.order_by().values("field_of_action").annotate(count=Count("*")).values_list("count"),
        "latest": ideas.only("title", "status").order_by("-published_at")[:LATEST],
    }


def section(field, measures) -> dict:
    # Both compiled once per process and language, in one round trip.
    statements = compiled.compiled("ideas:field-progress", _querysets)
    rows = compiled.run("default", statements, values={FIELD: field.pk})
    return {
        "figures": "ideas/_progress_figures.html",
        "details": "ideas/_progress_details.html",
        "count": rows["count"][0][0] if rows["count"] else 0,
        "latest": statements["latest"].instances("default", rows["latest"]),
    }
