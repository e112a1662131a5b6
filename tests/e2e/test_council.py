"""The council in a real browser: a visitor finds the next meeting and its public agenda, a
council member of the term logs in and reads the confidential item; axe-clean throughout."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.council.services import decision_record
from apps.council.tests.factories import (
    AgendaDocumentFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    meeting_with_attendance,
)

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _council_data(member_user):
    past, present = meeting_with_attendance(members=15, present=10, number=41)
    term = past.term
    MembershipFactory(term=term, user=member_user, display_name="Mehmet M.", consent_name=True)
    decided = AgendaItemFactory(meeting=past, position=1, title="Projektfonds: Lernwerkstatt")
    decision_record(agenda_item=decided, motion="Der Quartiersrat empfiehlt die Lernwerkstatt.", votes_yes=7,
                    votes_no=1, votes_abstain=1, recused=present[:1], is_funding_decision=True)  # fmt: skip
    upcoming = MeetingFactory(term=term, number=42, starts_at=timezone.now() + timedelta(days=9), place="Kiezladen")
    AgendaItemFactory(meeting=upcoming, position=1, title="Begrüßung")
    plan = AgendaItemFactory(meeting=upcoming, position=2, title="Baufonds: Spielplatz am Ufer")
    AgendaDocumentFactory(agenda_item=plan, title="Lageplan Spielplatz")
    secret = AgendaItemFactory(meeting=upcoming, position=3, title="Mietangelegenheit Kiezladen", is_confidential=True)
    AgendaDocumentFactory(agenda_item=secret, title="Vertrauliche Mietkalkulation")
    return upcoming


def test_visitor_finds_the_next_meeting_and_member_reads_the_confidential_item(page, make_user):
    member = make_user("council")
    upcoming = _council_data(member)

    page.goto("/")
    box = page.get_by_role("region", name="Nächste Sitzung: Quartiersrat")
    expect(box).to_contain_text("Kiezladen")
    assert_accessible(page)
    box.get_by_role("link", name="Quartiersrat: 42. Sitzung").click()

    expect(page.get_by_role("heading", level=1, name="Quartiersrat: 42. Sitzung")).to_be_visible()
    expect(page.get_by_role("heading", name="TOP 2: Baufonds: Spielplatz am Ufer")).to_be_visible()
    expect(page.get_by_role("link", name="Lageplan Spielplatz")).to_be_visible()
    expect(page.get_by_text("Mietangelegenheit Kiezladen")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Quartiersrat").click()
    expect(page.get_by_role("heading", level=1, name="Quartiersrat")).to_be_visible()
    expect(page.get_by_text("Mehmet M.")).to_be_visible()
    expect(page.get_by_text("Projektfonds: Lernwerkstatt")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Alle Sitzungen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sitzungen")
    assert_accessible(page)
    page.get_by_role("link", name="41. Sitzung", exact=True).click()
    expect(page.get_by_text("Beschlossen")).to_be_visible()
    expect(page.get_by_text("1 Mitglied hat sich für befangen erklärt")).to_be_visible()
    assert_accessible(page)

    login(page, member.email, PASSWORD)
    page.goto("/quartiersrat/")
    page.get_by_role("link", name="Meine Sitzungen").click()
    expect(page.get_by_role("heading", level=1, name="Meine Sitzungen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="42. Sitzung").first.click()
    expect(page.get_by_role("heading", name="TOP 3: Mietangelegenheit Kiezladen")).to_be_visible()
    expect(page.get_by_text("Vertraulich", exact=True)).to_be_visible()
    assert_accessible(page)
    # The PDF opens in the browser (inline), with the member's session and the document's title as its name.
    href = page.get_by_role("link", name="Vertrauliche Mietkalkulation").get_attribute("href")
    response = page.context.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="Vertrauliche_Mietkalkulation.pdf"'
    assert response.body().startswith(b"%PDF")
    assert upcoming.agenda_items.count() == 3
