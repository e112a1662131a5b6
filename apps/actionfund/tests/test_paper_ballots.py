"""Paper ballots: the QM team enters a juror's ballot; it counts in the one tally, is marked as
entered on paper, and a juror never has an online and a paper vote on one application."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from apps.actionfund import services
from apps.actionfund.models import Application, ApplicationStatus, Round, Vote, VoteSource

from .factories import ApplicationFactory, FundYearFactory, RoundFactory, qm_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def jury(make_user):
    return [make_user("juror", first_name=f"Juror{i}") for i in range(3)]


@pytest.fixture
def qm(make_user):
    return make_user("staff", first_name="Qira", last_name="Team")


@pytest.fixture
def open_round(jury):
    year = FundYearFactory(jurors=jury)
    round = RoundFactory(fund_year=year)
    for _ in range(2):
        services.round_add_application(round=round, application=ApplicationFactory(fund_year=year), by=qm_user())
    services.round_open(round=round, by=qm_user())
    round.refresh_from_db()
    return round


def apps_of(round) -> list[Application]:
    return list(round.applications.order_by("pk"))


def test_paper_ballot_counts_in_the_same_tally_as_online_votes(open_round, jury, qm):
    first, second = apps_of(open_round)
    services.jury_vote_cast(juror=jury[0], application=first, choice="yes")
    services.jury_vote_cast(juror=jury[1], application=first, choice="yes")
    votes = services.jury_paper_ballot_enter(
        round=open_round, juror=jury[2], choices={first.pk: "yes", second.pk: services.PAPER_BIASED}, by=qm
    )
    assert len(votes) == 2
    paper = Vote.objects.get(juror=jury[2], application=first)
    assert paper.source == VoteSource.PAPER and paper.entered_by == qm and paper.entered_at is not None
    assert paper.source_note.startswith("on paper, entered by Qira Team on ")
    assert Vote.objects.get(juror=jury[2], application=second).recused
    services.round_close(round=open_round, by=qm_user())
    tally = services.tallies(open_round)[first.pk]
    assert (tally.yes, tally.paper, tally.base) == (3, 1, 3) and tally.approved
    services.round_record_decisions(round=Round.objects.get(pk=open_round.pk), by=qm)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.APPROVED
    assert "1 of the votes from paper ballots" in first.status_changes.last().comment


def test_paper_ballot_over_an_online_vote_is_refused(open_round, jury, qm):
    first, second = apps_of(open_round)
    services.jury_vote_cast(juror=jury[0], application=first, choice="no")
    with pytest.raises(ValidationError, match="already voted online"):
        services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={first.pk: "yes"}, by=qm)
    assert Vote.objects.get(juror=jury[0]).choice == "no"


def test_online_vote_over_a_paper_ballot_is_refused_and_the_ballot_can_be_corrected(open_round, jury, qm):
    first, _second = apps_of(open_round)
    services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={first.pk: "yes"}, by=qm)
    with pytest.raises(ValidationError, match="paper ballot"):
        services.jury_vote_cast(juror=jury[0], application=first, choice="no")
    services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={first.pk: "abstain"}, by=qm)
    vote = Vote.objects.get(juror=jury[0], application=first)
    assert vote.choice == "abstain" and vote.source == VoteSource.PAPER
    assert Vote.objects.count() == 1


def test_database_keeps_one_vote_per_juror_and_application_whatever_the_source(open_round, jury, qm):
    first, _second = apps_of(open_round)
    Vote.objects.create(juror=jury[0], application=first, round=open_round, choice="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            juror=jury[0], application=first, round=open_round, choice="no", source=VoteSource.PAPER,
            entered_by=qm, entered_at=timezone.now(),
        )  # fmt: skip


def test_database_requires_the_entry_date_of_a_paper_vote_only(open_round, jury):
    first, _second = apps_of(open_round)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(juror=jury[0], application=first, round=open_round, choice="no", source="paper")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(juror=jury[0], application=first, round=open_round, choice="no", entered_at=timezone.now())


def test_paper_ballot_only_while_the_round_is_open(open_round, jury, qm):
    first, _second = apps_of(open_round)
    services.round_close(round=open_round, by=qm_user())
    with pytest.raises(ValidationError, match="open for voting"):
        services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={first.pk: "yes"}, by=qm)
    assert not Vote.objects.exists()


def test_paper_ballot_only_by_the_qm_team_for_jurors_of_the_year(open_round, jury, qm, make_user):
    first, _second = apps_of(open_round)
    with pytest.raises(PermissionDenied):
        services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={first.pk: "yes"}, by=jury[1])
    with pytest.raises(ValidationError, match="Only jurors"):
        services.jury_paper_ballot_enter(round=open_round, juror=make_user("juror"), choices={first.pk: "yes"}, by=qm)
    other = ApplicationFactory(fund_year=open_round.fund_year)
    with pytest.raises(ValidationError, match="not on this round"):
        services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={other.pk: "yes"}, by=qm)


def test_admin_enters_a_paper_ballot(client, open_round, jury, qm):
    first, second = apps_of(open_round)
    client.force_login(qm)
    url = reverse("admin:actionfund_round_paper_ballot", args=[open_round.pk])
    page = client.get(url)
    assert page.status_code == 200 and first.title in page.text
    assert url in client.get(reverse("admin:actionfund_round_change", args=[open_round.pk])).text
    empty = client.post(url, {"juror": jury[0].pk})
    assert empty.status_code == 200 and "zu keinem Antrag eine Stimme" in empty.text
    response = client.post(url, {"juror": jury[0].pk, f"a{first.pk}": "yes", f"a{second.pk}": "recused",
                                 "comment": "Abgegeben in der Sitzung"})  # fmt: skip
    assert response.status_code == 302
    assert Vote.objects.filter(juror=jury[0], source=VoteSource.PAPER).count() == 2
    services.jury_vote_cast(juror=jury[1], application=first, choice="no")
    refused = client.post(url, {"juror": jury[1].pk, f"a{first.pk}": "yes"})
    assert refused.status_code == 200 and "bereits online abgestimmt" in refused.text


def test_admin_paper_ballot_page_is_staff_only(client, open_round, jury):
    client.force_login(jury[0])
    response = client.get(reverse("admin:actionfund_round_paper_ballot", args=[open_round.pk]))
    assert response.status_code == 302  # to the admin login


def test_juror_sees_the_paper_vote_marked_and_no_vote_form(client, open_round, jury, qm):
    first, _second = apps_of(open_round)
    services.jury_paper_ballot_enter(round=open_round, juror=jury[0], choices={first.pk: "yes"}, by=qm)
    client.force_login(jury[0])
    page = client.get(reverse("actionfund:jury")).text
    assert "auf Papier, eingetragen von Qira Team" in page
    assert f'name="a{first.pk}-vote"' not in page
