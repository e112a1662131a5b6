"""Every role finds its way by clicking, starting at the home page (no typed addresses after the
first one): the resident submits an idea from the home page button, the juror votes in two rounds
that are open at the same time, the provider signs up from a call's page and lands back on the call.
axe runs on every page the walks visit."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.actionfund import services as actionfund_services
from apps.actionfund.models import Vote
from apps.actionfund.tests.factories import ApplicationFactory, FundYearFactory, RoundFactory, qm_user
from apps.funding.tests.factories import CallFactory
from apps.ideas.models import Idea

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login_from_header(page, email: str) -> None:
    """Log in as a person would: the header's link, then the form."""
    page.get_by_role("navigation", name="Konto").get_by_role("link", name="Anmelden").click()
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=False).first.fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Anmeldung").click()


def test_resident_submits_an_idea_from_the_home_page_button(page, make_user):
    resident = make_user("resident")
    page.goto("/")
    login_from_header(page, resident.email)
    expect(page.get_by_role("heading", level=1, name="Mein Bereich")).to_be_visible()
    assert_accessible(page)
    page.locator(".site-brand").click()
    page.get_by_role("link", name="Idee einreichen", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Idee oder Anliegen einreichen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Idee", exact=True).check()
    page.get_by_label("Titel").fill("Bank am Spielplatz")
    page.get_by_label("Beschreibung").first.fill("Eltern brauchen einen Platz zum Sitzen.")
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Eintrag absenden").click()
    expect(page.get_by_role("status")).to_contain_text("Vielen Dank")
    assert Idea.objects.get(title="Bank am Spielplatz").submitter == resident

    # "Mein Bereich" lists the new entry with its status.
    page.get_by_role("link", name="Mein Bereich").click()
    expect(page.get_by_role("link", name="Bank am Spielplatz")).to_be_visible()
    assert_accessible(page)


def test_juror_votes_in_both_of_two_open_rounds_by_clicking(page, make_user):
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    early = RoundFactory(fund_year=year, date=timezone.now() + timedelta(days=5))
    late = RoundFactory(fund_year=year, date=timezone.now() + timedelta(days=9))
    first = ApplicationFactory(fund_year=year, title="Hoffest im Hinterhof")
    second = ApplicationFactory(fund_year=year, title="Lesecafé für Kinder")
    actionfund_services.round_add_application(round=early, application=first, by=qm_user())
    actionfund_services.round_add_application(round=late, application=second, by=qm_user())
    actionfund_services.round_open(round=early, by=qm_user())
    actionfund_services.round_open(round=late, by=qm_user())

    page.goto("/")
    login_from_header(page, juror.email)
    expect(page.get_by_role("heading", level=1, name="Mein Bereich")).to_be_visible()
    assert_accessible(page)
    area = page.locator("main")
    expect(area).to_contain_text("0 von 1 abgestimmt")

    # The first open round, from "Mein Bereich".
    area.get_by_role("link", name=str(early)).click()
    article = page.locator("article", has_text="Hoffest im Hinterhof")
    article.get_by_label("Ja").check()
    article.get_by_role("button", name="Stimme speichern").click()
    expect(article.get_by_role("status")).to_contain_text("Gespeichert")
    assert_accessible(page)

    # The second round, through the round chooser.
    page.get_by_role("navigation", name="Zur Abstimmung geöffnete Sitzungen").get_by_role(
        "link", name=str(late)
    ).click()
    article = page.locator("article", has_text="Lesecafé für Kinder")
    article.get_by_label("Nein").check()
    article.get_by_role("button", name="Stimme speichern").click()
    expect(article.get_by_role("status")).to_contain_text("Gespeichert")
    assert_accessible(page)
    assert Vote.objects.filter(juror=juror).count() == 2

    page.get_by_role("link", name="Mein Bereich").click()
    expect(page.locator("main")).to_contain_text("1 von 1 abgestimmt")


def test_provider_signs_up_from_a_calls_page_and_lands_back_on_the_call(page):
    CallFactory(title="Projektaufruf Lernorte im Kiez", slug="lernorte")
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Förderung").click()
    page.get_by_role("link", name="Projektaufruf Lernorte im Kiez").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Registrieren").click()
    page.get_by_label("E-Mail-Adresse").fill("lernwerkstatt@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Registrieren").click()
    assert_accessible(page)

    # The confirmation link from the mail (the one address a person takes from outside the portal).
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    assert_accessible(page)
    page.locator("main form").get_by_role("button", name="Bestätigen").click()

    # Logged in and back on the call; register as a provider and come back to apply.
    expect(page.get_by_role("heading", level=1, name="Projektaufruf Lernorte im Kiez")).to_be_visible()
    page.get_by_role("link", name="Als Projektträger registrieren").click()
    assert_accessible(page)
    page.locator("main form").get_by_role("button").click()
    expect(page.get_by_role("heading", level=1, name="Projektaufruf Lernorte im Kiez")).to_be_visible()
    expect(page.get_by_role("link", name="Für diesen Aufruf bewerben")).to_be_visible()
    assert_accessible(page)
