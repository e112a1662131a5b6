"""Project funding in a real browser: a provider registers, drafts, leaves, comes back and submits;
the QM team requests changes; the provider fixes and resubmits; the council's recommendation is
recorded; the QM team approves; the project appears on /projekte/. axe-clean on every portal page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.funding.models import Application
from apps.funding.tests.factories import CallFactory, FieldOfActionFactory, MeasureFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "kiezgarten@example.org"


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def _staff_changes_status(browser, live_server, staff, application, choice, comment=""):
    page = _new_page(browser, live_server)
    login(page, staff.email, PASSWORD)
    page.goto(f"/admin/funding/application/{application.pk}/workflow/")
    assert_accessible(page)
    page.get_by_label(choice).check()
    if comment:
        page.get_by_label("Kommentar").fill(comment)
    page.get_by_role("button", name="Status ändern").click()
    expect(page.locator(".messagelist")).to_contain_text("Neuer Status")
    page.context.close()


def test_provider_applies_qm_requests_changes_council_recommends_qm_approves(page, browser, live_server, make_user):
    field = FieldOfActionFactory(name="Öffentlicher Raum", slug="oeffentlicher-raum")
    measure = MeasureFactory(field_of_action=field, title="Grünflächen gemeinsam pflegen")
    call = CallFactory(title="Projektaufruf Grün im Kiez", slug="gruen-im-kiez")
    call.fields_of_action.set([field])
    staff = make_user("staff")

    # A provider signs up and confirms the e-mail address.
    page.goto("/konto/signup/")
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Registrieren").click()
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.locator("main form").get_by_role("button", name="Bestätigen").click()
    # Confirming in the same browser logs the new provider in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    expect(page.get_by_role("heading", level=1, name="Mein Bereich")).to_be_visible()

    # The call, registering as a provider, a first draft.
    page.goto("/foerderung/")
    assert_accessible(page)
    page.get_by_role("link", name="Projektaufruf Grün im Kiez").click()
    assert_accessible(page)
    page.get_by_role("button", name="Als Projektträger registrieren").or_(
        page.get_by_role("link", name="Als Projektträger registrieren")
    ).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Als Projektträger registrieren").click()
    page.get_by_role("link", name="Für diesen Aufruf bewerben").click()
    assert_accessible(page)
    page.get_by_role("button", name="Entwurf anlegen").click()
    assert_accessible(page)
    page.get_by_label("Projekttitel", exact=True).fill("Kiezgarten am Ufer")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("heading", level=1, name="Kiezgarten am Ufer")).to_be_visible()
    assert_accessible(page)

    # Leaves, comes back later, completes and submits.
    page.goto("/")
    page.goto("/foerderung/antraege/")
    assert_accessible(page)
    page.get_by_role("link", name="Kiezgarten am Ufer").click()
    page.get_by_role("link", name="Antrag bearbeiten").click()
    expect(page.get_by_label("Projekttitel", exact=True)).to_have_value("Kiezgarten am Ufer")
    page.get_by_role("button", name="Speichern und einreichen").click()
    expect(page.locator(".error-summary")).to_be_visible()  # incomplete: errors, input kept
    expect(page.get_by_label("Projekttitel", exact=True)).to_have_value("Kiezgarten am Ufer")
    assert_accessible(page)
    page.get_by_label("Organisation", exact=True).fill("Kiezgarten e. V.")
    page.get_by_label("Rechtsform", exact=True).fill("e. V.")
    page.get_by_label("Postanschrift", exact=True).fill("Uferweg 3\n10997 Berlin")
    page.get_by_label("Ansprechperson", exact=True).fill("Frau Grün")
    page.get_by_label("Telefon", exact=True).fill("030 555 123")
    page.get_by_label("Zusammenfassung", exact=True).fill("Wir legen mit der Nachbarschaft Hochbeete an.")
    page.get_by_label("Ziele", exact=True).fill("Begegnung und Grün im Kiez.")
    page.get_by_label("Zielgruppen", exact=True).fill("Familien und Ältere")
    page.get_by_label("Handlungsfeld", exact=True).select_option(label="Öffentlicher Raum")
    page.get_by_label("Maßnahme des Aktionsplans").select_option(label=f"Öffentlicher Raum: {measure.title}")
    page.get_by_label("Ort", exact=True).fill("Uferpromenade")
    page.get_by_label("Beginn", exact=True).fill("2027-04-01")
    page.get_by_label("Ende", exact=True).fill("2028-03-31")
    page.get_by_label("Kategorie, Zeile 1").select_option(label="Material")
    page.get_by_label("Beschreibung, Zeile 1").fill("Hochbeete und Erde")
    page.get_by_label("Betrag, Zeile 1").fill("6000")
    page.get_by_label("Kategorie, Zeile 2").select_option(label="Honorare")
    page.get_by_label("Beschreibung, Zeile 2").fill("Gartenanleitung")
    page.get_by_label("Betrag, Zeile 2").fill("4000")
    page.get_by_label("Eigenanteil", exact=True).fill("1000")
    page.get_by_role("button", name="Speichern und einreichen").click()
    expect(page.locator(".status-badge")).to_contain_text("Eingereicht")
    assert_accessible(page)
    application = Application.objects.get(title="Kiezgarten am Ufer")
    assert application.requested_amount == 9000

    # The QM team checks and requests changes.
    _staff_changes_status(browser, live_server, staff, application, "Formale Prüfung beginnen")
    _staff_changes_status(browser, live_server, staff, application, "Nachbesserung beim Antragsteller anfordern",
                          "Bitte nennen Sie die Honorarsätze.")  # fmt: skip

    # The provider fixes and resubmits.
    page.goto(application.get_absolute_url())
    expect(page.locator(".status-badge")).to_contain_text("Nachbesserung")
    page.get_by_role("link", name="Antrag bearbeiten").click()
    page.get_by_label("Beschreibung, Zeile 2").fill("Gartenanleitung, 40 Std. à 100 €")
    page.get_by_role("button", name="Speichern und beantworten").click()
    expect(page.get_by_text("Bitte nennen Sie die Honorarsätze.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ihre Antwort").fill("Honorarsätze ergänzt.")
    page.get_by_role("button", name="Erneut einreichen").click()
    expect(page.locator(".status-badge")).to_contain_text("Eingereicht")

    # Formal check, the council recommends, the QM team approves.
    _staff_changes_status(browser, live_server, staff, application, "Formale Prüfung beginnen")
    _staff_changes_status(browser, live_server, staff, application, "Dem Quartiersrat vorlegen")
    _staff_changes_status(browser, live_server, staff, application, "Erfasst: vom Quartiersrat empfohlen")
    _staff_changes_status(browser, live_server, staff, application, "Bewilligen (im Rahmen des Budgets)")

    page.goto("/projekte/")
    assert_accessible(page)
    page.get_by_role("link", name="Kiezgarten am Ufer").click()
    expect(page.get_by_role("heading", level=1, name="Kiezgarten am Ufer")).to_be_visible()
    expect(page.get_by_text("9.000,00 €")).to_be_visible()
    assert_accessible(page)
