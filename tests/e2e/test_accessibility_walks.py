"""Keyboard only and Leichte Sprache: the error paths of the idea form and the action fund form
(focus on the error summary, each link moves focus to its field), the easy-to-read section and
the sign-language page reached from the header, the accessibility statement and its feedback form."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from apps.actionfund.models import Application
from apps.actionfund.tests.factories import FundYearFactory
from apps.core.tests.corpus import mp4, webvtt
from apps.pages.models import AccessibilityFeedback, AccessibilityStatement, SignLanguageVideo, SiteSettings
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


def follow_every_summary_link(page) -> list[str]:
    """On a page after a failed submit: focus is on the summary, the title says "Fehler", and each
    summary link, reached with Tab from the summary and followed with Enter, focuses its field."""
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fehler: ")
    links = summary.get_by_role("link")
    count = links.count()
    hrefs = [links.nth(index).get_attribute("href") for index in range(count)]
    assert "#" not in hrefs
    for index, href in enumerate(hrefs):
        summary.focus()
        for _ in range(index + 1):
            page.keyboard.press("Tab")
        expect(links.nth(index)).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator(href)).to_be_focused()
    return hrefs


def type_into(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def type_date(page, selector: str, value) -> None:
    """Type a date into a date field digit by digit, as a keyboard user does. The order of day,
    month and year follows the browser's own locale (headless Chromium shows mm/dd/yyyy whatever
    the page's language): typing again from the first segment corrects a wrong guess."""
    field = page.locator(selector)
    for pattern in ("%d%m%Y", "%m%d%Y", "%Y%m%d"):
        page.evaluate("document.activeElement && document.activeElement.blur()")
        type_into(page, selector, value.strftime(pattern))  # focus from outside: the first segment
        if field.input_value() == value.isoformat():
            return
    raise AssertionError(f"could not type {value} into {selector}: {field.input_value()!r}")


def test_action_fund_form_error_path_with_the_keyboard_only(page):
    FundYearFactory()
    page.goto("/aktionsfonds/antrag/")
    tab_to(page, "Antrag einreichen", limit=120)
    page.keyboard.press("Enter")

    hrefs = follow_every_summary_link(page)
    for field in ("#id_applicant_name", "#id_email", "#id_title", "#id_starts_on", "#id_consent_privacy"):
        assert field in hrefs, (field, hrefs)
    assert "#id_criteria_0" in hrefs  # a checkbox group: its first box
    assert_accessible(page)

    # Correct everything with the keyboard: text by typing, boxes with Space, dates digit by digit.
    start = timezone.localdate() + timedelta(days=30)
    type_into(page, "#id_applicant_name", "Erika Beispiel")
    type_into(page, "#id_email", "erika@example.org")
    type_into(page, "#id_title", "Hoffest im Uferweg 7")
    type_into(page, "#id_description", "Ein Nachmittag mit Kuchen und Musik im Hof.")
    type_into(page, "#id_target_group", "Alle im Haus und in der Straße")
    type_into(page, "#id_location", "Hof Uferweg 7")
    for field in ("#id_starts_on", "#id_ends_on"):
        type_date(page, field, start)
    type_into(page, "#id_participation", "Alle bringen etwas mit.")
    type_into(page, "#id_contribution", "Wir organisieren ehrenamtlich.")
    page.locator("#id_criteria_0").focus()
    page.keyboard.press("Space")
    type_into(page, "#id_costs-0-description", "Bierbänke leihen")
    type_into(page, "#id_costs-0-amount", "250")
    page.locator("#id_consent_privacy").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Antrag einreichen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Antrag eingegangen")).to_be_visible()
    assert not page.title().startswith("Fehler")
    assert Application.objects.get().starts_on == start


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


def test_sign_language_page_is_reached_from_the_header(page):
    SignLanguageVideo.objects.create(title="Was macht das Quartiersmanagement?",
                                     transcript="Wir kümmern uns um den Kiez.\n\nSie erreichen uns im Vor-Ort-Büro.")  # fmt: skip
    with_video = SignLanguageVideo.objects.create(title="So benutzen Sie diese Website", order=2,
                                                  transcript="Oben auf jeder Seite ist das Menü.")  # fmt: skip
    with_video.video = ContentFile(mp4(), name="dgs.mp4")
    with_video.captions = ContentFile(webvtt(), name="dgs.vtt")
    with_video.save()
    page.goto("/")
    page.get_by_role("link", name="Gebärdensprache").click()
    expect(page.get_by_role("heading", level=1, name="Informationen in Deutscher Gebärdensprache")).to_be_visible()
    expect(page.get_by_text("Wir kümmern uns um den Kiez.")).to_be_visible()
    expect(page.get_by_text("Das Video zu diesem Text entsteht gerade")).to_have_count(1)
    # The video's markup (source, captions track) passes axe and the Nu checker like the rest.
    expect(page.locator("video track[kind=captions]")).to_have_count(1)
    expect(page.get_by_text("Oben auf jeder Seite ist das Menü.")).to_be_visible()
    assert_accessible(page)


def test_statement_and_feedback_form_error_path_and_success(page):
    site = SiteSettings.load()
    site.email = "buero@example.org"
    site.save()
    statement = AccessibilityStatement.load()
    statement.intro = "Wir sind bemüht, dieses Portal barrierefrei zu machen."
    statement.assessed_on = statement.prepared_on = timezone.localdate() - timedelta(days=3)
    statement.enforcement_name = "Landesbeauftragte für digitale Barrierefreiheit"
    statement.save()
    statement.items.create(content="Alte Protokolle als PDF", explanation="Eingescannt.",
                           alternative="Wir schicken den Text per E-Mail.")  # fmt: skip

    page.goto("/")
    page.locator("footer").get_by_role("link", name="Erklärung zur Barrierefreiheit").click()
    expect(page.get_by_role("heading", level=1, name="Erklärung zur Barrierefreiheit")).to_be_visible()
    expect(page.get_by_text("teilweise vereinbar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Barriere melden").click()
    expect(page.get_by_role("heading", level=1, name="Barriere melden")).to_be_visible()
    assert_accessible(page)
    # An answer wanted without an address: the summary takes the focus and leads to the fields.
    page.get_by_label("Ich möchte eine Antwort per E-Mail.").check()
    page.get_by_role("button", name="Nachricht senden").click()
    hrefs = follow_every_summary_link(page)
    assert hrefs == ["#id_message", "#id_email"]
    assert_accessible(page)

    page.get_by_label("Auf welche Barriere sind Sie gestoßen?").fill(
        "Der Kalender ist mit der Tastatur nicht bedienbar."
    )
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("anna@example.org")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("heading", level=1, name="Vielen Dank für Ihre Nachricht")).to_be_visible()
    expect(page.get_by_text("an anna@example.org")).to_be_visible()
    assert_accessible(page)
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.wants_answer and feedback.email == "anna@example.org"
    from apps.notifications.office import office_digests

    office_digests()  # the office hears of it in the hourly office digest
    assert [m.to for m in mail.outbox] == [["buero@example.org"]]
