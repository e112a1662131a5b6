"""Field of action progress (apps/actionplan/progress.py): granted action fund projects of the
field, money granted, and the latest of them (one query, compiled once per process)."""

from decimal import Decimal

from django.db.models import Count, Sum

from apps.actionplan.progress import latest_queryset
from apps.core import compiled

from .models import GRANTED_STATUSES, Application

FIELD = -1_000_000_401  # the field's id in the compiled SQL (apps/core/compiled.py)
COUNT, AMOUNT = Count("pk"), Sum("granted_amount")


def _querysets() -> dict:
    grants = Application.objects.filter(status__in=GRANTED_STATUSES, field_of_action=FIELD)
    return {"latest": latest_queryset(grants, "-pk", ("title", "granted_amount"), count=COUNT, amount=AMOUNT)}


def section(field, measures) -> dict:
    # Compiled once per process and language (the latest grants with the totals as window aggregates).
    statements = compiled.compiled("actionfund:field-progress", _querysets)
    rows = compiled.run("default", statements, values={FIELD: field.pk})
    statement, found = statements["latest"], rows["latest"]
    # the totals ride along on every row (window aggregates; from_db sets no annotation)
    first = dict(zip(statement.attnames, found[0], strict=True)) if found else {}
    return {
        "figures": "actionfund/_progress_figures.html",
        "details": "actionfund/_progress_details.html",
        "count": first.get("total_count") or 0,
        "amount": first.get("total_amount") or Decimal(0),
        "latest": statement.instances("default", found),
    }
