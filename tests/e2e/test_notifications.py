"""Notification settings in a real browser: from "Mein Bereich" to "Benachrichtigungen", and the
signed link from a mail that works without a login; both pages axe-clean."""

import pytest
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.notifications import preferences
from apps.notifications.tokens import make_token

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_council_member_chooses_a_weekly_digest_for_calls(page, make_user):
    user = make_user("council")
    login(page, user.email, PASSWORD)
    page.goto("/mein-bereich/")
    page.get_by_role("link", name="Benachrichtigungen: worüber mich das Portal per E-Mail informiert").click()
    expect(page.get_by_role("heading", name="Benachrichtigungen", level=1)).to_be_visible()
    expect(page.get_by_role("group", name="Sitzungen des Quartiersrats")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Neue Projektaufrufe").get_by_label("Sofort").check()
    page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.get_by_text("Ihre Benachrichtigungseinstellungen wurden gespeichert.")).to_be_visible()
    assert preferences.settings_of(user.email)["call"] == "immediate"


def test_the_link_in_a_mail_switches_news_off_without_a_login(page):
    preferences.save("gast@example.org", {"news": "immediate"})
    page.goto(f"/konto/benachrichtigungen/link/{make_token('gast@example.org', ['news'])}/")
    expect(page.get_by_role("heading", name="Benachrichtigungseinstellungen", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Aus").check()
    page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.get_by_text("Ihre Benachrichtigungseinstellungen wurden gespeichert.")).to_be_visible()
    assert preferences.settings_of("gast@example.org")["news"] == "off"
    page.goto("/konto/benachrichtigungen/link/kaputt/")
    expect(page.get_by_text("Dieser Link ist ungültig.", exact=False)).to_be_visible()
    assert_accessible(page)
