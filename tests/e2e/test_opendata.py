"""Open data in a real browser: a visitor follows the footer link to "where the money went",
picks a year, reaches a funded project and the downloads; the council's decision list filters;
axe-clean throughout (the SVG charts included)."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.actionfund.models import ApplicationStatus as AF
from apps.actionfund.tests.factories import ApplicationFactory as ActionFundApplicationFactory
from apps.actionfund.tests.factories import FundYearFactory
from apps.council.services import decision_record
from apps.council.tests.factories import AgendaItemFactory, meeting_with_attendance
from apps.funding.models import Application
from apps.funding.tests.factories import ApplicationFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_sees_where_the_money_went_and_reaches_a_project_and_the_data(page):
    project = ApplicationFactory.in_status(Application.Status.APPROVED, title="Lernwerkstatt Kiezforscher")
    Application.objects.filter(pk=project.pk).update(decided_at=timezone.make_aware(datetime(2025, 5, 1, 12)))
    ActionFundApplicationFactory(
        fund_year=FundYearFactory(year=2025), status=AF.CLOSED, granted_amount=Decimal("400.00")
    )

    page.goto("/")
    page.get_by_role("link", name="Wohin das Geld ging").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wohin das Geld ging")
    expect(page.get_by_role("img", name="Bewilligt je Jahr und Fonds")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jahr", exact=True).select_option("2025")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("heading", name="Geförderte Projekte 2025")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lernwerkstatt Kiezforscher").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lernwerkstatt Kiezforscher")

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Zahlen als CSV").click()
    assert download.value.suggested_filename == "mittel.csv"


def test_visitor_filters_the_council_decisions(page):
    meeting, present = meeting_with_attendance(members=9, present=7, number=51)
    for position, (title, yes, no) in enumerate([("Kiezfest im Juni", 6, 1), ("Neue Bänke am Platz", 1, 5)], 1):
        item = AgendaItemFactory(meeting=meeting, position=position, title=title)
        decision_record(agenda_item=item, motion=f"Der Quartiersrat beschließt: {title}.", votes_yes=yes,
                        votes_no=no, votes_abstain=0, recused=[], is_funding_decision=False)  # fmt: skip

    page.goto("/quartiersrat/beschluesse/")
    expect(page.get_by_role("row")).to_have_count(3)
    assert_accessible(page)
    page.get_by_label("Ergebnis").select_option(label="Abgelehnt")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_role("rowheader").filter(has_text="Neue Bänke am Platz")).to_have_count(1)
    expect(page.get_by_text("Kiezfest im Juni")).to_have_count(0)
    assert_accessible(page)
