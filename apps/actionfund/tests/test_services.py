import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from apps.actionfund import services
from apps.actionfund.models import Application, ApplicationStatus, DecisionRule, Round, RoundStatus, Tally, Vote
from apps.core.workflow import transition

from .factories import ApplicationFactory, FundYearFactory, RoundFactory, qm_user

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture(autouse=True)
def _english():
    """Service messages are matched by their English message ids."""
    with translation.override("en"):
        yield


@pytest.fixture
def jury(make_user):
    return [make_user("juror") for _ in range(5)]


@pytest.fixture
def open_round(jury):
    year = FundYearFactory(jurors=jury)
    round = RoundFactory(fund_year=year)
    application = ApplicationFactory(fund_year=year)
    services.round_add_application(round=round, application=application, by=qm_user())
    services.round_open(round=round, by=qm_user())
    round.refresh_from_db()
    return round


def app_of(round) -> Application:
    return round.applications.get()


# --- voting rules ---------------------------------------------------------------------------


def test_juror_can_change_the_vote_while_the_round_is_open(open_round, jury):
    application = app_of(open_round)
    services.jury_vote_cast(juror=jury[0], application=application, choice="yes")
    services.jury_vote_cast(juror=jury[0], application=application, choice="no")
    assert Vote.objects.get(juror=jury[0]).choice == "no"
    assert Vote.objects.count() == 1


def test_juror_cannot_vote_twice_on_one_application_in_the_database(open_round, jury):
    application = app_of(open_round)
    Vote.objects.create(juror=jury[0], application=application, round=open_round, choice="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(juror=jury[0], application=application, round=open_round, choice="no")


def test_vote_after_the_round_closed_is_refused(open_round, jury):
    services.round_close(round=open_round, by=qm_user())
    with pytest.raises(ValidationError, match="closed"):
        services.jury_vote_cast(juror=jury[0], application=app_of(open_round), choice="yes")
    assert not Vote.objects.exists()


def test_vote_before_the_round_opens_is_refused(jury):
    year = FundYearFactory(jurors=jury)
    round = RoundFactory(fund_year=year)
    application = ApplicationFactory(fund_year=year)
    services.round_add_application(round=round, application=application, by=qm_user())
    with pytest.raises(ValidationError):
        services.jury_vote_cast(juror=jury[0], application=application, choice="yes")


def test_user_who_is_not_a_juror_cannot_vote(open_round, make_user):
    with pytest.raises(ValidationError, match="jurors of this fund year"):
        services.jury_vote_cast(juror=make_user("resident"), application=app_of(open_round), choice="yes")


def test_juror_of_another_year_cannot_vote(open_round, make_user):
    other = make_user("juror")
    FundYearFactory(year=open_round.fund_year.year - 1, jurors=[other])
    with pytest.raises(ValidationError, match="jurors of this fund year"):
        services.jury_vote_cast(juror=other, application=app_of(open_round), choice="yes")


def test_recused_juror_has_no_choice(open_round, jury):
    vote = services.jury_vote_cast(juror=jury[0], application=app_of(open_round), choice="yes", recused=True)
    assert vote.recused and vote.choice == ""


def test_database_refuses_a_recused_vote_with_a_choice_and_a_vote_without_one(open_round, jury):
    application = app_of(open_round)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(juror=jury[0], application=application, round=open_round, choice="yes", recused=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(juror=jury[1], application=application, round=open_round, choice="", recused=False)


def test_vote_without_choice_is_refused(open_round, jury):
    with pytest.raises(ValidationError):
        services.jury_vote_cast(juror=jury[0], application=app_of(open_round), choice="")


def test_closing_twice_is_refused(open_round):
    services.round_close(round=open_round, by=qm_user())
    with pytest.raises(ValidationError):
        services.round_close(round=open_round, by=qm_user())


# --- tally edge cases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurors", "yes", "no", "abstain", "recused", "rule", "approved"),
    [
        (6, 3, 3, 0, 0, DecisionRule.MAJORITY, False),  # exactly half yes is not more than half
        (6, 4, 2, 0, 0, DecisionRule.MAJORITY, True),
        (5, 2, 0, 3, 0, DecisionRule.MAJORITY, False),  # abstentions count in the base
        (5, 3, 0, 2, 0, DecisionRule.MAJORITY, True),
        (6, 3, 1, 0, 2, DecisionRule.MAJORITY, True),  # biased jurors are left out: 3 of 4
        (6, 2, 2, 0, 2, DecisionRule.MAJORITY, False),  # 2 of 4 is exactly half
        (7, 3, 0, 0, 0, DecisionRule.MAJORITY, False),  # jurors who did not vote count against
        (5, 5, 0, 0, 0, DecisionRule.UNANIMITY, True),
        (5, 4, 1, 0, 0, DecisionRule.UNANIMITY, False),  # unanimity broken by one no
        (5, 4, 0, 1, 0, DecisionRule.UNANIMITY, False),  # an abstention breaks it too
        (5, 4, 0, 0, 1, DecisionRule.UNANIMITY, True),  # the biased juror does not count
        (3, 0, 0, 0, 3, DecisionRule.MAJORITY, False),  # nobody left to decide
    ],
)
def test_tally_follows_the_decision_rule(jurors, yes, no, abstain, recused, rule, approved):
    assert Tally(jurors, yes, no, abstain, recused, rule).approved is approved


def test_tally_counts_votes_of_the_round(open_round, jury):
    application = app_of(open_round)
    for juror, choice in zip(jury, ["yes", "yes", "no", "abstain"], strict=False):
        services.jury_vote_cast(juror=juror, application=application, choice=choice)
    services.jury_vote_cast(juror=jury[4], application=application, recused=True)
    tally = services.tallies(open_round)[application.pk]
    assert (tally.yes, tally.no, tally.abstain, tally.recused, tally.base) == (2, 1, 1, 1, 4)
    assert not tally.approved  # 2 of 4 is exactly half


def test_recording_decisions_approves_and_rejects_from_the_tally(jury, django_capture_on_commit_callbacks):
    year = FundYearFactory(jurors=jury)
    round = RoundFactory(fund_year=year)
    good, bad = ApplicationFactory(fund_year=year), ApplicationFactory(fund_year=year)
    for application in (good, bad):
        services.round_add_application(round=round, application=application, by=qm_user())
    services.round_open(round=round, by=qm_user())
    for juror in jury[:3]:
        services.jury_vote_cast(juror=juror, application=good, choice="yes")
        services.jury_vote_cast(juror=juror, application=bad, choice="no")
    services.round_close(round=round, by=qm_user())
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.jury_vote_cast(juror=jury[4], application=good, choice="yes")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_record_decisions(round=Round.objects.get(pk=round.pk), by=qm_user()) == []
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == S.APPROVED and good.granted_amount == good.requested_amount
    assert bad.status == S.REJECTED and bad.granted_amount is None and bad.round_id == round.pk
    assert Round.objects.get(pk=round.pk).status == RoundStatus.DECIDED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([good.email, bad.email])
    assert "Jury: 3" in good.status_changes.last().comment


# --- applications -------------------------------------------------------------------------------


def test_action_starting_before_the_round_date_is_refused():
    year = FundYearFactory()
    round = RoundFactory(fund_year=year, date=timezone.now() + timedelta(days=10))
    early = ApplicationFactory(fund_year=year, starts_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ValidationError, match="no retroactive funding"):
        services.round_add_application(round=round, application=early, by=qm_user())
    early.refresh_from_db()
    assert early.round is None and early.status == S.SUBMITTED


def test_partial_grant_is_recorded_and_counted_against_the_budget(qm_staff):
    year = FundYearFactory(budget=Decimal("1000.00"))
    application = ApplicationFactory(fund_year=year, status=S.IN_ROUND, costs_total=Decimal("800.00"))
    services.application_decide(application=application, to=S.APPROVED, by=qm_staff, granted_amount=Decimal("600"))
    application.refresh_from_db()
    assert application.granted_amount == Decimal("600.00") < application.requested_amount
    assert year.granted_sum() == Decimal("600.00")
    assert application.status_changes.last().by == qm_staff


def test_grant_above_the_requested_amount_is_refused():
    application = ApplicationFactory(status=S.IN_ROUND, costs_total=Decimal("300.00"))
    with pytest.raises(ValidationError):
        services.application_decide(application=application, to=S.APPROVED, by=qm_user(), granted_amount=Decimal("301"))


def test_approval_beyond_the_budget_is_refused():
    year = FundYearFactory(budget=Decimal("1000.00"))
    first = ApplicationFactory(fund_year=year, status=S.IN_ROUND, costs_total=Decimal("700.00"))
    second = ApplicationFactory(fund_year=year, status=S.IN_ROUND, costs_total=Decimal("400.00"))
    services.application_decide(application=first, to=S.APPROVED, by=qm_user())
    with pytest.raises(services.BudgetExceeded, match="budget"):
        services.application_decide(application=second, to=S.APPROVED, by=qm_user())
    second.refresh_from_db()
    assert second.status == S.IN_ROUND


def test_invalid_status_transition_is_refused():
    application = ApplicationFactory(status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        transition(application, S.PAID, by=qm_user())


def test_requested_amount_above_the_maximum_is_refused_by_the_service():
    year = FundYearFactory(max_per_application=Decimal("1500.00"))
    application = Application(fund_year=year, wants_allowance=True)
    from apps.actionfund.models import CostItem

    with pytest.raises(ValidationError, match="maximum"):
        services.application_submit(
            application=application, cost_items=[CostItem(description="x", amount=Decimal("1400"))], attachments=[]
        )


def test_proof_reminder_is_sent_once_before_the_due_date():
    today = timezone.localdate()
    due_soon = ApplicationFactory(status=S.PAID, granted_amount=Decimal("500"),
                                  starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=23))  # fmt: skip
    ApplicationFactory(status=S.PAID, granted_amount=Decimal("500"), starts_on=today - timedelta(days=2),
                       ends_on=today - timedelta(days=1))  # fmt: skip
    mail.outbox.clear()
    assert services.proof_send_reminders(days_before=7) == 1
    assert mail.outbox[0].to == [due_soon.email]
    assert services.proof_send_reminders(days_before=7) == 0


def test_proof_reminder_command_runs(capsys):
    from django.core.management import call_command

    call_command("actionfund_proof_reminders", "--days", "3")
    assert "reminder" in capsys.readouterr().out


# --- concurrency on PostgreSQL ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_never_exceed_the_budget():
    """Two threads approve at the same time; the fund year lock lets only one fit the budget."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL")
    year = FundYearFactory(budget=Decimal("1000.00"))
    applications = [
        ApplicationFactory(fund_year=year, status=S.IN_ROUND, costs_total=Decimal("700.00")) for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(application):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.application_decide(application=application, to=S.APPROVED, by=qm_user())
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    assert year.granted_sum() == Decimal("700.00")
    assert Application.objects.filter(status=S.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_vote_and_close_at_the_same_time_leave_no_vote_after_closing(make_user):
    """Closing waits for the vote's lock on the round (or the vote waits and is refused)."""
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    round = RoundFactory(fund_year=year)
    application = ApplicationFactory(fund_year=year)
    services.round_add_application(round=round, application=application, by=qm_user())
    services.round_open(round=round, by=qm_user())
    barrier = threading.Barrier(2)
    results = {}

    def vote():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.jury_vote_cast(juror=juror, application=Application.objects.get(pk=application.pk), choice="yes")
            results["vote"] = "saved"
        except ValidationError:
            results["vote"] = "refused"
        finally:
            connections.close_all()

    def close():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.round_close(round=round, by=qm_user())
            results["close"] = timezone.now()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    votes = list(Vote.objects.all())
    if results["vote"] == "saved":
        assert votes[0].updated_at <= round.closed_at
    else:
        assert votes == []
