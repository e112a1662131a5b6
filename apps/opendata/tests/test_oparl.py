"""The OParl 1.1 API: schema-valid objects, no dangling links, privacy, filters, stubs, queries."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.council.models import AgendaItem, Decision, Meeting, Membership
from apps.council.tests.factories import (
    PDF_BYTES,
    AgendaDocumentFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    TermFactory,
)
from apps.funding.models import Application
from apps.funding.tests.factories import ApplicationFactory
from apps.opendata.models import Tombstone

from .oparl_check import Crawl, schema_errors

pytestmark = pytest.mark.django_db

API = "/oparl/v1/"
SITE = "https://kiez.example.org"
LISTS = ["terms", "persons", "memberships", "meetings", "locations", "agendaitems", "files", "papers", "consultations"]


def public_council(*, meetings=2, items=3):
    """A term with named and unnamed members, meetings with public items, documents, decisions
    and a funding application presented to the council on one of them."""
    term = TermFactory()
    MembershipFactory.create_batch(2, term=term, consent_name=True)
    created = []
    for _ in range(meetings):
        meeting = MeetingFactory(term=term, starts_at=timezone.now() - timedelta(days=3))
        for _ in range(items):
            item = AgendaItemFactory(meeting=meeting)
            AgendaDocumentFactory(agenda_item=item)
            Decision.objects.create(
                agenda_item=item, motion="Antrag", votes_yes=5, voting_members=9, present_voting=8,
                quorum_rule="more_than_half", majority_rule="simple", result="adopted",
            )  # fmt: skip
        application = ApplicationFactory.in_status(Application.Status.COUNCIL)
        meeting.agenda_items.first().funding_applications.add(application)
        created.append(meeting)
    return term, created


def secrets(term):
    """Everything that must never appear: returns marker strings contained in the rows."""
    MembershipFactory(term=term, display_name="Verborgene Person X.", consent_name=False)
    meeting = MeetingFactory(term=term)
    meeting.minutes_internal_pdf.save("i.pdf", ContentFile(PDF_BYTES), save=True)
    secret_item = AgendaItemFactory(meeting=meeting, title="Geheimer Punkt", is_confidential=True)
    AgendaDocumentFactory(agenda_item=secret_item, title="Geheime Vorlage im Geheimpunkt")
    Decision.objects.create(
        agenda_item=secret_item, motion="Geheimer Beschluss", voting_members=9, present_voting=8,
        quorum_rule="more_than_half", majority_rule="simple", result="rejected",
    )  # fmt: skip
    secret_app = ApplicationFactory.in_status(Application.Status.COUNCIL, title="Geheimer Antrag")
    secret_item.funding_applications.add(secret_app)
    public_item = AgendaItemFactory(meeting=meeting, title="Offener Punkt")
    AgendaDocumentFactory(agenda_item=public_item, title="Interne Vorlage", is_internal=True)
    return ["Verborgene Person", "Geheim", "Interne Vorlage", "protokoll-intern", "/intern"]


def test_crawler_finds_every_object_schema_valid_and_no_dangling_link(client, settings_rows):
    term, _meetings = public_council()
    secrets(term)
    meeting = Meeting.objects.first()
    meeting.minutes_public_pdf.save("p.pdf", ContentFile(PDF_BYTES), save=True)

    crawl = Crawl(client).run()

    assert crawl.errors == []
    assert crawl.dangling == []
    kinds = {obj["type"].rsplit("/", 1)[1] for obj in crawl.objects.values()}
    assert kinds >= {"System", "Body", "Organization", "Person", "Membership", "LegislativeTerm", "Meeting",
                     "AgendaItem", "Paper", "Consultation", "File", "Location"}  # fmt: skip


def test_confidential_internal_and_unnamed_data_never_appear_not_even_as_counts(client, settings_rows):
    term, _meetings = public_council(meetings=1, items=2)
    markers = secrets(term)

    crawl = Crawl(client).run()

    everything = "\n".join(crawl.responses)
    for marker in markers:
        assert marker not in everything
    totals = {name: client.get(f"{API}{name}/").json()["pagination"]["totalElements"] for name in LISTS}
    assert totals["persons"] == totals["memberships"] == 2
    assert totals["agendaitems"] == 3  # 2 public + "Offener Punkt"; the confidential one is not counted
    assert totals["files"] == 2  # the internal document and the confidential item's document are not counted
    assert totals["papers"] == 1 and totals["consultations"] == 1
    secret = AgendaItem.objects.get(title="Geheimer Punkt")
    assert client.get(f"{API}agendaitems/{secret.pk}/").status_code == 404
    hidden = Membership.objects.get(consent_name=False)
    assert client.get(f"{API}persons/{hidden.pk}/").status_code == 404


def test_responses_are_json_for_everyone_with_cors(client, settings_rows):
    response = client.get(API)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["id"] == f"{SITE}/oparl/v1/"
    assert schema_errors(response.json()) == []


def test_bad_parameters_answer_400_or_404_as_json(client, settings_rows):
    for query in ["modified_since=gestern", "page=x", "page=0", "elementsPerPage=viele"]:
        response = client.get(f"{API}meetings/?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/json"
    assert client.get(f"{API}meetings/?page=99").status_code == 404
    assert client.get(f"{API}meetings/12345/").status_code == 404
    assert client.get(f"{API}organizations/keine/").status_code == 404


def test_pagination_links_keep_the_filters_and_walk_every_page(client, settings_rows):
    public_council(meetings=5, items=1)
    url = f"{API}meetings/?elementsPerPage=2&omit_internal=true"
    seen = []
    while url:
        page = client.get(url).json()
        seen += [obj["id"] for obj in page["data"]]
        assert page["pagination"]["elementsPerPage"] == 2
        assert "omit_internal=true" in page["links"]["self"]
        url = page["links"].get("next")
    assert len(seen) == len(set(seen)) == 5


def test_created_and_modified_filters(client, settings_rows):
    _term, meetings = public_council(meetings=2, items=1)
    old = meetings[0]
    Meeting.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=400), updated_at=timezone.now() - timedelta(days=300)
    )
    since = (timezone.now() - timedelta(days=30)).isoformat()
    ids = [m["id"] for m in client.get(f"{API}meetings/", {"modified_since": since}).json()["data"]]
    assert ids == [f"{SITE}{API}meetings/{meetings[1].pk}/"]
    until = (timezone.now() - timedelta(days=200)).isoformat()
    ids = [m["id"] for m in client.get(f"{API}meetings/", {"created_until": until}).json()["data"]]
    assert ids == [f"{SITE}{API}meetings/{old.pk}/"]


def test_omit_internal_leaves_out_embedded_objects(client, settings_rows):
    public_council(meetings=1, items=1)
    meeting = client.get(f"{API}meetings/", {"omit_internal": "true"}).json()["data"][0]
    assert "agendaItem" not in meeting and "location" not in meeting
    assert "agendaItem" in client.get(f"{API}meetings/").json()["data"][0]


def test_a_deleted_meeting_stays_as_a_stub_in_its_place_and_in_the_list(client, settings_rows):
    _term, meetings = public_council(meetings=2, items=1)
    gone = meetings[0]
    url, pk = f"{API}meetings/{gone.pk}/", gone.pk
    AgendaItem.objects.filter(meeting=gone).delete()
    gone.delete()

    stub = client.get(url).json()
    assert stub["deleted"] is True and stub["id"] == f"{SITE}{url}"
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert schema_errors(stub) == []
    listed = client.get(f"{API}meetings/").json()
    assert listed["pagination"]["totalElements"] == 2
    assert listed["data"][-1] == stub
    assert client.get(f"{API}locations/{pk}/").json()["deleted"] is True


def test_withdrawn_consent_turns_the_person_into_a_stub_and_consent_brings_it_back(client, settings_rows):
    seat = MembershipFactory(consent_name=True)
    seat.consent_name = False
    seat.save()
    assert client.get(f"{API}persons/{seat.pk}/").json() == {
        **client.get(f"{API}persons/{seat.pk}/").json(),
        "deleted": True,
    }
    assert "name" not in client.get(f"{API}persons/{seat.pk}/").json()
    seat.consent_name = True
    seat.save()
    assert client.get(f"{API}persons/{seat.pk}/").json()["name"] == seat.display_name


def test_objects_that_were_never_public_leave_no_stub(settings_rows):
    term, _meetings = public_council(meetings=1, items=1)
    secrets(term)
    Tombstone.objects.all().delete()
    AgendaItem.objects.filter(is_confidential=True).delete()
    Membership.objects.filter(consent_name=False).delete()
    Application.objects.filter(title="Geheimer Antrag").delete()
    assert not Tombstone.objects.exists()


def test_an_item_marked_confidential_withdraws_it_its_files_and_its_paper(client, settings_rows):
    _term, meetings = public_council(meetings=1, items=1)
    item = meetings[0].agenda_items.get()
    paper = item.funding_applications.get()
    document = item.documents.get()
    item.is_confidential = True
    item.save()
    for path in [f"agendaitems/{item.pk}/", f"files/{document.pk}/", f"papers/{paper.pk}/"]:
        assert client.get(f"{API}{path}").json()["deleted"] is True, path
    item.is_confidential = False
    item.save()
    assert client.get(f"{API}papers/{paper.pk}/").json()["name"] == paper.title


def test_a_change_to_an_agenda_item_moves_the_meetings_modified(settings_rows):
    _term, meetings = public_council(meetings=1, items=1)
    Meeting.objects.update(updated_at=timezone.now() - timedelta(days=10))
    AgendaDocumentFactory(agenda_item=meetings[0].agenda_items.get())
    assert Meeting.objects.get().updated_at > timezone.now() - timedelta(minutes=1)


def _list_queries(client) -> dict[str, int]:
    counts = {}
    for name in [*LISTS, "organizations", "bodies"]:
        for query in ("", "?omit_internal=true"):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{API}{name}/{query}")
            assert response.status_code == 200, name
            counts[f"{name}{query}"] = len(queries)
    return counts


def test_list_pages_run_a_fixed_number_of_queries(client, settings_rows, no_page_cache, django_assert_max_num_queries):
    call_command("bench_data", scale=0, seed=3, stdout=StringIO())
    public_council(meetings=1, items=1)  # bench scale 0 has no funding applications, so no papers
    small = _list_queries(client)
    public_council(meetings=30, items=4)
    MembershipFactory.create_batch(30, consent_name=True)
    Meeting.objects.order_by("-pk").first().delete()  # stubs in the lists as well
    large = _list_queries(client)
    assert large == small
    with django_assert_max_num_queries(12):
        client.get(f"{API}meetings/?elementsPerPage=100")


def test_a_late_page_holds_the_right_objects_and_runs_the_queries_of_the_first(client, settings_rows, no_page_cache):
    public_council(meetings=12, items=4)
    ids = list(AgendaItem.objects.filter(is_confidential=False).order_by("pk").values_list("pk", flat=True))
    per_page = 5
    last = -(-len(ids) // per_page)
    counts = {}
    for page in (1, last - 1, last):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            data = client.get(f"{API}agendaitems/", {"page": page, "elementsPerPage": per_page}).json()
        counts[page] = len(queries)
        expected = ids[(page - 1) * per_page : page * per_page]
        assert [int(item["id"].rstrip("/").rsplit("/", 1)[1]) for item in data["data"]] == expected
    assert counts[1] == counts[last - 1] == counts[last]


def test_the_demo_data_crawls_without_a_schema_error_or_a_dangling_link(client):
    call_command("load_demo", stdout=StringIO())

    crawl = Crawl(client).run()

    assert crawl.errors == []
    assert crawl.dangling == []
    assert len(crawl.objects) > 50


def test_missing_schemas_fail_with_a_message_saying_where_they_come_from(monkeypatch, tmp_path):
    from . import oparl_check

    monkeypatch.setenv("OPARL_SCHEMA_DIR", str(tmp_path / "nowhere"))
    oparl_check.schemas.cache_clear()
    try:
        with pytest.raises(AssertionError, match="OParl/spec"):
            oparl_check.schemas()
    finally:
        monkeypatch.undo()
        oparl_check.schemas.cache_clear()


def test_the_apps_it_reads_never_import_it():
    from pathlib import Path

    from django.conf import settings

    for app in ("council", "funding", "actionfund", "actionplan"):
        for source in (Path(settings.BASE_DIR) / "apps" / app).rglob("*.py"):
            assert "opendata" not in source.read_text(), source
