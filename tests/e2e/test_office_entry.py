"""An application entered by the office for a resident without an account (issue #19), in a real
browser: the QM team types in an action fund application that came by phone, prints the letter
with the status link, and the resident opens that link. axe and the Nu checker on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.actionfund.models import Application
from apps.actionfund.tests.factories import FundYearFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_office_enters_an_application_by_phone_and_the_resident_follows_it_by_letter(
    page, browser, live_server, make_user
):
    year = FundYearFactory()
    staff = make_user("staff")
    start = (timezone.localdate() + timedelta(days=50)).strftime("%d.%m.%Y")

    login(page, staff.email, PASSWORD)
    page.goto("/admin/actionfund/application/add/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("hinzufügen")
    assert_accessible(page)
    page.locator("#id_entry_source").select_option("phone")
    page.locator("#id_consent_recorded_on").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.locator("#id_fund_year").select_option(str(year.pk))
    page.locator("#id_applicant_name").fill("Hatice Yılmaz")
    page.locator("#id_address").fill("Beispielhof 4\n12345 Berlin")
    page.locator("#id_title").fill("Nachbarschaftsfrühstück im Hof")
    page.locator("#id_description").fill("Ein Frühstück für alle im Hof, jede Familie bringt etwas mit.")
    page.locator("#id_target_group").fill("Alle Mieterinnen und Mieter im Haus")
    page.locator("#id_location").fill("Hof Beispielhof 4")
    page.locator("#id_starts_on").fill(start)
    page.locator("#id_ends_on").fill(start)
    page.locator("#id_participation").fill("Alle bringen etwas mit.")
    page.locator("#id_contribution").fill("Tische, Geschirr und Kaffee.")
    page.locator("#id_crit_contact").check()
    page.locator("#cost_items-group .add-row a").click()
    page.locator("#id_cost_items-0-description").fill("Brötchen und Aufschnitt")
    page.locator("#id_cost_items-0-amount").fill("180.00")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich hinzugefügt")

    application = Application.objects.get()
    assert application.entry_source == "phone" and application.email == ""
    assert application.entered_by == staff and application.consent_recorded_by == staff
    assert application.status == Application.Status.SUBMITTED
    expect(page.get_by_text("Vom Büro erfasst (Telefon).")).to_be_visible()

    # The letter with the status link, to print and send by post.
    page.get_by_role("link", name="Brief mit dem Link (zum Drucken)").click()
    expect(page.locator("#letter-title")).to_contain_text("Nachbarschaftsfrühstück im Hof")
    expect(page.locator(".print-letter__recipient")).to_contain_text("Beispielhof 4")
    assert_accessible(page)
    status_url = page.locator(".print-letter__link code").inner_text()
    assert status_url.startswith(f"{live_server.url}/aktionsfonds/antrag/status/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".print-hide").first).to_be_hidden()
    page.emulate_media(media="screen")

    # The resident, without an account, types the address from the letter.
    resident = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    resident.goto(status_url)
    expect(resident.get_by_role("heading", level=1)).to_contain_text("Nachbarschaftsfrühstück im Hof")
    expect(resident.get_by_text("Eingereicht").first).to_be_visible()
    assert_accessible(resident)
    resident.context.close()
