"""A council decision on an agenda item moves the funding applications it decides on through
the funding app's workflow (audited there)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.council.models import DecisionResult
from apps.council.services import decision_record
from apps.funding.models import Application
from apps.funding.tests.factories import ApplicationFactory, CallFactory

from .factories import AgendaItemFactory, meeting_with_attendance

pytestmark = pytest.mark.django_db

S = Application.Status


def _item_with_applications(*applications):
    meeting, _present = meeting_with_attendance(members=5, present=5)
    item = AgendaItemFactory(meeting=meeting, title="Projektfonds: Empfehlungen")
    item.funding_applications.set(applications)
    return item


def _decide(item, *, yes, no, by):
    return decision_record(
        agenda_item=item, motion="Der Quartiersrat empfiehlt die Förderung.", votes_yes=yes, votes_no=no,
        votes_abstain=0, is_funding_decision=True, by=by,
    )  # fmt: skip


def test_adopted_funding_decision_recommends_the_linked_applications(qm_staff):
    application = ApplicationFactory.in_status(S.COUNCIL)
    decision = _decide(_item_with_applications(application), yes=4, no=1, by=qm_staff)
    assert decision.result == DecisionResult.ADOPTED
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    entry = application.status_changes.order_by("-pk").first()
    assert entry.by == qm_staff
    assert "Sitzung" in entry.comment or "meeting" in entry.comment


def test_rejected_funding_decision_does_not_recommend(qm_staff):
    application = ApplicationFactory.in_status(S.COUNCIL)
    _decide(_item_with_applications(application), yes=1, no=4, by=qm_staff)
    application.refresh_from_db()
    assert application.status == S.NOT_RECOMMENDED


def test_not_quorate_decision_leaves_applications_before_the_council(qm_staff):
    application = ApplicationFactory.in_status(S.COUNCIL)
    meeting, _present = meeting_with_attendance(members=6, present=3)
    item = AgendaItemFactory(meeting=meeting)
    item.funding_applications.set([application])
    decision = _decide(item, yes=3, no=0, by=qm_staff)
    assert decision.result == DecisionResult.NOT_QUORATE
    application.refresh_from_db()
    assert application.status == S.COUNCIL


def test_decision_stands_when_the_budget_does_not_allow_the_recommendation(qm_staff):
    call = CallFactory(budget=Decimal("20000.00"))
    first = ApplicationFactory.in_status(S.COUNCIL, call=call)
    second = ApplicationFactory.in_status(S.COUNCIL, call=call)
    decision = _decide(_item_with_applications(first, second), yes=5, no=0, by=qm_staff)
    assert decision.pk and decision.result == DecisionResult.ADOPTED
    statuses = sorted(Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == [S.COUNCIL, S.RECOMMENDED]
    assert len(decision.funding_problems) == 1


def test_applications_outside_the_council_step_are_left_alone(qm_staff):
    approved = ApplicationFactory.in_status(S.APPROVED)
    _decide(_item_with_applications(approved), yes=5, no=0, by=qm_staff)
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_members_see_the_applications_an_item_decides_on_and_the_public_does_not(client, make_user):
    application = ApplicationFactory.in_status(S.COUNCIL, title="Lernwerkstatt Kiezforscher")
    item = _item_with_applications(application)
    url = item.meeting.get_absolute_url()
    assert "Lernwerkstatt Kiezforscher" not in client.get(url).content.decode()
    member = make_user("council")
    seat = item.meeting.term.memberships.first()
    seat.user = member
    seat.save()
    client.force_login(member)
    body = client.get(url).content.decode()
    assert reverse("funding:council_detail", kwargs={"pk": application.pk}) in body
    council_page = client.get(reverse("funding:council_detail", kwargs={"pk": application.pk})).content.decode()
    assert item.meeting.get_absolute_url() in council_page


def test_members_see_the_councils_ranking_of_the_applications_an_item_decided_on(
    client, make_user, django_assert_max_num_queries
):
    call = CallFactory(budget=Decimal("1000000.00"))
    applications = [ApplicationFactory.in_status(S.RECOMMENDED, call=call) for _ in range(3)]
    for rank, application in enumerate(applications, start=1):
        Application.objects.filter(pk=application.pk).update(council_rank=rank)
    item = _item_with_applications(*applications, ApplicationFactory.in_status(S.NOT_RECOMMENDED, call=call))
    member = make_user("council")
    seat = item.meeting.term.memberships.first()
    seat.user = member
    seat.save()
    client.force_login(member)
    with django_assert_max_num_queries(15):
        body = client.get(item.meeting.get_absolute_url()).content.decode()
    assert body.count("in der Rangfolge") == 3 and "Platz 2 in der Rangfolge" in body
