"""Council writes that touch several models or send mail."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.core.links import absolute_url
from apps.core.mail import queue_mail
from apps.core.workflow import transition
from apps.funding.models import ApplicationStatus
from apps.funding.services import application_council_decide

from .models import (
    AgendaItem,
    CouncilSettings,
    Decision,
    DecisionResult,
    Meeting,
    MeetingStatus,
    Membership,
    SeatType,
    VoteMethod,
    compute_result,
)


def is_term_member(user, term_id: int, seated: bool | None = None) -> bool:
    """True for the QM team and for council members holding an active seat in the term;
    ``seated``: whether the user holds one, when the caller read it already (``seat_in_term``)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.has_role(Role.QM_TEAM):
        return True
    if not user.has_role(Role.COUNCIL):
        return False
    if seated is None:
        seated = Membership.objects.active().filter(term_id=term_id, user=user).exists()
    return seated


def seat_in_term(user, term=None):
    """An ``Exists`` for a query of rows with a ``term_id`` (meetings, say): whether ``user``
    holds an active seat in that term (``is_term_member(..., seated=...)``), read with the row."""
    from django.db.models import Exists, OuterRef

    return Exists(Membership.objects.active().filter(term_id=OuterRef(term or "term_id"), user=user))


def decision_check(
    *, agenda_item: AgendaItem, votes_yes: int, votes_no: int, votes_abstain: int, recused: Iterable[Membership]
) -> dict:
    """Validate the votes against the meeting's attendance; returns the counts for the snapshot.

    Raises ValidationError when a count is negative, a recused member was not present, or
    more votes are counted than voting members present minus those recused.
    """
    meeting = agenda_item.meeting
    if min(votes_yes, votes_no, votes_abstain) < 0:
        raise ValidationError(_("Vote counts cannot be negative."))
    voting_members = Membership.objects.active(timezone.localdate(meeting.starts_at)).filter(
        term_id=meeting.term_id, has_vote=True
    )
    voting_count = voting_members.count()
    present_ids = set(meeting.attendances.filter(membership__in=voting_members).values_list("membership_id", flat=True))
    recused_ids = {member.pk for member in recused}
    if not recused_ids <= present_ids:
        raise ValidationError(_("Only voting members who are present can be recorded as recused."))
    eligible = len(present_ids) - len(recused_ids)
    if votes_yes + votes_no + votes_abstain > eligible:
        raise ValidationError(
            _("%(votes)s votes were counted, but only %(eligible)s voting members were present and not recused.")
            % {"votes": votes_yes + votes_no + votes_abstain, "eligible": eligible}
        )
    return {
        "voting_members": voting_count,
        "present_voting": len(present_ids),
        "recused_count": len(recused_ids),
    }


@transaction.atomic
def decision_record(
    *,
    agenda_item: AgendaItem,
    motion: str,
    votes_yes: int,
    votes_no: int,
    votes_abstain: int,
    recused: Iterable[Membership] = (),
    is_funding_decision: bool = False,
    decision: Decision | None = None,
    by=None,
    vote_method: str = VoteMethod.SHOW_OF_HANDS,
) -> Decision:
    """Record (or correct) a decision: check the votes, snapshot the counts and rules, compute the result.

    The meeting row is locked so attendance cannot change between the check and the save.
    """
    Meeting.objects.select_for_update().filter(pk=agenda_item.meeting_id).first()
    recused = list(recused)
    counts = decision_check(
        agenda_item=agenda_item, votes_yes=votes_yes, votes_no=votes_no, votes_abstain=votes_abstain, recused=recused
    )
    rules = CouncilSettings.load()
    decision = decision or Decision(agenda_item=agenda_item)
    decision.agenda_item = agenda_item
    decision.motion = motion
    decision.is_funding_decision = is_funding_decision
    decision.vote_method = vote_method
    decision.votes_yes, decision.votes_no, decision.votes_abstain = votes_yes, votes_no, votes_abstain
    decision.voting_members = counts["voting_members"]
    decision.present_voting = counts["present_voting"]
    decision.recused_count = counts["recused_count"]
    decision.quorum_rule = rules.quorum_rule
    decision.majority_rule = rules.majority_rule
    decision.result = compute_result(
        quorum_rule=rules.quorum_rule,
        majority_rule=rules.majority_rule,
        voting_members=decision.voting_members,
        present_for_item=decision.eligible_voters,
        is_funding_decision=is_funding_decision,
        yes=votes_yes,
        no=votes_no,
    )
    decision.recorded_at = timezone.now()
    decision.recorded_by = by
    decision.save()
    decision.recused.set(recused)
    decision.funding_problems = decision_apply_to_funding(decision=decision, by=by)
    return decision


def invited_members(meeting: Meeting) -> list[Membership]:
    """Everyone holding a seat in the meeting's term on its date, ordered for lists and letters."""
    day = timezone.localdate(meeting.starts_at)
    members = Membership.objects.active(day).filter(term_id=meeting.term_id).select_related("user")
    return sorted(members, key=lambda member: (member.seat_type != SeatType.RESIDENT, member.letter_name.lower()))


def invitation_recipients(meeting: Meeting) -> list[str]:
    """E-mail addresses of the members invited by e-mail: members with an account, and members
    without one who gave an address and agreed to invitations by e-mail."""
    return sorted({member.invitation_email for member in invited_members(meeting) if member.invitation_email})


def postal_members(meeting: Meeting) -> list[Membership]:
    """The members who get the invitation as a letter (no account, no e-mail consent)."""
    return [member for member in invited_members(meeting) if not member.invitation_email]


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by) -> int:
    """Send the invitation with the full agenda to every member of the term; mark the meeting invited.

    Returns the number of e-mails sent. Members get the confidential items too (they may see them).
    """
    if MeetingStatus.INVITED not in meeting.state.can_reach:
        raise ValidationError(_("Invitations can only be sent for planned or invited meetings."))
    recipients = invitation_recipients(meeting)
    context = {
        "meeting": meeting,
        "agenda_items": list(meeting.agenda_items.all()),
        "meeting_url": absolute_url(meeting),
    }
    by_post = len(postal_members(meeting))
    comment = _("Invitation sent to %(count)s members.") % {"count": len(recipients)}
    if by_post:
        comment = f"{comment} " + _("%(count)s members are invited by letter.") % {"count": by_post}
    transition(meeting, MeetingStatus.INVITED, by=by, comment=comment)
    for email in recipients:  # one mail each: members do not see each other's addresses
        queue_mail(to=email, template="council/email/invitation", context=context)
    return len(recipients)


def decision_apply_to_funding(*, decision: Decision, by) -> list[str]:
    """Pass a funding decision on to the applications its agenda item decides on.

    Adopted: each linked application still before the council becomes "recommended"; rejected:
    "not recommended". Not quorate: nothing changes, the council has to decide again. The funding
    app's own workflow service checks the budget, writes the audit row and e-mails the applicant.
    The decision stands even when an application cannot follow it (e.g. the call's budget is
    used up); the returned messages say which and why.
    """
    if not decision.is_funding_decision or decision.result == DecisionResult.NOT_QUORATE:
        return []
    applications = list(decision.agenda_item.funding_applications.filter(status=ApplicationStatus.COUNCIL))
    if not applications:
        return []
    if by is None:
        raise ValidationError(_("A funding decision must name who records it."))
    recommended = decision.result == DecisionResult.ADOPTED
    meeting = decision.agenda_item.meeting
    comment = _("Decision of the %(number)s. council meeting on %(date)s: %(result)s") % {
        "number": meeting.number,
        "date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
        "result": decision.get_result_display(),
    }
    problems = []
    for application in applications:
        try:
            application_council_decide(application=application, recommended=recommended, by=by, comment=comment)
        except (ValidationError, PermissionDenied) as error:
            problems.append(f"{application}: {' '.join(getattr(error, 'messages', [str(error)]))}")
    return problems
