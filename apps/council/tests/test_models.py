"""Rules of procedure: quorum, majority, seats, and the database constraints."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.workflow import transition
from apps.council.models import (
    CouncilSettings,
    Decision,
    DecisionResult,
    MajorityRule,
    Meeting,
    QuorumRule,
    compute_result,
    is_adopted,
    is_quorate,
    resident_majority,
)

from .factories import AgendaItemFactory, MeetingFactory, MembershipFactory, TermFactory, seated_term

SIMPLE, TWO_THIRDS_FUNDING = MajorityRule.SIMPLE, MajorityRule.TWO_THIRDS_FUNDING
HALF, TWO_THIRDS = QuorumRule.MORE_THAN_HALF, QuorumRule.TWO_THIRDS


# Quorum --------------------------------------------------------------------------------


def test_exactly_half_present_is_not_quorate_under_more_than_half():
    assert not is_quorate(rule=HALF, voting_members=20, present_for_item=10)
    assert is_quorate(rule=HALF, voting_members=20, present_for_item=11)


def test_more_than_half_with_an_odd_number_of_members():
    assert not is_quorate(rule=HALF, voting_members=15, present_for_item=7)
    assert is_quorate(rule=HALF, voting_members=15, present_for_item=8)


def test_exactly_two_thirds_present_is_quorate_under_two_thirds_rule():
    assert is_quorate(rule=TWO_THIRDS, voting_members=15, present_for_item=10)
    assert not is_quorate(rule=TWO_THIRDS, voting_members=15, present_for_item=9)
    # 2/3 of 20 is 13.33: 13 is not enough, 14 is.
    assert not is_quorate(rule=TWO_THIRDS, voting_members=20, present_for_item=13)
    assert is_quorate(rule=TWO_THIRDS, voting_members=20, present_for_item=14)


def test_a_council_without_voting_members_is_never_quorate():
    assert not is_quorate(rule=HALF, voting_members=0, present_for_item=0)


def test_recusals_reduce_the_quorum_base_of_members_present():
    # 11 of 20 present is quorate; with 2 recused only 9 count as present for the item.
    kwargs = {"quorum_rule": HALF, "majority_rule": SIMPLE, "voting_members": 20, "is_funding_decision": False}
    assert compute_result(present_for_item=11, yes=9, no=0, **kwargs) == DecisionResult.ADOPTED
    assert compute_result(present_for_item=11 - 2, yes=9, no=0, **kwargs) == DecisionResult.NOT_QUORATE


# Majority ------------------------------------------------------------------------------


def test_simple_majority_tie_fails():
    assert not is_adopted(rule=SIMPLE, is_funding_decision=False, yes=5, no=5)
    assert is_adopted(rule=SIMPLE, is_funding_decision=False, yes=6, no=5)


def test_abstentions_are_not_votes_cast_under_simple_majority():
    # 3 yes, 2 no, 10 abstentions: adopted, abstentions do not count against.
    assert is_adopted(rule=SIMPLE, is_funding_decision=False, yes=3, no=2)


def test_all_abstain_is_rejected_under_every_rule():
    for rule in MajorityRule.values:
        for funding in (False, True):
            assert not is_adopted(rule=rule, is_funding_decision=funding, yes=0, no=0)


def test_exactly_two_thirds_of_votes_cast_adopts_a_funding_decision():
    assert is_adopted(rule=TWO_THIRDS_FUNDING, is_funding_decision=True, yes=10, no=5)
    assert not is_adopted(rule=TWO_THIRDS_FUNDING, is_funding_decision=True, yes=9, no=5)


def test_two_thirds_rule_applies_only_to_funding_decisions():
    assert is_adopted(rule=TWO_THIRDS_FUNDING, is_funding_decision=False, yes=6, no=5)
    assert not is_adopted(rule=TWO_THIRDS_FUNDING, is_funding_decision=True, yes=6, no=5)


def test_simple_rule_applies_simple_majority_to_funding_decisions_too():
    assert is_adopted(rule=SIMPLE, is_funding_decision=True, yes=6, no=5)


def test_not_quorate_wins_over_a_clear_majority():
    result = compute_result(
        quorum_rule=TWO_THIRDS, majority_rule=SIMPLE, voting_members=15, present_for_item=9,
        is_funding_decision=False, yes=9, no=0,
    )  # fmt: skip
    assert result == DecisionResult.NOT_QUORATE


# Seats ---------------------------------------------------------------------------------


def test_resident_majority_needs_more_than_half():
    assert resident_majority(residents=8, total=15, percent=51)
    assert not resident_majority(residents=7, total=15, percent=51)
    assert not resident_majority(residents=10, total=20, percent=51)
    assert resident_majority(residents=11, total=20, percent=51)
    assert not resident_majority(residents=0, total=0, percent=51)


@pytest.mark.django_db
def test_term_reports_missing_resident_majority_and_seat_count():
    fine = seated_term(residents=9, actors=7)
    assert fine.seat_problems() == []
    actors_heavy = seated_term(residents=8, actors=8)
    assert len(actors_heavy.seat_problems()) == 1
    assert "8" in actors_heavy.seat_problems()[0]
    too_small = seated_term(residents=6, actors=2)
    assert len(too_small.seat_problems()) == 1


@pytest.mark.django_db
def test_non_voting_and_former_members_do_not_count_for_the_resident_majority():
    term = seated_term(residents=8, actors=7)
    MembershipFactory(term=term, seat_type="actor", has_vote=False)  # advisory seat
    MembershipFactory(
        term=term, seat_type="actor", valid_from=term.starts_on, valid_until=term.starts_on + timedelta(days=10)
    )
    assert term.seat_problems() == []


@pytest.mark.django_db
def test_seat_rules_follow_the_council_settings():
    term = seated_term(residents=9, actors=7)
    council_settings = CouncilSettings.load()
    council_settings.resident_share_percent = 60
    council_settings.save()
    assert len(term.seat_problems()) == 1


# Database constraints ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_has_at_most_one_active_membership_per_term(resident):
    term = TermFactory()
    MembershipFactory(term=term, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(term=term, user=resident)


@pytest.mark.django_db
def test_a_former_member_can_take_a_new_seat_in_the_same_term(resident):
    term = TermFactory()
    MembershipFactory(term=term, user=resident, valid_until=term.starts_on + timedelta(days=30))
    MembershipFactory(term=term, user=resident, valid_from=term.starts_on + timedelta(days=60))
    MembershipFactory(term=TermFactory(), user=resident)  # and a seat in another term


@pytest.mark.django_db
def test_members_without_account_do_not_collide():
    term = TermFactory()
    MembershipFactory(term=term, user=None)
    MembershipFactory(term=term, user=None)


@pytest.mark.django_db
def test_staff_member_cannot_have_a_vote(qm_staff):
    seat = MembershipFactory.build(term=TermFactory(), user=qm_staff, has_vote=True)
    with pytest.raises(ValidationError):
        seat.full_clean()


def _raw_decision(**overrides):
    item = AgendaItemFactory()
    values = {
        "agenda_item": item, "motion": "Antrag", "voting_members": 15, "present_voting": 10, "recused_count": 2,
        "votes_yes": 5, "votes_no": 2, "votes_abstain": 1, "quorum_rule": HALF, "majority_rule": SIMPLE,
        "result": DecisionResult.ADOPTED,
    }  # fmt: skip
    values.update(overrides)
    return Decision.objects.create(**values)


@pytest.mark.django_db
def test_database_accepts_votes_up_to_present_minus_recused():
    assert _raw_decision(votes_yes=5, votes_no=2, votes_abstain=1).pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"votes_yes": 6, "votes_no": 2, "votes_abstain": 1},  # 9 votes, only 8 may vote
        {"votes_yes": -1},
        {"present_voting": 16},
        {"recused_count": 11, "votes_yes": 0, "votes_no": 0, "votes_abstain": 0},
        {"result": "maybe"},
    ],
)
def test_database_rejects_impossible_decisions(overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_decision(**overrides)


@pytest.mark.django_db
def test_meeting_status_guarded_by_the_database():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status="postponed")


@pytest.mark.django_db
def test_meeting_transitions_write_history_and_refuse_invalid_moves(qm_staff):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=3))
    transition(meeting, Meeting.Status.HELD, by=qm_staff, comment="Sitzung fand statt")
    transition(meeting, Meeting.Status.MINUTES_APPROVED, by=qm_staff)
    assert meeting.status_changes.count() == 2
    latest = meeting.status_changes.last()
    assert (latest.from_status, latest.to_status, latest.by) == ("held", "minutes_approved", qm_staff)
    with pytest.raises(ValidationError):
        transition(meeting, Meeting.Status.PLANNED, by=qm_staff)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
