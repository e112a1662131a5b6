from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.council.models import Decision, DecisionResult, Meeting

from .factories import AgendaItemFactory, MeetingFactory, meeting_with_attendance, seated_term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_rows")]


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("staff", is_superuser=True))
    return client


def _item_form(item, decision_rows):
    data = {
        "meeting": item.meeting_id, "position": item.position, "title": item.title, "description": "",
        "documents-TOTAL_FORMS": 0, "documents-INITIAL_FORMS": 0,
        "decisions-TOTAL_FORMS": len(decision_rows), "decisions-INITIAL_FORMS": 0,
    }  # fmt: skip
    for index, row in enumerate(decision_rows):
        data.update({f"decisions-{index}-{key}": value for key, value in row.items()})
    return data


def test_admin_records_a_decision_through_the_service_and_computes_the_result(admin_client):
    meeting, present = meeting_with_attendance(members=15, present=9)
    item = AgendaItemFactory(meeting=meeting)
    row = {"motion": "Empfehlung", "vote_method": "show_of_hands", "votes_yes": 5, "votes_no": 2, "votes_abstain": 1,
           "recused": [present[0].pk]}  # fmt: skip
    response = admin_client.post(reverse("admin:council_agendaitem_change", args=[item.pk]), _item_form(item, [row]))
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get()
    assert decision.result == DecisionResult.ADOPTED
    assert (decision.present_voting, decision.recused_count) == (9, 1)
    assert decision.recorded_by.is_superuser
    assert decision.vote_method == "show_of_hands"
    assert decision.entry_note.startswith("Per Handzeichen, ausgezählt und eingetragen von ")


def test_admin_records_counted_paper_ballots_of_the_council(admin_client):
    meeting, _present = meeting_with_attendance(members=15, present=9)
    item = AgendaItemFactory(meeting=meeting)
    row = {"motion": "Geheime Wahl", "vote_method": "paper_ballot", "votes_yes": 4, "votes_no": 4, "votes_abstain": 1}
    response = admin_client.post(reverse("admin:council_agendaitem_change", args=[item.pk]), _item_form(item, [row]))
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get()
    assert (decision.vote_method, decision.result) == ("paper_ballot", DecisionResult.REJECTED)
    page = admin_client.get(reverse("admin:council_agendaitem_change", args=[item.pk])).content.decode()
    assert "Per Stimmzettel, ausgezählt und eingetragen von" in page


def test_admin_refuses_more_votes_than_members_present_minus_recused(admin_client):
    meeting, present = meeting_with_attendance(members=15, present=9)
    item = AgendaItemFactory(meeting=meeting)
    row = {"motion": "Empfehlung", "vote_method": "show_of_hands", "votes_yes": 7, "votes_no": 2, "votes_abstain": 0,
           "recused": [present[0].pk]}  # fmt: skip
    response = admin_client.post(reverse("admin:council_agendaitem_change", args=[item.pk]), _item_form(item, [row]))
    assert response.status_code == 200
    assert "nur 8 stimmberechtigte Mitglieder" in response.content.decode()
    assert not Decision.objects.exists()


def test_admin_result_field_is_read_only(admin_client):
    meeting, _present = meeting_with_attendance(members=3, present=3)
    item = AgendaItemFactory(meeting=meeting)
    response = admin_client.get(reverse("admin:council_agendaitem_change", args=[item.pk]))
    assert response.status_code == 200
    assert 'name="decisions-__prefix__-result"' not in response.content.decode()


def test_invitation_action_mails_all_members_of_the_term(admin_client, make_user):
    term = seated_term(residents=2)
    for seat in term.memberships.all():
        seat.user = make_user("council")
        seat.save()
    meeting = MeetingFactory(term=term, starts_at=timezone.now() + timedelta(days=5))
    response = admin_client.post(
        reverse("admin:council_meeting_changelist"),
        {"action": "send_invitation", "_selected_action": [meeting.pk]},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED


def test_membership_admin_warns_when_residents_lose_the_majority(admin_client):
    term = seated_term(residents=8, actors=7)
    data = {
        "term": term.pk, "display_name": "Neue Akteurin", "seat_type": "actor", "organisation": "Kita",
        "role": "member", "has_vote": "on", "valid_from": term.starts_on.isoformat(),
    }  # fmt: skip
    response = admin_client.post(reverse("admin:council_membership_add"), data)
    assert response.status_code == 302
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Bewohner/innen haben 8 von 16" in text for text in texts), texts


def test_staff_membership_with_vote_is_refused_in_admin(admin_client, qm_staff):
    term = seated_term(residents=1)
    data = {
        "term": term.pk, "user": qm_staff.pk, "display_name": "QM", "seat_type": "resident", "role": "member",
        "has_vote": "on", "valid_from": term.starts_on.isoformat(),
    }  # fmt: skip
    response = admin_client.post(reverse("admin:council_membership_add"), data)
    assert response.status_code == 200
    assert term.memberships.count() == 1


def test_admin_pages_render(admin_client):
    meeting, _present = meeting_with_attendance(members=3, present=3)
    for name, args in [
        ("admin:council_meeting_change", [meeting.pk]),
        ("admin:council_meeting_add", []),
        ("admin:council_term_change", [meeting.term_id]),
        ("admin:council_decision_changelist", []),
        ("admin:council_councilsettings_changelist", []),
    ]:
        assert admin_client.get(reverse(name, args=args)).status_code == 200, name


def test_an_actor_seat_is_shared_by_at_most_three_organisations():
    from apps.council.admin import MembershipForm
    from apps.network.tests.factories import ActorFactory

    from .factories import TermFactory

    term = TermFactory()
    data = {"term": term.pk, "display_name": "Geteilter Sitz", "seat_type": "actor", "role": "member",
            "has_vote": True, "valid_from": term.starts_on.isoformat()}  # fmt: skip
    form = MembershipForm(data={**data, "actors": [actor.pk for actor in ActorFactory.create_batch(4)]})
    assert not form.is_valid()
    assert list(form.errors) == ["actors"]
    form = MembershipForm(data={**data, "actors": [actor.pk for actor in ActorFactory.create_batch(3)]})
    assert form.is_valid(), form.errors
