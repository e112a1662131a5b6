"""Home page box: how much of this year's action fund is still available (one query)."""

from .models import ZERO, FundYear


def section(request) -> dict | None:
    # The money granted rides along with the fund year (with_budget: what granted_sum() counts).
    fund_year = FundYear.objects.with_budget().current()
    if fund_year is None:
        return None
    return {
        "template": "actionfund/_home.html",
        "fund_year": fund_year,
        "left": fund_year.budget - (fund_year.granted_total or ZERO),
    }
