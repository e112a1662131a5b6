"""Field of action progress (apps/actionplan/progress.py): granted action fund projects of the
field, money granted, and the latest of them (one query: the totals ride along as window
aggregates over all the field's grants)."""

from decimal import Decimal

from django.db.models import Count, Sum, Window

from .models import GRANTED_STATUSES, Application

LATEST = 10


def section(field, measures) -> dict:
    latest = list(
        Application.objects.filter(status__in=GRANTED_STATUSES, field_of_action=field)
        .annotate(total_count=Window(Count("pk")), total_amount=Window(Sum("granted_amount")))
        .only("title", "granted_amount")
        .order_by("-pk")[:LATEST]
    )
    return {
        "figures": "actionfund/_progress_figures.html",
        "details": "actionfund/_progress_details.html",
        "count": latest[0].total_count if latest else 0,
        "amount": (latest[0].total_amount if latest else None) or Decimal(0),
        "latest": latest,
    }
