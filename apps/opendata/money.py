"""Where the money went: granted and paid amounts per year, fund and field of action.

What the portal records today, and only what is public and granted:

- Project and building fund (``funding``): applications approved by the administration and later
  (approved, running, final report, closed). The granted amount is the application's requested
  amount (what the council recommended and the administration approved); the year is the year of
  the approval (the call's project start for rows without a decision date). Payments
  (Mittelabrufe) are not recorded in the portal, so their paid amount is unknown (``None``).
- Action fund (``actionfund``): applications of published fund years with a grant (approved, paid
  out, proof submitted, closed; reclaimed grants are left out). Granted is the granted amount,
  paid the granted amount of those paid out; the year is the fund year.

Sums are exact ``Decimal`` sums computed by the database. On PostgreSQL they are read from the
sums that triggers keep in the writing transaction (``FundingTotal``, ``ActionFundTotal``, migration
0002): a few hundred rows whatever the number of grants. Elsewhere (SQLite) they are counted from the
applications.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from apps.actionfund.models import GRANTED_STATUSES
from apps.actionfund.models import Application as ActionFundApplication
from apps.actionfund.models import ApplicationStatus as ActionFundStatus
from apps.actionplan.models import FieldOfAction
from apps.core.compiled import compiled, run
from apps.funding.models import Application, Call, FundKind
from apps.pagecache.cache import depends_on

from .models import ActionFundTotal, FundingTotal

ZERO = Decimal("0.00")
ACTION_FUND = "aktionsfonds"
PAID_STATUSES = [ActionFundStatus.PAID, ActionFundStatus.PROOF_SUBMITTED, ActionFundStatus.CLOSED]
FUNDS = {
    FundKind.PROJECT.value: "Projektfonds",
    FundKind.BUILDING.value: "Baufonds",
    FundKind.NETWORK.value: "Netzwerkfonds",
    ACTION_FUND: "Aktionsfonds",
}
FUND_ORDER = list(FUNDS)
NO_FIELD = _("No field of action")


@dataclass(frozen=True)
class Row:
    year: int
    fund: str  # key of FUNDS
    field: FieldOfAction | None
    granted: Decimal
    paid: Decimal | None  # None: not recorded in the portal
    projects: int

    @property
    def fund_name(self) -> str:
        return FUNDS[self.fund]

    @property
    def field_name(self) -> str:
        return self.field.name if self.field else str(NO_FIELD)


def funded_projects():
    """Funded project-fund and building-fund projects with their year (``grant_year``)."""
    return Application.objects.funded().annotate(
        grant_year=Coalesce(ExtractYear("decided_at"), ExtractYear("call__project_start"))
    )


def _counted():
    """The sums per year, fund and field, counted from the applications."""
    projects = funded_projects()
    grants = ActionFundApplication.objects.filter(status__in=GRANTED_STATUSES, fund_year__is_published=True)
    funding = (
        projects.values("grant_year", "field_of_action", fund=F("call__fund__kind"))
        .annotate(granted=Sum("requested_amount"), projects=Count("pk"))
        .order_by()
    )
    action_fund = (
        grants.values("field_of_action", year=F("fund_year__year"))
        .annotate(
            granted=Sum("granted_amount"),
            paid=Sum("granted_amount", filter=Q(status__in=PAID_STATUSES)),
            projects=Count("pk"),
        )
        .order_by()
    )
    return funding, action_fund


def _kept_querysets() -> dict:
    return {
        "funding": FundingTotal.objects.values(
            "field_of_action",
            grant_year=Coalesce("decided_year", ExtractYear("call__project_start")),
            fund=F("call__fund__kind"),
        )
        .annotate(granted=Sum("granted"), projects=Sum("projects"))
        .order_by(),
        "action_fund": ActionFundTotal.objects.filter(fund_year__is_published=True)
        .values("field_of_action", year=F("fund_year__year"))
        .annotate(granted=Sum("granted"), paid=Sum("paid"), projects=Sum("projects"))
        .order_by(),
    }


def _kept():
    """The same sums from the totals the triggers keep (see models.py): they follow every write to
    the applications, which the page cache does not see, so what shows them depends on those tables."""
    depends_on(Application._meta.db_table, ActionFundApplication._meta.db_table)
    # Compiled once per process and sent in one round trip (apps/core/compiled.py): building the
    # queries costs more than running them on a few hundred rows.
    statements = compiled("opendata:money", _kept_querysets, FundingTotal.objects.db)
    rows = run(FundingTotal.objects.db, statements)
    funding = statements["funding"].dicts(rows["funding"])
    for entry in funding:
        entry["grant_year"] = int(entry["grant_year"])
    action_fund = statements["action_fund"].dicts(rows["action_fund"])
    return funding, action_fund


def funded_in(year: int):
    """The funded projects of ``year`` (``grant_year == year``, written so that the decision date's
    index finds them: a range of ``decided_at`` instead of the year of every row)."""
    calls = Call.objects.filter(project_start__year=year).values("pk")  # a subquery: no join in the condition
    return Application.objects.funded().filter(Q(decided_at__year=year) | Q(decided_at__isnull=True, call__in=calls))


def rows() -> list[Row]:
    """One row per year, fund and field of action, ordered by year (newest first), fund and field."""
    fields = {field.pk: field for field in FieldOfAction.objects.all()}
    funding, action_fund = _kept() if connection.vendor == "postgresql" else _counted()
    result = [
        Row(
            year=entry["grant_year"],
            fund=entry["fund"],
            field=fields.get(entry["field_of_action"]),
            granted=entry["granted"] or ZERO,
            paid=None,
            projects=entry["projects"],
        )
        for entry in funding
    ]
    result += [
        Row(
            year=entry["year"],
            fund=ACTION_FUND,
            field=fields.get(entry["field_of_action"]),
            granted=entry["granted"] or ZERO,
            paid=entry["paid"] or ZERO,
            projects=entry["projects"],
        )
        for entry in action_fund
    ]

    def order(row: Row):
        field = row.field
        return (-row.year, FUND_ORDER.index(row.fund), field is None, field.order if field else 0, row.field_name)

    return sorted(result, key=order)


def total(rows_: list[Row], attribute: str) -> Decimal | None:
    values = [getattr(row, attribute) for row in rows_]
    known = [value for value in values if value is not None]
    return sum(known, ZERO) if known else None
