"""Action plan in a real browser: a visitor reads the current concept and opens a field of action."""

from datetime import date

import pytest
from playwright.sync_api import expect

from apps.actionplan.models import Concept, FieldOfAction
from apps.actionplan.tests.factories import (
    AdoptedConceptFactory,
    AnchorPlaceFactory,
    FocusAreaFactory,
    GoalFactory,
    MeasureFactory,
    NeedFactory,
    StrengthFactory,
    WeaknessFactory,
)
from apps.pages.models import SiteSettings

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_reads_the_action_plan_and_opens_one_field_of_action(page):
    education = FieldOfAction.objects.get(slug="bildung")
    public_space = FieldOfAction.objects.get(slug="oeffentlicher-raum")
    AdoptedConceptFactory(title="IHEK Spreekiez 2017–2019", year_from=2017, year_to=2019, adopted_on=date(2017, 6, 20))
    plan = AdoptedConceptFactory(
        kind=Concept.Kind.ACTION_PLAN,
        title="Aktionsplan Spreekiez 2024–2026",
        year_from=2024,
        year_to=2026,
        adopted_on=date(2024, 3, 12),
        adopted_by="SpreekiezRat und Bezirksamt",
        vision="Ein Kiez, in dem alle gut zusammenleben.",
        neighbourhood_fund="Der Kiezfonds läuft weiter.",
    )
    StrengthFactory(concept=plan, text="Aktive, vielsprachige Nachbarschaft.")
    WeaknessFactory(concept=plan, text="Zu wenige Räume für Jugendliche.")
    goal = GoalFactory(concept=plan, field_of_action=education, text="Übergänge von der Kita in die Schule gelingen.")
    NeedFactory(concept=plan, field_of_action=education, text="Elternarbeit in mehreren Sprachen.")
    GoalFactory(concept=plan, field_of_action=public_space, text="Schattige Plätze für alle.")
    FocusAreaFactory(concept=plan, title="Bildungsnetzwerk übergeben", field_of_action=education)
    MeasureFactory(concept=plan, field_of_action=education, goal=goal, title="Elterncafés an drei Grundschulen")
    MeasureFactory(
        concept=plan, field_of_action=public_space, title="Schattendach am Beispielplatz", serves_climate=True
    )
    AnchorPlaceFactory(concept=plan, name="Nachbarschaftshaus am Ufer")
    site = SiteSettings.load()
    site.concept_kind = "action_plan"  # the area is in its exit phase: the menu says "Aktionsplan"
    site.save()

    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Aktionsplan").click()
    expect(page.get_by_role("heading", level=1, name="Aktionsplan Spreekiez 2024–2026")).to_be_visible()
    expect(page.get_by_role("heading", name="Stärken und Schwächen des Gebiets")).to_be_visible()
    expect(page.get_by_text("Aktive, vielsprachige Nachbarschaft.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ankerorte")).to_be_visible()
    expect(page.get_by_role("link", name="IHEK Spreekiez 2017–2019")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Handlungsfeld „Bildung“: Ziele, Maßnahmen und Stand").click()
    expect(page.get_by_role("heading", level=1, name="Bildung")).to_be_visible()
    expect(page.get_by_text("Übergänge von der Kita in die Schule gelingen.").first).to_be_visible()
    table = page.get_by_role("table", name="Maßnahmen: Bildung")
    expect(table.get_by_role("rowheader", name="Elterncafés an drei Grundschulen")).to_be_visible()
    expect(table.get_by_text("Geplant")).to_be_visible()
    expect(page.get_by_text("Schattendach am Beispielplatz")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Aktionsplan", exact=True).first.click()
    page.get_by_role("link", name="IHEK Spreekiez 2017–2019").click()
    expect(page.get_by_role("heading", level=1, name="IHEK Spreekiez 2017–2019")).to_be_visible()
    expect(page.get_by_text("Dieses Konzept wurde abgelöst.")).to_be_visible()
    assert_accessible(page)

    page.goto("/aktionsplan/archiv/")
    expect(page.get_by_role("heading", level=1, name="Archiv früherer Konzepte")).to_be_visible()
    assert_accessible(page)
