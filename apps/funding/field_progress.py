"""Field of action progress (apps/actionplan/progress.py): funded projects of the field, money
committed, the same per measure, and the latest projects (two queries)."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from apps.actionplan.progress import LATEST

from .models import Application


def section(field, measures) -> dict:
    # One pass over the funded projects of the field and of its measures, grouped by (field,
    # measure), gives both the field's totals and the numbers per measure.
    projects = Application.objects.funded()
    measure_ids = {measure.pk for measure in measures}
    rows = (
        projects.filter(Q(field_of_action=field) | Q(measure__in=measure_ids))
        .values("field_of_action", "measure")
        .annotate(count=Count("pk"), amount=Sum("requested_amount"))
        .order_by()
    )
    count, amount, by_measure = 0, Decimal(0), {}
    for row in rows:
        if row["field_of_action"] == field.pk:
            count += row["count"]
            amount += row["amount"] or 0
        if row["measure"] in measure_ids:
            entry = by_measure.setdefault(row["measure"], {"count": 0, "amount": Decimal(0)})
            entry["count"] += row["count"]
            entry["amount"] += row["amount"] or 0
    return {
        "figures": "funding/_progress_figures.html",
        "details": "funding/_progress_details.html",
        "count": count,
        "amount": amount,
        "measures": [(measure, by_measure.get(measure.pk, {"count": 0, "amount": Decimal(0)})) for measure in measures],
        "latest": list(
            projects.filter(field_of_action=field)
            .only("title", "organisation", "requested_amount")
            .order_by("-pk")[:LATEST]
        ),
    }
