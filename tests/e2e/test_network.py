"""The network directory in a real browser: finding an actor by filters, suggesting an entry."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.network.models import Actor, StepFree, Suggestion, SuggestionStatus
from apps.network.tests.factories import ActorFactory, NetworkFactory, language

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_finds_a_turkish_speaking_step_free_family_centre_through_the_filters(page):
    centre = ActorFactory(
        name="Familienzentrum Lindenhof",
        kind=Actor.Kind.FAMILY_CENTRE,
        languages=["de", "tr", "ar"],
        fields_of_action=["bildung"],
        step_free=StepFree.YES,
        opening_hours="Mo–Do 9–18 Uhr",
        email="familienzentrum@lindenhof.example",
    )
    ActorFactory(name="Familienzentrum am Ufer", kind=Actor.Kind.FAMILY_CENTRE, languages=["de", "ar"],
                 step_free=StepFree.YES)  # fmt: skip
    ActorFactory(name="Familientreff mit Treppe", kind=Actor.Kind.FAMILY_CENTRE, languages=["tr"],
                 step_free=StepFree.NO)  # fmt: skip
    ActorFactory(name="Mevlana-Moschee", kind=Actor.Kind.RELIGIOUS_COMMUNITY, languages=["tr"], step_free=StepFree.YES)
    NetworkFactory(name="Spreekiez macht Schule", members=[centre])

    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Netzwerk").click()
    expect(page.get_by_role("heading", level=1, name="Netzwerk im Kiez")).to_be_visible()
    expect(page.get_by_role("heading", name="4 Einträge")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Art").select_option(label="Familienzentrum")
    page.get_by_label("Gesprochene Sprache").select_option(label="Türkisch")
    page.get_by_label("Stufenloser Zugang").select_option(label="Stufenlos")
    page.get_by_role("button", name="Ergebnisse anzeigen").click()

    expect(page.get_by_role("heading", name="1 Eintrag")).to_be_visible()
    results = page.get_by_role("region", name="1 Eintrag")
    expect(results.get_by_role("link", name="Familienzentrum Lindenhof")).to_be_visible()
    expect(results.get_by_role("link", name="Familienzentrum am Ufer")).to_have_count(0)
    expect(results.get_by_role("link", name="Familientreff mit Treppe")).to_have_count(0)
    expect(page.get_by_label("Gesprochene Sprache")).to_have_value("tr")
    assert_accessible(page)

    results.get_by_role("link", name="Familienzentrum Lindenhof").click()
    expect(page.get_by_role("heading", level=1, name="Familienzentrum Lindenhof")).to_be_visible()
    expect(page.get_by_text("Türkisch")).to_be_visible()
    expect(page.get_by_role("link", name="familienzentrum@lindenhof.example")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Kontakt speichern (vCard)").click()
    assert download.value.suggested_filename == f"{centre.slug}.vcf"

    page.get_by_role("link", name="Korrektur vorschlagen").click()
    expect(
        page.get_by_role("heading", level=1, name="Korrektur vorschlagen: Familienzentrum Lindenhof")
    ).to_be_visible()
    expect(page.get_by_label("Türkisch")).to_be_checked()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Spreekiez macht Schule").click()
    expect(page.get_by_role("heading", level=1, name="Spreekiez macht Schule")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Netzwerke", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Netzwerke")).to_be_visible()
    assert_accessible(page)


def test_visitor_suggests_an_entry_and_confirms_it_by_email(page):
    language("tr")
    page.goto("/netzwerk/")
    page.get_by_role("link", name="Eintrag vorschlagen").click()
    expect(page.get_by_role("heading", level=1, name="Eintrag vorschlagen")).to_be_visible()
    assert_accessible(page)

    # Sent without the required fields: the errors are listed and the input is kept.
    page.get_by_label("Straße und Hausnummer").fill("Kirchplatz 1")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_role("heading", name="Bitte korrigieren Sie Folgendes:")).to_be_visible()
    expect(page.get_by_label("Straße und Hausnummer")).to_have_value("Kirchplatz 1")
    assert_accessible(page)

    page.get_by_label("Name der Einrichtung oder Initiative").fill("Repair-Café Spreekiez")
    page.get_by_label("Beschreibung").fill("Jeden letzten Samstag reparieren wir gemeinsam.")
    page.get_by_label("Türkisch").check()
    page.get_by_label("Stufenlos", exact=True).check()
    page.get_by_label("Ihre E-Mail-Adresse").fill("ruth@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_text("Bitte bestätigen Sie Ihren Vorschlag mit dem Link darin.")).to_be_visible()

    suggestion = Suggestion.objects.get()
    assert suggestion.status == SuggestionStatus.UNCONFIRMED
    link = re.search(r"http://\S+/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Vorschlag bestätigen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vorschlag bestätigen").click()
    expect(page.get_by_text("Ihr Vorschlag ist bestätigt")).to_be_visible()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW
    # Not public before the QM team approves it.
    expect(page.get_by_role("link", name="Repair-Café Spreekiez")).to_have_count(0)
