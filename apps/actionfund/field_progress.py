"""Field of action progress (apps/actionplan/progress.py): granted action fund projects of the
field, money granted, and the latest of them (one query)."""

from decimal import Decimal

from django.db.models import Count, Sum

from apps.actionplan.progress import latest_with_totals

from .models import GRANTED_STATUSES, Application


def section(field, measures) -> dict:
    grants = Application.objects.filter(status__in=GRANTED_STATUSES, field_of_action=field)
    latest, totals = latest_with_totals(
        grants, "-pk", ("title", "granted_amount"), count=Count("pk"), amount=Sum("granted_amount")
    )
    return {
        "figures": "actionfund/_progress_figures.html",
        "details": "actionfund/_progress_details.html",
        "count": totals["count"] or 0,
        "amount": totals["amount"] or Decimal(0),
        "latest": latest,
    }
