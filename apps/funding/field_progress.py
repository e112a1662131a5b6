"""Field of action progress (apps/actionplan/progress.py): funded projects of the field, money
committed, the same per measure, and the latest projects (two queries)."""

from decimal import Decimal

from django.db.models import Count, IntegerField, Sum, Value

from apps.actionplan.progress import LATEST

from .models import Application


def section(field, measures) -> dict:
    # The field's totals and those of its measures as two aggregates in one statement, each read
    # from a covering partial index of the funded projects alone (funding 0016; an OR of the two
    # conditions read every matching row from the table: 7.8 ms at scale 10, ten times scale 1's).
    projects = Application.objects.funded()
    measure_ids = {measure.pk for measure in measures}

    def totals(queryset, part: int, column: str):
        return (
            queryset.annotate(part=Value(part, IntegerField()))
            .values("part", column)
            .annotate(count=Count("*"), amount=Sum("requested_amount"))
            .order_by()
        )

    rows = totals(projects.filter(field_of_action=field), 0, "field_of_action")
    if measure_ids:
        rows = rows.union(totals(projects.filter(measure__in=measure_ids), 1, "measure"), all=True)
    count, amount, by_measure = 0, Decimal(0), {}
    for row in rows:
        # the union's rows are named after the first part's columns
        if row["part"] == 0:
            count, amount = row["count"], row["amount"] or Decimal(0)
        else:
            by_measure[row["field_of_action"]] = {"count": row["count"], "amount": row["amount"] or Decimal(0)}
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
