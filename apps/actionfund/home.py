"""Home page box: how much of this year's action fund is still available."""

from .models import FundYear


def section(request) -> dict | None:
    fund_year = FundYear.objects.current()
    if fund_year is None:
        return None
    return {
        "template": "actionfund/_home.html",
        "fund_year": fund_year,
        "left": fund_year.budget - fund_year.granted_sum(),
    }
