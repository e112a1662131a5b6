"""Progress of a field of action: what the project fund, the action fund and residents' ideas
have brought to it. Read from the other apps, computed in a fixed number of queries."""

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from apps.actionfund.models import GRANTED_STATUSES
from apps.actionfund.models import Application as ActionfundApplication
from apps.funding.models import Application as FundingApplication
from apps.ideas.models import Idea, IdeaStatus

from .models import FieldOfAction

LATEST = 10
TAKEN_UP_STATUSES = (IdeaStatus.TAKEN_UP, IdeaStatus.REALISED)


def _total(queryset, aggregate):
    """A subquery: ``aggregate`` over ``queryset`` rows of the outer field of action."""
    rows = queryset.filter(field_of_action=OuterRef("pk")).values("field_of_action").annotate(total=aggregate)
    return Subquery(rows.values("total"))


def field_progress(field, measures=()) -> dict:
    """Funded projects (count, money committed, count and money per measure), granted action
    fund projects (count, money) and ideas taken up in ``field``, plus the latest of each.
    Every query is an aggregate or bounded, so the page does not grow with the data."""
    projects = FundingApplication.objects.funded()
    grants = ActionfundApplication.objects.filter(status__in=GRANTED_STATUSES)
    ideas = Idea.objects.public().filter(status__in=TAKEN_UP_STATUSES)
    totals = (
        FieldOfAction.objects.filter(pk=field.pk)
        .annotate(
            grant_count=_total(grants, Count("pk")),
            grant_amount=_total(grants, Sum("granted_amount")),
            idea_count=_total(ideas, Count("pk")),
        )
        .values("grant_count", "grant_amount", "idea_count")
        .get()
    )
    # One pass over the funded projects of the field (and of its measures) gives both the field's
    # totals and the numbers per measure, grouped by (field, measure).
    measure_ids = {measure.pk for measure in measures}
    rows = (
        projects.filter(Q(field_of_action=field) | Q(measure__in=measure_ids))
        .values("field_of_action", "measure")
        .annotate(count=Count("pk"), amount=Sum("requested_amount"))
        .order_by()
    )
    totals["project_count"], totals["project_amount"] = 0, Decimal(0)
    by_measure = {}
    for row in rows:
        if row["field_of_action"] == field.pk:
            totals["project_count"] += row["count"]
            totals["project_amount"] += row["amount"] or 0
        if row["measure"] in measure_ids:
            entry = by_measure.setdefault(row["measure"], {"count": 0, "amount": Decimal(0)})
            entry["count"] += row["count"]
            entry["amount"] += row["amount"] or 0
    for measure in measures:
        row = by_measure.get(measure.pk, {})
        measure.funded_count = row.get("count", 0)
        measure.funded_amount = row.get("amount") or Decimal(0)
    return {
        "project_count": totals["project_count"] or 0,
        "project_amount": totals["project_amount"] or Decimal(0),
        "grant_count": totals["grant_count"] or 0,
        "grant_amount": totals["grant_amount"] or Decimal(0),
        "idea_count": totals["idea_count"] or 0,
        "latest_projects": list(
            projects.filter(field_of_action=field)
            .only("title", "organisation", "requested_amount")
            .order_by("-pk")[:LATEST]
        ),
        "latest_grants": list(
            grants.filter(field_of_action=field).only("title", "granted_amount").order_by("-pk")[:LATEST]
        ),
        "latest_ideas": list(
            ideas.filter(field_of_action=field).only("title", "status").order_by("-published_at")[:LATEST]
        ),
    }
