from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.council.models import CouncilSettings, DecisionResult, MajorityRule, Meeting, QuorumRule
from apps.council.services import decision_record, meeting_invite

from .factories import AgendaItemFactory, MeetingFactory, MembershipFactory, meeting_with_attendance, seated_term

pytestmark = pytest.mark.django_db


def _record(item, *, yes, no=0, abstain=0, recused=(), funding=False):
    return decision_record(
        agenda_item=item, motion="Der Quartiersrat empfiehlt das Projekt.", votes_yes=yes, votes_no=no,
        votes_abstain=abstain, recused=recused, is_funding_decision=funding,
    )  # fmt: skip


def _rules(*, quorum=QuorumRule.MORE_THAN_HALF, majority=MajorityRule.SIMPLE):
    council_settings = CouncilSettings.load()
    council_settings.quorum_rule, council_settings.majority_rule = quorum, majority
    council_settings.save()


def test_result_is_computed_from_attendance_and_votes():
    meeting, present = meeting_with_attendance(members=15, present=9)
    decision = _record(AgendaItemFactory(meeting=meeting), yes=5, no=3, abstain=1)
    assert decision.result == DecisionResult.ADOPTED
    assert (decision.voting_members, decision.present_voting, decision.recused_count) == (15, 9, 0)
    assert decision.quorum_rule == QuorumRule.MORE_THAN_HALF


def test_exactly_half_present_is_not_quorate():
    meeting, _present = meeting_with_attendance(members=16, present=8)
    assert _record(AgendaItemFactory(meeting=meeting), yes=8).result == DecisionResult.NOT_QUORATE


def test_recused_members_reduce_those_present_for_the_item():
    meeting, present = meeting_with_attendance(members=15, present=9)
    item = AgendaItemFactory(meeting=meeting)
    decision = _record(item, yes=6, no=1, recused=present[:2])
    assert decision.eligible_voters == 7
    assert decision.result == DecisionResult.NOT_QUORATE  # 7 of 15 is not more than half
    assert set(decision.recused.all()) == set(present[:2])


def test_recused_member_cannot_be_counted_as_voting():
    meeting, present = meeting_with_attendance(members=15, present=10)
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        _record(item, yes=9, recused=present[:2])  # only 8 may vote
    assert not item.decisions.exists()


def test_votes_cannot_exceed_voting_members_present():
    meeting, _present = meeting_with_attendance(members=15, present=9)
    with pytest.raises(ValidationError):
        _record(AgendaItemFactory(meeting=meeting), yes=5, no=5)


def test_negative_votes_are_refused():
    meeting, _present = meeting_with_attendance(members=15, present=9)
    with pytest.raises(ValidationError):
        _record(AgendaItemFactory(meeting=meeting), yes=5, no=-1)


def test_only_present_members_can_be_recused():
    meeting, present = meeting_with_attendance(members=15, present=9)
    absent = meeting.term.memberships.exclude(pk__in=[seat.pk for seat in present]).first()
    with pytest.raises(ValidationError):
        _record(AgendaItemFactory(meeting=meeting), yes=5, recused=[absent])


def test_members_without_vote_do_not_count_as_present_or_as_members():
    meeting, _present = meeting_with_attendance(members=15, present=7)
    advisor = MembershipFactory(term=meeting.term, has_vote=False, seat_type="actor")
    meeting.attendances.create(membership=advisor)
    decision = _record(AgendaItemFactory(meeting=meeting), yes=7)
    assert (decision.voting_members, decision.present_voting) == (15, 7)
    assert decision.result == DecisionResult.NOT_QUORATE


def test_two_thirds_quorum_setting():
    _rules(quorum=QuorumRule.TWO_THIRDS)
    meeting, _present = meeting_with_attendance(members=15, present=10)
    assert _record(AgendaItemFactory(meeting=meeting), yes=6).result == DecisionResult.ADOPTED
    meeting, _present = meeting_with_attendance(members=15, present=9)
    assert _record(AgendaItemFactory(meeting=meeting), yes=6).result == DecisionResult.NOT_QUORATE


def test_two_thirds_majority_setting_for_funding_decisions():
    _rules(majority=MajorityRule.TWO_THIRDS_FUNDING)
    meeting, _present = meeting_with_attendance(members=15, present=12)
    item = AgendaItemFactory(meeting=meeting)
    assert _record(item, yes=8, no=4, funding=True).result == DecisionResult.ADOPTED  # exactly 2/3
    assert _record(item, yes=7, no=4, abstain=1, funding=True).result == DecisionResult.REJECTED
    assert _record(item, yes=7, no=4, abstain=1, funding=False).result == DecisionResult.ADOPTED
    assert _record(item, yes=0, no=0, abstain=12, funding=True).result == DecisionResult.REJECTED


def test_all_abstain_is_rejected():
    meeting, _present = meeting_with_attendance(members=15, present=9)
    assert _record(AgendaItemFactory(meeting=meeting), yes=0, abstain=9).result == DecisionResult.REJECTED


def test_tie_is_rejected():
    meeting, _present = meeting_with_attendance(members=15, present=9)
    assert _record(AgendaItemFactory(meeting=meeting), yes=4, no=4, abstain=1).result == DecisionResult.REJECTED


def test_members_whose_seat_ended_before_the_meeting_do_not_count():
    meeting, present = meeting_with_attendance(members=15, present=8)
    term = meeting.term
    for seat in term.memberships.exclude(pk__in=[s.pk for s in present])[:3]:
        seat.valid_until = term.starts_on + timedelta(days=1)
        seat.save()
    decision = _record(AgendaItemFactory(meeting=meeting), yes=8)
    assert decision.voting_members == 12


def test_correcting_a_decision_recomputes_the_result():
    meeting, _present = meeting_with_attendance(members=15, present=9)
    item = AgendaItemFactory(meeting=meeting)
    decision = _record(item, yes=5, no=4)
    decision = decision_record(
        agenda_item=item, motion=decision.motion, votes_yes=4, votes_no=5, votes_abstain=0, decision=decision
    )
    assert decision.result == DecisionResult.REJECTED
    assert item.decisions.count() == 1


def test_invitation_goes_to_every_member_of_the_term_with_the_agenda(qm_staff, make_user):
    term = seated_term(residents=3)
    users = [make_user("council") for _ in range(3)]
    for seat, user in zip(term.memberships.all(), users, strict=True):
        seat.user = user
        seat.save()
    other_term_member = make_user("council")
    MembershipFactory(user=other_term_member)
    meeting = MeetingFactory(term=term, starts_at=timezone.now() + timedelta(days=10))
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    AgendaItemFactory(meeting=meeting, position=2, title="Projektantrag Lernwerkstatt", is_confidential=True)

    sent = meeting_invite(meeting=meeting, by=qm_staff)

    assert sent == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in users)
    body = mail.outbox[0].body
    assert "1. Begrüßung" in body and "2. Projektantrag Lernwerkstatt" in body
    assert meeting.get_absolute_url() in body
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    assert meeting.status_changes.get().by == qm_staff


def test_invitation_is_refused_for_a_held_meeting(qm_staff):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    with pytest.raises(ValidationError):
        meeting_invite(meeting=meeting, by=qm_staff)
    assert mail.outbox == []
