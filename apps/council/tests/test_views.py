from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.council.models import AgendaItem, Meeting
from apps.council.services import decision_record
from apps.council.views import ICS_MAX_BYTES, ICS_PAST_EVENTS, ICS_UPCOMING_EVENTS

from .factories import (
    AgendaDocumentFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    TermFactory,
    meeting_with_attendance,
    seated_term,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_rows")]

MAX_QUERIES = 12


@pytest.fixture
def term_member(council_member):
    """A council member holding a seat in the current term; returns (user, term)."""
    term = TermFactory()
    MembershipFactory(term=term, user=council_member)
    return council_member, term


def _meeting_with_secrets(term):
    meeting = MeetingFactory(term=term, minutes_public="Öffentliches Protokoll", minutes_internal="Internes Protokoll")
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    secret = AgendaItemFactory(meeting=meeting, position=2, title="Personalie Hausmeister", is_confidential=True)
    AgendaDocumentFactory(agenda_item=secret, title="Vertrauliche Vorlage")
    AgendaDocumentFactory(
        agenda_item=meeting.agenda_items.get(position=1), title="Interne Kalkulation", is_internal=True
    )
    AgendaDocumentFactory(agenda_item=meeting.agenda_items.get(position=1), title="Einladung Kiezfest")
    return meeting


# Index ---------------------------------------------------------------------------------


def test_index_names_only_consenting_members_and_counts_the_rest(client, django_assert_max_num_queries):
    term = seated_term(residents=0)
    MembershipFactory(term=term, display_name="Mehmet M.", consent_name=True)
    MembershipFactory.create_batch(4, term=term, display_name="Geheim G.")
    MembershipFactory(term=term, seat_type="actor", display_name="Frau Schulleiterin", organisation="Spree-Grundschule")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("council:index"))
    body = response.content.decode()
    assert "Mehmet M." in body
    assert "Geheim G." not in body and "Frau Schulleiterin" not in body
    assert "und 4 weitere Bewohner/innen" in body
    assert "Bewohner/innen haben 5 von 6 stimmberechtigten Sitzen (83 %)" in body


def test_index_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    term = seated_term(residents=12, actors=8)
    for number in range(5):
        meeting, _present = meeting_with_attendance(members=3, present=3)
        decision_record(agenda_item=AgendaItemFactory(meeting=meeting), motion=f"Antrag {number}",
                        votes_yes=3, votes_no=0, votes_abstain=0)  # fmt: skip
        MeetingFactory(term=term, starts_at=timezone.now() + timedelta(days=number + 1))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("council:index"))
    assert response.status_code == 200
    assert len(response.context["decisions"]) == 5
    assert len(response.context["upcoming"]) == 3


def test_index_hides_decisions_on_confidential_items(client):
    meeting, _present = meeting_with_attendance(members=3, present=3)
    item = AgendaItemFactory(meeting=meeting, is_confidential=True, title="Geheimer Punkt")
    decision_record(agenda_item=item, motion="Geheimer Antrag", votes_yes=3, votes_no=0, votes_abstain=0)
    assert "Geheimer" not in client.get(reverse("council:index")).content.decode()


# Meeting list and detail ---------------------------------------------------------------


def test_meeting_list_is_paginated_with_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    term = TermFactory()
    for number in range(25):
        meeting = MeetingFactory(term=term, starts_at=timezone.now() - timedelta(days=number))
        AgendaItemFactory(meeting=meeting)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("council:meeting_list"))
    assert len(response.context["meetings"]) == 20
    assert client.get(reverse("council:meeting_list") + "?page=2").status_code == 200
    assert client.get(reverse("council:meeting_list") + "?page=abc").status_code == 200


def test_public_sees_public_agenda_but_not_confidential_items(client, django_assert_max_num_queries):
    meeting = _meeting_with_secrets(TermFactory())
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(meeting.get_absolute_url())
    body = response.content.decode()
    assert "Begrüßung" in body and "Einladung Kiezfest" in body and "Öffentliches Protokoll" in body
    for secret in ("Personalie Hausmeister", "Vertrauliche Vorlage", "Interne Kalkulation", "Internes Protokoll"):
        assert secret not in body


@pytest.mark.parametrize("role", ["resident", "provider", "juror", "council"])
def test_non_members_of_the_term_do_not_see_confidential_items(client, make_user, role):
    meeting = _meeting_with_secrets(TermFactory())
    client.force_login(make_user(role))
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Personalie Hausmeister" not in body and "Internes Protokoll" not in body


def test_member_of_another_term_does_not_see_confidential_items(client, term_member):
    user, _current = term_member
    old_term = TermFactory(starts_on=timezone.localdate() - timedelta(days=1500),
                           ends_on=timezone.localdate() - timedelta(days=800))  # fmt: skip
    meeting = _meeting_with_secrets(old_term)
    client.force_login(user)
    assert "Personalie Hausmeister" not in client.get(meeting.get_absolute_url()).content.decode()


def test_member_of_the_term_sees_confidential_items_and_internal_minutes(
    client, term_member, django_assert_max_num_queries
):
    user, term = term_member
    meeting = _meeting_with_secrets(term)
    for position in range(3, 13):
        item = AgendaItemFactory(meeting=meeting, position=position)
        AgendaDocumentFactory(agenda_item=item)
    client.force_login(user)
    with django_assert_max_num_queries(MAX_QUERIES + 4):  # + session, user, groups, membership check
        response = client.get(meeting.get_absolute_url())
    body = response.content.decode()
    for secret in ("Personalie Hausmeister", "Vertrauliche Vorlage", "Interne Kalkulation", "Internes Protokoll"):
        assert secret in body


def test_member_whose_seat_ended_loses_access(client, council_member):
    term = TermFactory()
    MembershipFactory(term=term, user=council_member, valid_until=timezone.localdate() - timedelta(days=1))
    meeting = _meeting_with_secrets(term)
    client.force_login(council_member)
    assert "Personalie Hausmeister" not in client.get(meeting.get_absolute_url()).content.decode()


def test_staff_sees_confidential_items(client, qm_staff):
    meeting = _meeting_with_secrets(TermFactory())
    client.force_login(qm_staff)
    assert "Personalie Hausmeister" in client.get(meeting.get_absolute_url()).content.decode()


def test_meeting_detail_shows_decisions_with_recusals(client):
    meeting, present = meeting_with_attendance(members=15, present=10)
    item = AgendaItemFactory(meeting=meeting, title="Projekt Lernwerkstatt")
    decision_record(
        agenda_item=item, motion="Empfehlung", votes_yes=6, votes_no=1, votes_abstain=1, recused=present[:1]
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Beschlossen" in body
    assert "Ja: 6, Nein: 1, Enthaltungen: 1." in body
    assert "1 Mitglied hat sich für befangen erklärt" in body
    assert present[0].display_name not in body  # names of recused members only for members


def test_unknown_meeting_is_404(client):
    assert client.get(reverse("council:meeting_detail", kwargs={"pk": 999999})).status_code == 404


# Files ---------------------------------------------------------------------------------


def test_public_document_is_streamed_as_pdf(client):
    document = AgendaDocumentFactory()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert document.file.name.startswith("council/documents/") and "vorlage" not in document.file.name


def test_private_documents_are_not_served_under_media(client):
    document = AgendaDocumentFactory(agenda_item=AgendaItemFactory(is_confidential=True))
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.parametrize("role", [None, "resident", "council", "juror"])
def test_confidential_documents_are_404_for_non_members(client, make_user, role):
    secret = AgendaDocumentFactory(agenda_item=AgendaItemFactory(is_confidential=True))
    internal = AgendaDocumentFactory(is_internal=True)
    if role:
        client.force_login(make_user(role))
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert client.get(internal.get_absolute_url()).status_code == 404


def test_confidential_document_for_member_of_the_term(client, term_member):
    user, term = term_member
    secret = AgendaDocumentFactory(
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(term=term), is_confidential=True)
    )
    other = AgendaDocumentFactory(agenda_item=AgendaItemFactory(is_confidential=True))  # another term
    client.force_login(user)
    assert client.get(secret.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_minutes_without_pdf_and_unknown_version_are_404(client):
    meeting = MeetingFactory()
    url = reverse("council:minutes_download", kwargs={"pk": meeting.pk, "version": "oeffentlich"})
    assert client.get(url).status_code == 404
    url = reverse("council:minutes_download", kwargs={"pk": meeting.pk, "version": "geheim"})
    assert client.get(url).status_code == 404


# iCalendar -----------------------------------------------------------------------------


def test_ical_feed_parses_and_lists_meetings(client, django_assert_max_num_queries):
    term = TermFactory()
    upcoming = MeetingFactory(term=term, place="Nachbarschaftshaus", starts_at=timezone.now() + timedelta(days=3))
    cancelled = MeetingFactory(term=term, status=Meeting.Status.CANCELLED)
    AgendaItemFactory(meeting=upcoming, position=1, title="Kiezfest planen")
    AgendaItemFactory(meeting=upcoming, position=2, title="Geheime Personalie", is_confidential=True)
    MeetingFactory(term=term, starts_at=timezone.now() - timedelta(days=900))  # too old for the feed
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("council:meeting_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 2
    event = next(e for uid, e in events.items() if uid.startswith(f"council-meeting-{upcoming.pk}@"))
    assert str(event["location"]) == "Nachbarschaftshaus"
    assert "1. Kiezfest planen" in str(event["description"])
    assert "Geheime Personalie" not in response.content.decode()
    assert event.decoded("dtstart") == upcoming.starts_at.replace(microsecond=0)
    assert "BEGIN:VTIMEZONE" in response.content.decode()
    assert str(event["url"]).endswith(upcoming.get_absolute_url())
    cancelled_event = next(e for uid, e in events.items() if uid.startswith(f"council-meeting-{cancelled.pk}@"))
    assert str(cancelled_event["status"]) == "CANCELLED"


def test_ical_feed_holds_the_next_meetings_and_the_latest_past_ones_however_many_there_are(client):
    term = TermFactory()
    now = timezone.now()
    Meeting.objects.bulk_create(
        [
            Meeting(term=term, number=n, starts_at=now + timedelta(days=n - 100, hours=1), place="Haus")
            for n in range(10, 190)
        ]
    )
    calendar = Calendar.from_ical(client.get(reverse("council:meeting_ics")).content)
    numbers = sorted(int(str(event["summary"]).split(": ")[1].split(".")[0]) for event in calendar.walk("VEVENT"))
    assert numbers == list(range(100 - ICS_PAST_EVENTS, 100 + ICS_UPCOMING_EVENTS))
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, position=position, title="Ein sehr langer Tagesordnungspunkt " * 8)
            for meeting in Meeting.objects.filter(number__in=[101, 95, 90])
            for position in range(1, 101)
        ]  # fmt: skip
    )
    response = client.get(reverse("council:meeting_ics"))
    assert len(response.content) <= ICS_MAX_BYTES
    numbers = {
        int(str(event["summary"]).split(": ")[1].split(".")[0])
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert set(range(100, 100 + ICS_UPCOMING_EVENTS)) <= numbers and 100 - ICS_PAST_EVENTS not in numbers


def test_ical_feed_is_served_from_the_page_cache_and_renewed_when_a_meeting_or_agenda_item_changes(
    client, django_assert_num_queries
):
    meeting = MeetingFactory(
        term=TermFactory(), place="Nachbarschaftshaus", starts_at=timezone.now() + timedelta(days=3)
    )
    url = reverse("council:meeting_ics")
    assert "Nachbarschaftshaus" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert "Nachbarschaftshaus" in client.get(url).content.decode()
    meeting.place = "Gemeinschaftsgarten"
    meeting.save()
    assert "Gemeinschaftsgarten" in client.get(url).content.decode()
    AgendaItemFactory(meeting=meeting, position=1, title="Kiezfest planen")
    assert "Kiezfest planen" in client.get(url).content.decode()
    meeting.delete()
    assert "BEGIN:VEVENT" not in client.get(url).content.decode()


# My meetings and home box -------------------------------------------------------------


def test_my_meetings_lists_the_meetings_of_my_term_only(client, term_member, django_assert_max_num_queries):
    user, term = term_member
    mine = [MeetingFactory(term=term, starts_at=timezone.now() + timedelta(days=n)) for n in range(1, 25)]
    other = MeetingFactory()
    client.force_login(user)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("council:my_meetings"))
    assert response.status_code == 200
    assert len(response.context["meetings"]) == 20
    assert other not in response.context["meetings"]
    assert list(response.context["upcoming"]) == mine[:5]


def test_my_meetings_needs_the_council_role(client, resident):
    assert client.get(reverse("council:my_meetings")).status_code == 302
    client.force_login(resident)
    assert client.get(reverse("council:my_meetings")).status_code == 403


def test_home_page_shows_the_next_meeting(client, django_assert_max_num_queries):
    term = TermFactory()
    MeetingFactory(term=term, number=41, starts_at=timezone.now() - timedelta(days=3), status=Meeting.Status.HELD)
    MeetingFactory(term=term, number=43, starts_at=timezone.now() + timedelta(days=30))
    MeetingFactory(term=term, number=42, starts_at=timezone.now() + timedelta(days=5), place="Kiezladen")
    MeetingFactory(term=term, number=44, starts_at=timezone.now() + timedelta(days=2), status=Meeting.Status.CANCELLED)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("pages:home"))
    body = response.content.decode()
    assert "Nächste Sitzung: Quartiersrat" in body
    assert "42. Sitzung" in body and "Kiezladen" in body
    assert "43. Sitzung" not in body


def test_index_links_actor_seats_to_their_directory_entries(client, django_assert_max_num_queries):
    from apps.network.tests.factories import ActorFactory

    term = seated_term(residents=3)
    school = ActorFactory(name="Spreekiez-Grundschule")
    hidden = ActorFactory(name="Unveröffentlichter Verein", is_published=False)
    for number in range(3):
        seat = MembershipFactory(term=term, seat_type="actor", display_name=f"Akteur {number}.", consent_name=True)
        seat.actors.set([school, hidden])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("council:index"))
    body = response.content.decode()
    assert f'href="{school.get_absolute_url()}"' in body
    assert "Unveröffentlichter Verein" not in body
