"""Project funding in a real browser: a provider registers, drafts, leaves, comes back and submits;
the QM team requests changes; the provider fixes and resubmits; the council's recommendation, the
steering committee's selection and the district's grant notice are recorded; the project appears on
/projekte/; a project goes from the council's vote through the grant notice and two payment requests
to the accepted final proof of use. axe-clean on every portal page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.funding.models import Application
from apps.funding.tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CallFactory,
    FieldOfActionFactory,
    MeasureFactory,
)

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "kiezgarten@example.org"


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


PDF = {"name": "bescheid.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}


def _staff_changes_status(browser, live_server, staff, application, choice, comment="", fill=None, page=None):
    own_page = page is None
    if own_page:
        page = _new_page(browser, live_server)
        login(page, staff.email, PASSWORD)
    page.goto(f"/admin/funding/application/{application.pk}/status/")
    assert_accessible(page)
    page.get_by_label(choice).check()
    if comment:
        page.get_by_label("Kommentar").fill(comment)
    for label, value in (fill or {}).items():
        if isinstance(value, dict):
            page.get_by_label(label).set_input_files(value)
        else:
            page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Status ändern").click()
    expect(page.locator(".messagelist")).to_contain_text("Neuer Status")
    if own_page:
        page.context.close()


GRANT_NOTICE = {"Datum des Zuwendungsbescheids": "2026-12-01", "Aktenzeichen des Zuwendungsbescheids": "BA-FK-17",
                "Bewilligter Betrag (EUR)": "9000", "Zuwendungsbescheid (PDF)": PDF}  # fmt: skip


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

    # Formal check, the council recommends, the steering committee selects, the district grants.
    _staff_changes_status(browser, live_server, staff, application, "Formale Prüfung beginnen")
    _staff_changes_status(browser, live_server, staff, application, "Dem Quartiersrat vorlegen")
    _staff_changes_status(browser, live_server, staff, application, "Votum des Quartiersrats: empfohlen")
    _staff_changes_status(browser, live_server, staff, application, "Auswahl der Steuerungsrunde: ausgewählt")
    _staff_changes_status(browser, live_server, staff, application, "Zuwendungsbescheid erteilt", fill=GRANT_NOTICE)

    page.goto("/projekte/")
    assert_accessible(page)
    page.get_by_role("link", name="Kiezgarten am Ufer").click()
    expect(page.get_by_role("heading", level=1, name="Kiezgarten am Ufer")).to_be_visible()
    expect(page.get_by_text("9.000,00 €")).to_be_visible()
    assert_accessible(page)


def test_projektfonds_from_the_council_vote_through_two_payments_to_the_accepted_final_proof(
    page, browser, live_server, make_user
):
    staff = make_user("staff", first_name="Quinn", last_name="Büro")
    provider = make_user("provider")
    application = ApplicationFactory.in_status("council", owner=provider, title="Kiezküche am Kanal",
                                               call=CallFactory(budget="50000.00"))  # fmt: skip
    qm = _new_page(browser, live_server)
    login(qm, staff.email, PASSWORD)

    # The council's vote with its ranking, the steering committee, the district's grant notice.
    qm.goto(f"/admin/funding/application/{application.pk}/status/")
    expect(qm.get_by_label("Bescheid des Bezirksamts")).to_have_count(0)  # not before the steering committee
    _staff_changes_status(browser, live_server, staff, application, "Votum des Quartiersrats: empfohlen",
                          comment="Beschluss der 12. Sitzung", fill={"Platz in der Rangfolge des Quartiersrats": "1"},
                          page=qm)  # fmt: skip
    _staff_changes_status(browser, live_server, staff, application, "Auswahl der Steuerungsrunde: ausgewählt", page=qm)
    notice = {**GRANT_NOTICE, "Bewilligter Betrag (EUR)": "18000.01"}
    qm.goto(f"/admin/funding/application/{application.pk}/status/")
    qm.get_by_label("Zuwendungsbescheid erteilt").check()
    for label, value in notice.items():
        field = qm.get_by_label(label)
        field.set_input_files(value) if isinstance(value, dict) else field.fill(value)
    qm.get_by_role("button", name="Status ändern").click()
    expect(qm.get_by_text("nicht übersteigen")).to_be_visible()  # more than requested: refused beside the field
    assert_accessible(qm)
    _staff_changes_status(browser, live_server, staff, application, "Zuwendungsbescheid erteilt",
                          fill={**GRANT_NOTICE, "Bewilligter Betrag (EUR)": "15000"}, page=qm)  # fmt: skip
    _staff_changes_status(browser, live_server, staff, application, "Projekt hat begonnen", page=qm)

    # The provider sees the notice and requests two payments; a third beyond the grant is refused.
    login(page, provider.email, PASSWORD)
    page.goto(application.get_absolute_url())
    expect(page.get_by_text("BA-FK-17", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Zuwendungsbescheid BA-FK-17 (PDF)")).to_be_visible()
    expect(page.locator("dd").filter(has_text="15.000,00 €")).to_be_visible()
    assert_accessible(page)
    for amount, purpose in (("9000", "1. Rate"), ("6000", "2. Rate")):
        page.get_by_role("link", name="Mittel abrufen").first.click()
        assert_accessible(page)
        page.get_by_label("Betrag (EUR)").fill(amount)
        page.get_by_label("Wofür (freiwillig)").fill(purpose)
        page.get_by_role("button", name="Mittelabruf senden").click()
        expect(page.get_by_text("Ihr Mittelabruf ist an das QM-Team gegangen.")).to_be_visible()
    page.get_by_role("link", name="Mittel abrufen").first.click()
    page.get_by_label("Betrag (EUR)").fill("0.01")
    page.get_by_role("button", name="Mittelabruf senden").click()
    expect(page.locator(".error-summary")).to_contain_text("höchstens noch 0,00 €")
    assert_accessible(page)

    # The QM team records both payouts (the bulk action of the payment requests' workflow).
    qm.goto("/admin/funding/paymentrequest/")
    qm.locator("#action-toggle").check()
    qm.get_by_label("Aktion:").select_option(label="Vom Bezirksamt ausgezahlt (heute)")
    qm.get_by_role("button", name="Ausführen").click()
    expect(qm.locator(".messagelist li.success")).to_have_count(2)

    # The provider submits the final proof of use; the QM team accepts it; the project is closed.
    page.goto(application.get_absolute_url())
    expect(page.get_by_role("table", name="Mittelabrufe")).to_contain_text("Ausgezahlt")
    page.get_by_role("link", name="Verwendungsnachweis einreichen").first.click()
    assert_accessible(page)
    page.get_by_label("Abschließender Verwendungsnachweis").check()
    page.get_by_label("Zeitraum bis").fill("2028-12-31")
    page.get_by_label("Sachbericht (PDF").set_input_files({**PDF, "name": "sachbericht.pdf"})
    page.get_by_label("Zahlenmäßiger Nachweis (PDF").set_input_files({**PDF, "name": "nachweis.pdf"})
    page.get_by_role("button", name="Verwendungsnachweis absenden").click()
    expect(page.locator(".status-badge")).to_contain_text("Abschließender Verwendungsnachweis eingereicht")
    assert_accessible(page)
    _staff_changes_status(browser, live_server, staff, application, "angenommen", comment="Ohne Beanstandung.",
                          page=qm)  # fmt: skip
    qm.goto(f"/admin/funding/application/{application.pk}/change/")
    expect(qm.get_by_text("Angenommen", exact=True)).to_be_visible()
    assert_accessible(qm)
    page.goto(application.get_absolute_url())
    expect(page.locator(".status-badge")).to_contain_text("Abgeschlossen")
    expect(page.get_by_role("table", name="Verwendungsnachweise")).to_contain_text("Angenommen")
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "closed" and application.council_rank == 1
    assert [p.status for p in application.payment_requests.all()] == ["paid", "paid"]
