"""Keyboard only and Leichte Sprache: the idea form's error path (focus on the error summary,
each link moves focus to its field) and the easy-to-read section reached from the header."""

import re

import pytest
from playwright.sync_api import expect

from apps.pages.tests.factories import PageFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible text is ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "document.activeElement && (document.activeElement.innerText || document.activeElement.value || '')"
        )
        if text.strip() == name:
            return
    raise AssertionError(f"{name!r} not reached with Tab")


def test_idea_form_error_path_with_the_keyboard_only(page):
    page.goto("/ideen/neu/")
    tab_to(page, "Eintrag absenden")
    page.keyboard.press("Enter")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fehler: ")
    links = summary.get_by_role("link")
    count = links.count()
    assert count >= 3
    hrefs = [links.nth(index).get_attribute("href") for index in range(count)]
    assert "#" not in hrefs
    assert not any(re.search(r"[.?]: ", links.nth(index).inner_text()) for index in range(count))
    for index, href in enumerate(hrefs):
        summary.focus()  # back to the summary, as after reading it
        for _ in range(index + 1):
            page.keyboard.press("Tab")
        expect(links.nth(index)).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator(href)).to_be_focused()
    assert_accessible(page)

    # Correct the entry with the keyboard: the radio group by arrow keys, text by typing.
    page.locator(hrefs[0]).focus()
    page.keyboard.press("Space")
    page.locator("#id_title").focus()
    page.keyboard.type("Mehr Bänke am Ufer")
    page.locator("#id_description").focus()
    page.keyboard.type("Am Uferweg fehlen Sitzplätze für ältere Menschen.")
    page.locator("#id_email").focus()
    page.keyboard.type("anna@example.org")
    page.locator("#id_privacy_consent").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Eintrag absenden").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Bitte bestätigen Sie Ihren Eintrag")).to_be_visible()
    assert not page.title().startswith("Fehler")


def test_leichte_sprache_is_reached_from_the_header(page):
    PageFactory(title="Was macht das Quartiers-Management?", slug="ls-qm", menu="easy", order=1,
                body="Wir sind das **Quartiers-Management**.\n\nWir haben ein Büro im Kiez.")  # fmt: skip
    PageFactory(title="Was ist der Quartiers-Rat?", slug="ls-rat", menu="easy", order=2, body="Der Rat berät.")
    page.goto("/")
    page.get_by_role("link", name="Leichte Sprache").click()
    expect(page.get_by_role("heading", level=1, name="Leichte Sprache")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Was macht das Quartiers-Management?").click()
    expect(page.get_by_role("heading", level=1, name="Was macht das Quartiers-Management?")).to_be_visible()
    assert_accessible(page)
