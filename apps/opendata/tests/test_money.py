"""Where the money went: exact sums of public, granted money only; charts with tables; downloads."""

import csv
import io
import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.actionfund.models import ApplicationStatus as AF
from apps.actionfund.tests.factories import ApplicationFactory as ActionFundApplicationFactory
from apps.actionfund.tests.factories import FundYearFactory
from apps.actionplan.models import FieldOfAction
from apps.funding.models import Application, Fund, validate_call_slug
from apps.funding.tests.factories import ApplicationFactory, CallFactory, FundFactory
from apps.opendata import money

pytestmark = pytest.mark.django_db

URL = "/foerderung/mittel/"


def funded(amount, *, year=2025, status=Application.Status.APPROVED, fund=None, field=None, **kwargs):
    """A funding application in ``status`` decided in ``year`` with ``amount`` granted."""
    call = CallFactory(fund=fund) if fund else CallFactory()
    if field is not None:
        kwargs["field_of_action"] = field
    application = ApplicationFactory.in_status(
        status, call=call, cost_total=amount + Decimal("100.00"), own_share=Decimal("100.00"), **kwargs
    )
    decided = timezone.make_aware(datetime(year, 6, 1, 12))
    Application.objects.filter(pk=application.pk).update(
        decided_at=decided if status != Application.Status.COUNCIL else None
    )
    return application


def granted(amount, *, year=2025, status=AF.CLOSED, published=True, field=None):
    fund_year = FundYearFactory(year=year, is_published=published)
    return ActionFundApplicationFactory(
        fund_year=fund_year, status=status, costs_total=amount, granted_amount=amount, field_of_action=field
    )


def test_sums_per_year_fund_and_field_are_exact_and_count_only_public_granted_money():
    bildung = FieldOfAction.objects.get(slug="bildung")
    building = FundFactory(name="Baufonds", kind=Fund.Kind.BUILDING)
    funded(Decimal("10000.10"), field=bildung)
    funded(Decimal("5000.20"), field=bildung, status=Application.Status.CLOSED)
    funded(Decimal("60000.00"), fund=building, field=bildung)
    funded(Decimal("7777.00"), field=bildung, status=Application.Status.COUNCIL)  # not granted
    funded(Decimal("8888.00"), field=bildung, status=Application.Status.REJECTED)
    granted(Decimal("500.05"), field=bildung)
    granted(Decimal("300.00"), field=bildung, status=AF.APPROVED)  # granted, not paid yet
    granted(Decimal("999.00"), field=bildung, status=AF.RECLAIMED)  # reclaimed: not counted
    granted(Decimal("444.00"), year=2024, published=False, field=bildung)  # unpublished fund year

    rows = {(r.year, r.fund, r.field.slug if r.field else None): r for r in money.rows()}

    assert set(rows) == {(2025, "projektfonds", "bildung"), (2025, "baufonds", "bildung"),
                         (2025, "aktionsfonds", "bildung")}  # fmt: skip
    project = rows[(2025, "projektfonds", "bildung")]
    assert project.granted == Decimal("15000.30") and project.paid is None and project.projects == 2
    assert rows[(2025, "baufonds", "bildung")].granted == Decimal("60000.00")
    action = rows[(2025, "aktionsfonds", "bildung")]
    assert (action.granted, action.paid, action.projects) == (Decimal("800.05"), Decimal("500.05"), 2)


def test_the_page_shows_charts_with_tables_and_links_to_the_projects_of_a_year(client):
    project = funded(Decimal("12345.67"), field=FieldOfAction.objects.get(slug="bildung"))
    granted(Decimal("250.00"))

    response = client.get(URL, {"jahr": "2025"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 2 and html.count("<title id=") == 2 and html.count("<desc id=") == 2
    assert html.count("<caption>") == 3
    assert "12.345,67" in html
    assert project.get_project_url() in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_bad_year_shows_the_page_with_an_error_instead_of_failing(client):
    funded(Decimal("1000.00"))
    response = client.get(URL, {"jahr": "zwanzig"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["year"] is None


def test_csv_json_and_datapackage_describe_the_same_exact_figures_with_the_licence(client):
    funded(Decimal("1000.01"), field=FieldOfAction.objects.get(slug="bildung"))
    granted(Decimal("99.99"))

    csv_response = client.get(reverse("money:csv"))
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    data = client.get(reverse("money:json")).json()
    package = json.loads(client.get(reverse("money:datapackage")).content)

    assert csv_response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in csv_response["Link"]
    assert {row["granted_eur"] for row in rows} == {"1000.01", "99.99"}
    assert {row["granted_eur"] for row in data["data"]} == {"1000.01", "99.99"}
    assert data["license"]["name"] == "Datenlizenz Deutschland – Namensnennung 2.0"
    assert package["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"
    fields = [field["name"] for field in package["resources"][0]["schema"]["fields"]]
    assert fields == list(rows[0])
    assert package["resources"][0]["path"].endswith(reverse("money:csv"))


def test_the_licence_is_a_site_setting(client):
    from apps.pages.models import SiteSettings

    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(
        open_data_licence_name="CC BY 4.0", open_data_licence_url="https://creativecommons.org/licenses/by/4.0/"
    )
    assert client.get(reverse("money:json")).json()["license"]["name"] == "CC BY 4.0"
    assert "CC BY 4.0" in client.get(URL).content.decode()


def test_mittel_is_not_a_call_slug():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_call_slug("mittel")


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_and_the_downloads_run_a_fixed_number_of_queries(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    fields = list(FieldOfAction.objects.filter(is_active=True))
    funded(Decimal("1000.00"), field=fields[0])
    granted(Decimal("100.00"))
    urls = [URL, f"{URL}?jahr=2025", reverse("money:csv"), reverse("money:json"), reverse("money:datapackage")]
    small = [_queries(client, url) for url in urls]
    for index in range(12):
        funded(Decimal("1000.00"), year=2020 + index % 6, field=fields[index % len(fields)])
        granted(Decimal("100.00"), year=2020 + index % 6, field=fields[index % len(fields)])
    assert [_queries(client, url) for url in urls] == small
    with django_assert_max_num_queries(8):
        client.get(f"{URL}?jahr=2025")
