"""The sums that triggers keep for "Where the money went" equal a count from the applications
after every kind of write (saves, queryset updates, bulk inserts, deletes, changed calls and fund
years), and a write to the applications retires the cached page although it never reads them."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.actionfund.models import Application as ActionFundApplication
from apps.actionfund.models import ApplicationStatus as AF
from apps.actionfund.models import FundYear
from apps.actionplan.models import FieldOfAction
from apps.funding.models import Application, Call, Fund
from apps.funding.tests.factories import FundFactory
from apps.opendata import money
from apps.opendata.models import ActionFundTotal, FundingTotal

from .test_money import URL, funded, granted

pytestmark = pytest.mark.django_db


def _normal(funding, action_fund):
    return (
        sorted((e["grant_year"], e["fund"], e["field_of_action"], e["granted"], e["projects"]) for e in funding),
        sorted((e["year"], e["field_of_action"], e["granted"], e["paid"] or 0, e["projects"]) for e in action_fund),
    )


def assert_kept_equals_counted():
    kept, counted = _normal(*money._kept()), _normal(*money._counted())
    assert kept == counted
    assert not FundingTotal.objects.filter(projects__lte=0).exists()
    assert not ActionFundTotal.objects.filter(projects__lte=0).exists()
    return kept


def test_kept_sums_follow_every_write_to_funding_applications():
    fields = list(FieldOfAction.objects.all()[:2])
    building = FundFactory(name="Baufonds", kind=Fund.Kind.BUILDING)
    a = funded(Decimal("1000.10"), field=fields[0])
    b = funded(Decimal("2000.20"), field=fields[1], status=Application.Status.CLOSED)
    c = funded(Decimal("3000.00"), fund=building, field=fields[0], year=2024)
    funded(Decimal("7777.00"), field=fields[0], status=Application.Status.COUNCIL)  # not granted
    funded(Decimal("8888.00"), status=Application.Status.REJECTED)
    kept = assert_kept_equals_counted()
    assert sum(len(part) for part in kept) == 3

    Application.objects.filter(pk=a.pk).update(status=Application.Status.RUNNING)
    assert_kept_equals_counted()
    Application.objects.filter(pk=b.pk).update(decided_at=None)  # the year of the call's project start
    assert_kept_equals_counted()
    Application.objects.filter(pk=c.pk).update(decided_at=timezone.make_aware(datetime(2025, 12, 31, 23, 30)))
    assert_kept_equals_counted()
    Application.objects.filter(pk=c.pk).update(decided_at=timezone.make_aware(datetime(2026, 1, 1, 0, 30)))
    assert_kept_equals_counted()
    Call.objects.filter(pk=b.call_id).update(project_start=date(2019, 3, 1), project_end=date(2030, 1, 1))
    assert_kept_equals_counted()
    Application.objects.filter(status__in=[Application.Status.COUNCIL, Application.Status.REJECTED]).update(
        status=Application.Status.APPROVED
    )
    assert_kept_equals_counted()
    Application.objects.filter(pk=a.pk).update(status=Application.Status.WITHDRAWN)
    assert_kept_equals_counted()
    Application.objects.filter(pk=b.pk).delete()
    assert_kept_equals_counted()
    Application.objects.all().delete()
    assert_kept_equals_counted()
    assert not FundingTotal.objects.exists()


def test_kept_sums_follow_every_write_to_action_fund_grants():
    field = FieldOfAction.objects.first()
    a = granted(Decimal("500.05"), field=field)
    b = granted(Decimal("300.00"), year=2024, status=AF.APPROVED)
    granted(Decimal("999.00"), year=2023, status=AF.RECLAIMED)
    granted(Decimal("444.00"), year=2022, published=False, field=field)
    assert_kept_equals_counted()

    ActionFundApplication.objects.filter(pk=b.pk).update(status=AF.PAID)
    assert_kept_equals_counted()
    ActionFundApplication.objects.filter(pk=a.pk).update(granted_amount=Decimal("400.00"), field_of_action=None)
    assert_kept_equals_counted()
    FundYear.objects.filter(year=2022).update(is_published=True)
    assert_kept_equals_counted()
    FundYear.objects.filter(year=2024).update(is_published=False)
    assert_kept_equals_counted()
    ActionFundApplication.objects.filter(pk=a.pk).update(status=AF.RECLAIMED)
    assert_kept_equals_counted()
    ActionFundApplication.objects.filter(status=AF.RECLAIMED).update(status=AF.CLOSED)
    assert_kept_equals_counted()
    ActionFundApplication.objects.all().delete()
    assert_kept_equals_counted()
    assert not ActionFundTotal.objects.exists()


def test_bulk_inserts_are_summed_once_per_statement():
    template = funded(Decimal("100.00"))
    copies = []
    for index in range(30):
        copy = Application.objects.get(pk=template.pk)
        copy.pk = None
        copy.title = f"Kopie {index}"
        copies.append(copy)
    Application.objects.bulk_create(copies)
    kept = assert_kept_equals_counted()
    assert kept[0][0][-1] == 31


def test_a_write_to_the_applications_retires_the_cached_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    application = funded(Decimal("1234.00"))
    first = client.get(URL)
    assert "1.234,00" in first.content.decode()
    assert client.get(URL)["X-Page-Cache"] == "hit"
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    again = client.get(URL)
    assert again.get("X-Page-Cache") != "hit"
    assert "1.234,00" not in again.content.decode()
