"""The OParl list totals that triggers keep (agenda items, papers) equal a count after every kind
of write, and a write to the tables they count from retires a cached list page."""

import pytest
from django.utils import timezone

from apps.council.models import AgendaItem
from apps.council.tests.factories import AgendaItemFactory, MeetingFactory
from apps.funding.models import Application
from apps.funding.tests.factories import ApplicationFactory
from apps.opendata import publication
from apps.opendata.api import kept_total
from apps.opendata.models import Kind, PublicPaper

from .test_oparl import API

pytestmark = pytest.mark.django_db


def assert_totals_are_counts():
    items, papers = publication.agenda_items().count(), publication.papers().count()
    assert kept_total(Kind.AGENDA_ITEM) == items
    assert kept_total(Kind.PAPER) == papers
    assert set(PublicPaper.objects.values_list("application_id", flat=True)) == set(
        publication.papers().values_list("pk", flat=True)
    )
    return items, papers


def test_totals_follow_agenda_items_links_and_applications():
    meeting = MeetingFactory()
    public = AgendaItemFactory.create_batch(3, meeting=meeting)
    secret = AgendaItemFactory(meeting=meeting, is_confidential=True)
    first, second, third = (ApplicationFactory.in_status(Application.Status.COUNCIL) for _ in range(3))
    assert assert_totals_are_counts() == (3, 0)

    public[0].funding_applications.add(first, second)  # two papers
    secret.funding_applications.add(third)  # only on a confidential item: no paper
    assert assert_totals_are_counts() == (3, 2)
    public[1].funding_applications.add(first)  # a second public item: still one paper
    assert assert_totals_are_counts() == (3, 2)

    public[0].is_confidential = True
    public[0].save()  # first stays a paper through public[1]; second is none any more
    assert assert_totals_are_counts() == (2, 1)
    AgendaItem.objects.filter(pk=secret.pk).update(is_confidential=False)  # third becomes one
    assert assert_totals_are_counts() == (3, 2)
    AgendaItem.objects.filter(meeting=meeting).update(is_confidential=False)
    assert assert_totals_are_counts() == (4, 3)

    Application.objects.filter(pk=second.pk).update(council_presented_at=None)
    assert assert_totals_are_counts() == (4, 2)
    Application.objects.filter(pk=second.pk).update(council_presented_at=timezone.now())
    assert assert_totals_are_counts() == (4, 3)
    Application.objects.filter(pk=second.pk).update(updated_at=timezone.now())  # changes nothing
    assert assert_totals_are_counts() == (4, 3)

    public[1].funding_applications.remove(first)  # first stays on public[0]
    assert assert_totals_are_counts() == (4, 3)
    first.agenda_items.clear()
    assert assert_totals_are_counts() == (4, 2)
    public[0].delete()  # with its link to second
    assert assert_totals_are_counts() == (3, 1)
    third.delete()
    assert assert_totals_are_counts() == (3, 0)
    AgendaItem.objects.all().delete()
    assert assert_totals_are_counts() == (0, 0)


def test_the_list_pages_show_the_kept_totals_and_a_write_retires_them(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    application = ApplicationFactory.in_status(Application.Status.COUNCIL)
    item.funding_applications.add(application)
    assert client.get(f"{API}papers/").json()["pagination"]["totalElements"] == 1
    assert client.get(f"{API}agendaitems/").json()["pagination"]["totalElements"] == 1
    assert client.get(f"{API}papers/")["X-Page-Cache"] == "hit"

    AgendaItem.objects.filter(pk=item.pk).update(is_confidential=True)  # only triggers change the totals
    assert client.get(f"{API}papers/").json()["pagination"]["totalElements"] == 0
    assert client.get(f"{API}agendaitems/").json()["pagination"]["totalElements"] == 0
    filtered = client.get(f"{API}agendaitems/", {"created_since": "2000-01-01T00:00:00+01:00"}).json()
    assert filtered["pagination"]["totalElements"] == 0


def test_a_statement_touching_many_applications_takes_a_bounded_number_of_locks():
    """The paper totals lock buckets of applications, not each one: a bulk insert of thousands of
    links (an import, the bench data) must not run out of the server's lock table."""
    from django.db import connection

    from apps.council.models import AgendaItem

    item = AgendaItemFactory(meeting=MeetingFactory())
    applications = [ApplicationFactory.in_status(Application.Status.COUNCIL) for _ in range(80)]
    links = AgendaItem.funding_applications.through
    links.objects.bulk_create([links(agendaitem_id=item.pk, application_id=a.pk) for a in applications])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert cursor.fetchone()[0] <= 64
    assert assert_totals_are_counts() == (1, 80)
