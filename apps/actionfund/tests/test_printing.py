"""Jury meetings on paper: printable invitation letters and the member list (issue #19), and a
round's date inside its fund year."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.actionfund.models import Round

from .factories import ApplicationFactory, FundYearFactory, RoundFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def test_letters_and_list_name_every_juror_and_the_applications(client, qm_staff, make_user):
    year = FundYearFactory()
    jurors = [make_user("juror", first_name=name, last_name="Muster") for name in ("Anna", "Bodo")]
    year.jurors.set(jurors)
    round = RoundFactory(fund_year=year)
    ApplicationFactory(fund_year=year, round=round, status="in_round", title="Hofflohmarkt")
    client.force_login(qm_staff)
    letters = client.get(reverse("actionfund:round_letters", kwargs={"pk": round.pk})).content.decode()
    assert letters.count('class="print-letter"') == 2
    assert "Anna Muster" in letters and "Bodo Muster" in letters and "Hofflohmarkt" in letters
    listing = client.get(reverse("actionfund:round_member_list", kwargs={"pk": round.pk})).content.decode()
    assert listing.split("<tbody>")[1].count("<tr>") == 2


def test_a_jury_meeting_outside_its_fund_year_is_refused():
    year = FundYearFactory(year=2026, budget=Decimal("10000"))
    round = Round(fund_year=year, date=datetime(2027, 1, 8, 18, tzinfo=BERLIN),
                  submission_deadline=datetime(2026, 12, 10, 12, tzinfo=BERLIN))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        round.full_clean()
    assert "date" in error.value.message_dict
    round.date = datetime(2026, 12, 31, 23, 30, tzinfo=BERLIN)  # still 2026 in Berlin (22:30 UTC)
    round.full_clean()


def _print_queries(client, round) -> list[int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for name in ("actionfund:round_letters", "actionfund:round_member_list"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, kwargs={"pk": round.pk})).status_code == 200
        counts.append(len(queries))
    return counts


def test_printouts_cost_the_same_queries_for_two_or_twelve_jurors(client, qm_staff, make_user):
    client.force_login(qm_staff)
    year = FundYearFactory()
    round = RoundFactory(fund_year=year)
    year.jurors.set([make_user("juror", first_name=f"J{n}") for n in range(2)])
    ApplicationFactory(fund_year=year, round=round, status="in_round")
    client.get("/")  # loads the session and the site settings, as any earlier page would
    few = _print_queries(client, round)
    year.jurors.set([make_user("juror", first_name=f"K{n}") for n in range(12)])
    for _ in range(8):
        ApplicationFactory(fund_year=year, round=round, status="in_round")
    assert _print_queries(client, round) == few
    assert max(few) <= 12


def test_status_letter_queries_are_fixed(client, qm_staff, django_assert_max_num_queries):
    client.force_login(qm_staff)
    application = ApplicationFactory()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("actionfund:status_letter", kwargs={"pk": application.pk})).status_code == 200
