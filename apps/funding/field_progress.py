"""Field of action progress (apps/actionplan/progress.py): funded projects of the field, money
committed, the same per measure, and the latest projects (two statements, one round trip)."""

from decimal import Decimal

from django.db.models import Count, IntegerField, Sum, Value

from apps.actionplan.progress import LATEST
from apps.core import compiled

from .models import Application

FIELD = -1_000_000_101  # stand-ins in the compiled SQL (apps/core/compiled.py): no row has a negative key
FIRST_MEASURE = -1_000_000_201


def _querysets(measure_count: int) -> dict:
    """The field's totals and those of its measures as two aggregates in one statement, each read
    from a covering partial index of the funded projects alone (funding 0016; an OR of the two
    conditions read every matching row from the table: 7.8 ms at scale 10, ten times scale 1's),
    and the latest projects; with stand-ins for the field and ``measure_count`` measures."""
    projects = Application.objects.funded()

    def totals(queryset, part: int, column: str):
        return (
            queryset.annotate(part=Value(part, IntegerField()))
            .values_list("part", column)
            .annotate(count=Count("*"), amount=Sum("requested_amount"))
            .order_by()
        )

    rows = totals(projects.filter(field_of_action=FIELD), 0, "field_of_action")
    if measure_count:
        measures = [FIRST_MEASURE - index for index in range(measure_count)]
        rows = rows.union(totals(projects.filter(measure__in=measures), 1, "measure"), all=True)
    latest = projects.filter(field_of_action=FIELD).only("title", "organisation", "requested_amount")
    return {"totals": rows, "latest": latest.order_by("-pk")[:LATEST]}


def section(field, measures) -> dict:
    # Compiled once per process and number of measures, both statements in one round trip.
    measure_ids = sorted({measure.pk for measure in measures})
    statements = compiled.compiled(f"funding:field-progress:{len(measure_ids)}", lambda: _querysets(len(measure_ids)))
    values = {FIELD: field.pk, **{FIRST_MEASURE - index: pk for index, pk in enumerate(measure_ids)}}
    rows = compiled.run("default", statements, values=values)
    count, amount, by_measure = 0, Decimal(0), {}
    for part, key, found, total in rows["totals"]:
        if part == 0:
            count, amount = found, total or Decimal(0)
        else:
            by_measure[key] = {"count": found, "amount": total or Decimal(0)}
    return {
        "figures": "funding/_progress_figures.html",
        "details": "funding/_progress_details.html",
        "count": count,
        "amount": amount,
        "measures": [(measure, by_measure.get(measure.pk, {"count": 0, "amount": Decimal(0)})) for measure in measures],
        "latest": statements["latest"].instances("default", rows["latest"]),
    }
