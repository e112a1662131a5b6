"""Privacy self-service in a real browser: from "Mein Bereich" to "Meine Daten" and "Konto löschen",
axe-clean, the deletion confirmed with the password."""

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.accounts.tests.factories import PASSWORD

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_resident_finds_downloads_and_deletes_their_data(page, make_user):
    user = make_user("resident")
    login(page, user.email, PASSWORD)
    page.goto("/mein-bereich/")
    page.get_by_role("link", name="Meine Daten: herunterladen oder Konto löschen").click()
    expect(page.get_by_role("heading", name="Meine Daten", level=1)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Meine Daten herunterladen").click()
    assert download.value.suggested_filename.startswith("meine-daten-")
    page.get_by_role("link", name="Konto löschen").click()
    assert_accessible(page)
    page.get_by_label("Ihr Passwort").fill("falsch")
    page.get_by_role("button", name="Konto endgültig löschen").click()
    expect(page.get_by_text("Das Passwort ist nicht richtig.", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ihr Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Konto endgültig löschen").click()
    expect(page.get_by_text("Ihr Konto wurde gelöscht.")).to_be_visible()
    assert not User.objects.get(pk=user.pk).is_active
