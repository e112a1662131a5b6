"""The neighbourhood calendar and the newsletter in a real browser: the list by day with filters,
the month table, an event's page, suggesting an event, subscribing to and leaving the newsletter."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.events.models import EventSuggestion
from apps.events.tests.factories import EventFactory, at
from apps.network.models import Language, StepFree, SuggestionStatus
from apps.network.tests.factories import ActorFactory
from apps.newsletter.models import Subscription

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_finds_a_free_step_free_event_in_the_list_and_the_month(page):
    garden = ActorFactory(name="Nachbarschaftsgarten Uferwiese", step_free=StepFree.YES)
    fest = EventFactory(title="Gartenfest", kind="neighbourhood", starts_at=at(0, 20), actor=garden,
                        place_name="", place_address="", step_free=StepFree.YES)  # fmt: skip
    fest.languages.add(Language.objects.get(code="tr"))
    EventFactory(title="Konzert mit Treppe", kind="culture", starts_at=at(0, 21), step_free=StepFree.NO,
                 cost_kind="amount", cost_amount=Decimal("5.00"))  # fmt: skip

    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Kalender").click()
    expect(page.get_by_role("heading", level=1, name="Kiezkalender")).to_be_visible()
    expect(page.get_by_role("link", name="Konzert mit Treppe")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Stufenloser Zugang").select_option(label="Stufenlos")
    page.get_by_label("Nur kostenlose").check()
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("link", name="Gartenfest")).to_be_visible()
    expect(page.get_by_role("link", name="Konzert mit Treppe")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Monatsansicht").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_count(7)
    expect(table.get_by_role("link", name=re.compile("Gartenfest"))).to_be_visible()
    expect(table.get_by_role("link", name=re.compile("Konzert mit Treppe"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Nächster Monat")).click()
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("table").get_by_role("link", name=re.compile("Gartenfest")).click()
    expect(page.get_by_role("heading", level=1, name="Gartenfest")).to_be_visible()
    expect(page.get_by_role("link", name="Nachbarschaftsgarten Uferwiese")).to_be_visible()
    expect(page.get_by_text("Türkisch")).to_be_visible()
    assert_accessible(page)


def test_visitor_suggests_an_event_and_confirms_it_by_email(page):
    page.goto("/kalender/")
    page.get_by_role("link", name="Veranstaltung vorschlagen").click()
    expect(page.get_by_role("heading", level=1, name="Veranstaltung vorschlagen")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Titel").fill("Hofflohmarkt")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_role("heading", name="Bitte korrigieren Sie Folgendes:")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Hofflohmarkt")
    assert_accessible(page)

    page.get_by_role("textbox", name=re.compile(r"^Beschreibung")).fill("Flohmarkt im Innenhof für alle.")
    page.get_by_role("textbox", name=re.compile(r"^Veranstalter")).fill("Hausgemeinschaft Fährstraße 12")
    page.get_by_label("Datum").fill(at(12).date().isoformat())
    page.get_by_label("Beginn (Uhrzeit)").fill("11:00")
    page.get_by_role("textbox", name=re.compile(r"^Ort")).fill("Innenhof")
    page.get_by_role("textbox", name=re.compile(r"^Adresse")).fill("Fährstraße 12")
    page.get_by_label("Ihre E-Mail-Adresse").fill("floh@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_text("Bitte bestätigen Sie Ihren Vorschlag mit dem Link darin.")).to_be_visible()

    link = re.search(r"http://\S+/kalender/vorschlagen/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Veranstaltungsvorschlag bestätigen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vorschlag bestätigen").click()
    expect(page.get_by_text("Ihr Vorschlag ist bestätigt")).to_be_visible()
    assert EventSuggestion.objects.get().status == SuggestionStatus.NEW


def test_visitor_subscribes_to_the_newsletter_confirms_and_unsubscribes(page):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Newsletter").click()
    expect(page.get_by_role("heading", level=1, name="Newsletter")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Abonnieren").click()
    expect(page.get_by_role("heading", name="Bitte korrigieren Sie Folgendes:")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Ihre E-Mail-Adresse").fill("leserin@example.org")
    page.get_by_label("Ich möchte den Newsletter erhalten").check()
    page.get_by_role("button", name="Abonnieren").click()
    expect(page.get_by_text("Bitte bestätigen Sie Ihr Abonnement mit dem Link darin.")).to_be_visible()
    assert Subscription.objects.get().confirmed_at is None

    link = re.search(r"http://\S+/newsletter/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Newsletter-Abonnement bestätigen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, abonnieren").click()
    expect(page.get_by_text("Ihr Newsletter-Abonnement ist bestätigt.")).to_be_visible()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None

    from apps.newsletter.services import unsubscribe_url

    page.goto(unsubscribe_url(subscription))
    expect(page.get_by_role("heading", level=1, name="Newsletter abbestellen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Abbestellen").click()
    expect(page.get_by_role("heading", level=1, name="Abbestellt")).to_be_visible()
    assert_accessible(page)
    assert not Subscription.objects.exists()
