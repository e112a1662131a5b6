"""The public decisions per term and result that the triggers of migration 0012 keep equal a count
after every kind of write: decisions inserted, changed (result, item; also as a bulk update) and
deleted; items made confidential, moved to another meeting, deleted with their decisions;
meetings moved to another term and deleted; the table truncated."""

import pytest
from django.db import connection

from apps.council.models import AgendaItem, Decision, DecisionResult, Meeting, public_decision_total

from .factories import AgendaItemFactory, MeetingFactory, TermFactory
from .test_decisions import decision

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kept by PostgreSQL triggers"),
]


def check(*terms) -> None:
    public = Decision.objects.public()
    assert public_decision_total() == public.count()
    for result in DecisionResult.values:
        assert public_decision_total(result=result) == public.filter(result=result).count()
        for term in terms:
            counted = public.filter(result=result, agenda_item__meeting__term=term).count()
            assert public_decision_total(term_id=term.pk, result=result) == counted
    for term in terms:
        assert public_decision_total(term_id=term.pk) == public.filter(agenda_item__meeting__term=term).count()


def test_kept_totals_follow_every_write():
    old, new = TermFactory(), TermFactory()
    first, second = MeetingFactory(term=old), MeetingFactory(term=new)
    adopted = [decision(meeting=first) for _ in range(3)]
    rejected = decision(meeting=second, result="rejected")
    secret = decision(meeting=second, confidential=True)
    check(old, new)
    assert public_decision_total() == 4

    adopted[0].result = "not_quorate"
    adopted[0].save()
    check(old, new)
    Decision.objects.filter(pk__in=[adopted[1].pk, rejected.pk]).update(result="rejected")
    check(old, new)
    # an item made confidential and back; moved to a meeting of the other term
    AgendaItem.objects.filter(pk=adopted[2].agenda_item_id).update(is_confidential=True)
    check(old, new)
    assert public_decision_total(term_id=old.pk) == 2
    AgendaItem.objects.filter(pk=secret.agenda_item_id).update(is_confidential=False)
    check(old, new)
    item = adopted[0].agenda_item
    item.meeting = second
    item.save()
    check(old, new)
    # a decision moved to another item
    rejected.agenda_item = AgendaItemFactory(meeting=first)
    rejected.save()
    check(old, new)
    # a meeting moved to the other term
    Meeting.objects.filter(pk=first.pk).update(term=new)
    check(old, new)
    assert public_decision_total(term_id=old.pk) == 0
    # deletes: a decision, an item with its decision, a meeting with its items and decisions
    adopted[1].delete()
    check(old, new)
    secret.agenda_item.delete()
    check(old, new)
    second.delete()
    check(old, new)
    first.delete()
    check(old, new)
    assert public_decision_total() == 0


def test_totals_are_filled_again_after_a_truncate():
    term = TermFactory()
    decision(meeting=MeetingFactory(term=term))
    decision(meeting=MeetingFactory(term=term), result="rejected")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE council_decisiontotal SET decisions = 99")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before a TRUNCATE
        cursor.execute("TRUNCATE council_decision_recused, council_decision")
    check(term)
    assert public_decision_total() == 0


def test_the_list_shows_the_kept_total(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    term = TermFactory()
    for _ in range(3):
        decision(meeting=MeetingFactory(term=term))
    decision(meeting=MeetingFactory(term=term), confidential=True)
    with connection.cursor() as cursor:  # the list reads the kept total, not a count
        cursor.execute("UPDATE council_decisiontotal SET decisions = 25")
    assert client.get("/quartiersrat/beschluesse/", {"term": term.pk}).context["page_obj"].paginator.count == 25
