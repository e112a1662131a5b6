"""A funding application the office enters for a provider without an account (issue #19), in a
real browser: the QM team types in a paper application in the admin, prints the letter with the
status link, the provider opens that link, and the application goes on to the council, whose
member reads it. axe and the Nu checker on every page (helpers of test_office_entry.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.funding import services
from apps.funding.models import Application
from apps.funding.tests.factories import CallFactory, MeasureFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_office_enters_a_paper_application_that_goes_on_to_the_council(page, browser, live_server, make_user):
    call = CallFactory(title="Projektaufruf 2027")
    measure = MeasureFactory(title="Reparieren und Teilen")
    staff, member = make_user("staff"), make_user("council")
    start = call.project_start.strftime("%d.%m.%Y")
    end = (call.project_start + timedelta(days=700)).strftime("%d.%m.%Y")

    login(page, staff.email, PASSWORD)
    page.goto("/admin/funding/application/add/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("hinzufügen")
    assert_accessible(page)
    page.locator("#id_entry_source").select_option("letter")
    page.locator("#id_consent_recorded_on").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.locator("#id_call").select_option(str(call.pk))
    page.locator("#id_organisation").fill("Mieterinitiative Musterhof")
    page.locator("#id_legal_form").fill("Initiative")
    page.locator("#id_address").fill("Musterhof 3\n10001 Berlin")
    page.locator("#id_contact_person").fill("Frau Demir")
    page.locator("#id_title").fill("Reparaturtreff im Hof")
    page.locator("#id_summary").fill("Einmal im Monat reparieren Nachbarinnen und Nachbarn gemeinsam.")
    page.locator("#id_goals").fill("Dinge länger nutzen, Wissen weitergeben.")
    page.locator("#id_target_groups").fill("Alle im Musterhof")
    page.locator("#id_field_of_action").select_option(str(measure.field_of_action_id))
    page.locator("#id_measure").select_option(str(measure.pk))
    page.locator("#id_location").fill("Innenhof Musterhof 3")
    page.locator("#id_start_date").fill(start)
    page.locator("#id_end_date").fill(end)
    page.locator("#id_own_share").fill("700.00")
    page.locator("#cost_lines-group .add-row a").click()
    page.locator("#id_cost_lines-0-category").select_option("fees")
    page.locator("#id_cost_lines-0-description").fill("Honorare Reparaturanleitung")
    page.locator("#id_cost_lines-0-amount").fill("7000.00")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("Für den Träger eingereicht")

    application = Application.objects.get()
    assert application.owner is None and application.email == "" and application.entry_source == "letter"
    assert application.entered_by == staff and application.consent_recorded_by == staff
    assert application.status == Application.Status.SUBMITTED and application.requested_amount == 6300
    expect(page.get_by_text("Vom Büro erfasst (Brief).")).to_be_visible()

    # The letter with the status link, to print and send by post.
    page.get_by_role("link", name="Brief mit dem Link (zum Drucken)").click()
    expect(page.locator("#letter-title")).to_contain_text("Reparaturtreff im Hof")
    expect(page.locator(".print-letter__recipient")).to_contain_text("Musterhof 3")
    assert_accessible(page)
    status_url = page.locator(".print-letter__link code").inner_text()
    assert status_url.startswith(f"{live_server.url}/foerderung/antraege/status/")

    # The QM team checks it formally and presents it to the council.
    services.application_start_formal_check(application=application, by=staff)
    services.application_present_to_council(application=application, by=staff, comment="Sitzung im Januar")

    # The provider, without an account, types the address from the letter.
    provider = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    provider.goto(status_url)
    expect(provider.get_by_role("heading", level=1)).to_contain_text("Reparaturtreff im Hof")
    expect(provider.get_by_text("Dem Quartiersrat vorgelegt").first).to_be_visible()
    assert_accessible(provider)
    provider.context.close()

    # A council member reads it among the applications before the council.
    council = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    login(council, member.email, PASSWORD)
    council.goto("/foerderung/quartiersrat/")
    council.get_by_role("link", name="Reparaturtreff im Hof").click()
    expect(council.get_by_role("heading", level=1)).to_contain_text("Reparaturtreff im Hof")
    expect(council.get_by_text("Mieterinitiative Musterhof").first).to_be_visible()
    assert "Frau Demir" not in council.content()  # contact details stay with the QM team
    assert_accessible(council)
    council.context.close()
