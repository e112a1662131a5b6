"""Ideas and concerns in a real browser: submit without an account, confirm by e-mail,
moderation and status changes in the admin, support and comment as a resident."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.ideas.models import Idea, IdeaStatus

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Trinkbrunnen am Uferweg"


def admin_action(page, title: str, action_label: str, **fields) -> None:
    """In the admin list of ideas, select one entry, run an action and fill its answer page."""
    page.goto("/admin/ideas/idea/")
    assert_accessible(page)
    page.locator("#result_list tr", has_text=title).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.get_by_role("button", name="Ausführen").click()
    expect(page.get_by_role("heading", name=action_label)).to_be_visible()
    assert_accessible(page)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Ausführen").click()
    expect(page.locator(".messagelist")).to_contain_text("1 Eintrag")


def test_idea_from_submission_to_taken_up(page, browser, live_server, make_user):
    staff = make_user("staff")
    resident = make_user("resident")

    # A visitor without an account submits an idea.
    page.goto("/ideen/")
    assert_accessible(page)
    page.get_by_role("link", name="Idee oder Anliegen einreichen").click()
    expect(page.get_by_role("heading", level=1, name="Idee oder Anliegen einreichen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Idee", exact=True).check()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Beschreibung").first.fill("Im Sommer fehlt am Uferweg frisches Wasser.")
    page.get_by_label("Handlungsfeld").select_option(label="Gesundheit und Bewegung")
    page.get_by_label("Ort im Gebiet").fill("Uferweg an der Brücke")
    page.get_by_label("Öffentlich angezeigter Name").fill("Anna B.")
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Eintrag absenden").click()
    expect(page.get_by_role("status")).to_contain_text("Bitte bestätigen Sie Ihren Eintrag")
    assert_accessible(page)
    assert Idea.objects.get(title=TITLE).status == IdeaStatus.UNCONFIRMED

    # The e-mailed link confirms it.
    link = re.search(r"https?://\S+/ideen/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Eintrag bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Eintrag ist bestätigt")
    assert Idea.objects.get(title=TITLE).status == IdeaStatus.NEW

    # The QM team publishes it in the admin.
    staff_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    staff_page = staff_context.new_page()
    login(staff_page, staff.email, PASSWORD)
    admin_action(staff_page, TITLE, "Freigeben und veröffentlichen")

    # A resident supports and comments.
    login(page, resident.email, PASSWORD)
    page.goto("/ideen/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("Anna B.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Diesen Eintrag unterstützen").click()
    expect(page.get_by_role("status")).to_contain_text("Sie unterstützen diesen Eintrag.")
    page.get_by_label("Ihr Kommentar").fill("Sehr gute Idee, gerade für Kinder!")
    page.get_by_role("button", name="Kommentar senden").click()
    expect(page.get_by_role("status")).to_contain_text("nach einer kurzen Prüfung veröffentlicht")
    expect(page.get_by_text("Sehr gute Idee, gerade für Kinder!")).to_be_visible()
    assert_accessible(page)

    # The QM team takes it up with a public answer.
    admin_action(
        staff_page,
        TITLE,
        "Als „aufgegriffen“ markieren",
        Antwort="Der Brunnen wird über den Aktionsfonds beantragt.",
        **{"Verknüpfter Antrag": "Aktionsfonds-Antrag „Wasser für alle“"},
    )
    staff_context.close()

    # The public history shows the answer; the submitter got an e-mail for each public change.
    page.reload()
    expect(page.locator(".idea-history")).to_contain_text("Aufgegriffen")
    expect(page.locator(".idea-history")).to_contain_text("Der Brunnen wird über den Aktionsfonds beantragt.")
    assert_accessible(page)
    to_submitter = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert len(to_submitter) == 3  # confirmation link, published, taken up
    assert "anna@example.org" not in page.content()


def test_list_filters_and_search_work_without_javascript(browser, live_server):
    from apps.ideas.tests.factories import IdeaFactory

    IdeaFactory(title="Bänke am Spielplatz", kind=Idea.Kind.CONCERN)
    IdeaFactory(title="Bücherschrank", kind=Idea.Kind.IDEA)
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/ideen/")
    page.get_by_label("Art").select_option(label="Anliegen")
    page.get_by_role("button", name="Ergebnisse anzeigen").click()
    expect(page.get_by_role("link", name="Bänke am Spielplatz")).to_be_visible()
    expect(page.get_by_role("link", name="Bücherschrank")).to_have_count(0)
    page.get_by_label("Suche").fill("Spielplätze")
    page.get_by_label("Art").select_option(label="Alle Arten")
    page.get_by_role("button", name="Ergebnisse anzeigen").click()
    expect(page.get_by_role("link", name="Bänke am Spielplatz")).to_be_visible()
    context.close()  # axe needs JavaScript; the list page is checked with it in the flow above
