"""Writes that touch several rows, lock them or send mail: submitting, voting, rounds, decisions.

Every status change of an application or a round goes through ``apps.core.workflow.transition``
(declarations ``WORKFLOW`` and ``ROUND_WORKFLOW`` in ``models.py``): it locks the row, checks
the step and the role, writes the history row and queues the applicant's mail."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.core.links import absolute_url
from apps.core.mail import queue_mail
from apps.core.signing import expired_before
from apps.core.workflow import record_created, transition

from .models import (
    CONFIRM_LINK,
    ZERO,
    Application,
    ApplicationStatus,
    Attachment,
    BudgetExceeded,
    CostItem,
    FundYear,
    ProjectPhoto,
    ProofOfUse,
    Receipt,
    Round,
    RoundStatus,
    Tally,
    Vote,
    VoteChoice,
    VoteSource,
)

S = ApplicationStatus
__all__ = ["BudgetExceeded"]


#: Mails about a status change, sent as the applicant's notification setting says; the others
#: (confirmation, receipt, proof-of-use reminder) always go out.
STATUS_MAILS = {"decision", "paid", "reclaimed"}


def _mail(application: Application, template: str, subject: str, **context) -> None:
    """Queue a plain-text mail to the applicant (in the language of the request that causes it,
    the same as ``subject``'s)."""
    notification = template in STATUS_MAILS
    queue_mail(
        to=application.email,
        template=f"actionfund/mail/{template}",
        subject=subject,
        context={"application": application, "status_url": absolute_url(application.get_status_url()), **context},
        kind="application" if notification else None,
        about=f"actionfund.application:{application.pk}:{application.status}" if notification else None,
    )


def application_send_status_link(*, application: Application) -> bool:
    """E-mail the applicant the link to their status page (e.g. after the office entered the
    application); False when there is no e-mail address."""
    if not application.email:
        return False
    _mail(application, "status_link", _("Your action fund application “%(title)s”") % {"title": application.title})
    return True


# --- Applying -------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *, application: Application, cost_items: list[CostItem], attachments: list[Attachment], user=None
) -> Application:
    """Save a new application with its cost plan. Applicants with an account are submitted at
    once; anyone else gets a confirmation link by e-mail first."""
    application.set_amounts(sum((item.amount for item in cost_items), ZERO))
    if application.requested_amount > application.fund_year.max_per_application:
        raise ValidationError(_("The requested amount is above the maximum per application."))
    if user is not None and user.is_authenticated:
        application.user = user
        application.status = S.SUBMITTED
    else:
        application.status = S.UNCONFIRMED
    application.save()
    for item in cost_items:
        item.application = application
    CostItem.objects.bulk_create(cost_items)
    for attachment in attachments:
        attachment.application = application
        attachment.save()
    record_created(application, by=application.user, comment=_("Application received."))
    if application.status == S.UNCONFIRMED:
        _mail(
            application,
            "confirm",
            _("Please confirm your action fund application"),
            confirm_url=absolute_url(application.get_confirm_url()),
        )
    else:
        _mail(application, "received", _("Your action fund application has been received"))
    return application


@transaction.atomic
def application_confirm(*, application: Application) -> bool:
    """Confirm the applicant's e-mail address; False when it was confirmed already."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != S.UNCONFIRMED:
        return False
    transition(application, S.SUBMITTED, by=None, comment=_("E-mail address confirmed."))
    return True


def application_change_status(*, application: Application, to: str, by, comment: str = "") -> None:
    """A status change by the QM team (formal check, decision, payout, closing, reclaiming)."""
    transition(application, to, by=by, comment=comment)


# --- Rounds -------------------------------------------------------------------------------


@transaction.atomic
def round_add_application(*, round: Round, application: Application, by) -> None:
    """Put an application on a preparing round. The action must start after the jury meeting."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.PREPARING:
        raise ValidationError(_("Applications can only be added while the round is being prepared."))
    if application.fund_year_id != round.fund_year_id:
        raise ValidationError(_("The application belongs to another fund year."))
    if application.starts_on <= timezone.localtime(round.date).date():
        raise ValidationError(
            _("“%(title)s” starts on %(start)s, not after the jury meeting: no retroactive funding.")
            % {"title": application.title, "start": application.starts_on.strftime("%d.%m.%Y")}
        )
    if application.status == S.SUBMITTED:
        transition(application, S.FORMAL_CHECK, by=by)
    transition(application, S.IN_ROUND, by=by, comment=str(round), changes={"round": round})


@transaction.atomic
def round_open(*, round: Round, by) -> list[str]:
    """Open voting; returns warnings for the QM team (another round of the year already open)."""
    transition(round, RoundStatus.OPEN, by=by)
    others = Round.objects.filter(fund_year_id=round.fund_year_id, status=RoundStatus.OPEN).exclude(pk=round.pk)
    if others:
        # Allowed (a postponed meeting, two dates in one month), but rarely meant: say so.
        return [
            _("%(round)s: another round of this fund year is open for voting too (%(others)s). Jurors see both.")
            % {"round": round, "others": ", ".join(str(other) for other in others)}
        ]
    return []


@transaction.atomic
def round_close(*, round: Round, by) -> None:
    """Close voting. The round row is locked, so a vote being cast finishes first or fails."""
    transition(round, RoundStatus.CLOSED, by=by)


def tallies(round: Round) -> dict[int, Tally]:
    """Tally per application of a round (one query, whatever the number of applications)."""
    jurors = (
        FundYear.jurors.through.objects.filter(fundyear_id=round.fund_year_id)
        .values("fundyear_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Application.objects.filter(round=round)
        .annotate(
            n_jurors=Coalesce(Subquery(jurors), 0),
            n_yes=Count("votes", filter=Q(votes__round=round, votes__choice=VoteChoice.YES)),
            n_no=Count("votes", filter=Q(votes__round=round, votes__choice=VoteChoice.NO)),
            n_abstain=Count("votes", filter=Q(votes__round=round, votes__choice=VoteChoice.ABSTAIN)),
            n_recused=Count("votes", filter=Q(votes__round=round, votes__recused=True)),
            n_paper=Count("votes", filter=Q(votes__round=round, votes__source=VoteSource.PAPER)),
        )
        .values_list("pk", "n_jurors", "n_yes", "n_no", "n_abstain", "n_recused", "n_paper")
    )
    rule = round.fund_year.decision_rule
    return {
        pk: Tally(jurors, yes, no, abstain, recused, rule, paper)
        for pk, jurors, yes, no, abstain, recused, paper in rows
    }


@transaction.atomic
def application_decide(
    *, application: Application, to: str, by, granted_amount: Decimal | None = None, comment: str = ""
) -> None:
    """Record a decision (approved, rejected or postponed). Approving locks the fund year row so
    concurrent approvals never take the year over its budget (the step's guard); the jury may
    grant less than requested (``granted_amount``)."""
    changes = {"granted_amount": granted_amount} if to == S.APPROVED and granted_amount is not None else None
    transition(application, to, by=by, comment=comment, changes=changes)


def round_record_decisions(*, round: Round, by) -> list[str]:
    """Record the decision of every application on a closed round from its tally.

    Returns error messages (e.g. budget exhausted); the round is "decided" when none is left open.
    """
    if round.status != RoundStatus.CLOSED:
        raise ValidationError(_("Decisions are recorded after voting has closed."))
    errors = []
    results = tallies(round)
    for application in round.applications.filter(status=S.IN_ROUND).order_by("pk"):
        tally = results[application.pk]
        comment = _("Jury: %(yes)s yes, %(no)s no, %(abstain)s abstentions, %(recused)s biased.") % {
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "recused": tally.recused,
        }
        if tally.paper:
            comment += " " + _("%(paper)s of the votes from paper ballots, entered by the QM team.") % {
                "paper": tally.paper
            }
        try:
            application_decide(
                application=application, to=S.APPROVED if tally.approved else S.REJECTED, by=by, comment=comment
            )
        except ValidationError as error:
            errors.extend(error.messages)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if not locked.applications.filter(status=S.IN_ROUND).exists():
            transition(locked, RoundStatus.DECIDED, by=by)
    return errors


# --- Voting -------------------------------------------------------------------------------


@transaction.atomic
def jury_vote_cast(
    *, juror, application: Application, choice: str = "", recused: bool = False, comment: str = ""
) -> Vote:
    """Cast or change a juror's vote. Only while the round is open (its row locked against a
    concurrent close) and only by a juror of that fund year; a biased juror gives no choice."""
    if application.round_id is None:
        raise ValidationError(_("This application is not on a jury round."))
    round = Round.objects.select_for_update().select_related("fund_year").get(pk=application.round_id)
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("Voting on this round is closed."), code="round_not_open")
    if not round.fund_year.is_juror(juror):
        raise ValidationError(_("Only jurors of this fund year may vote."), code="not_a_juror")
    if recused:
        choice = ""
    elif choice not in VoteChoice.values:
        raise ValidationError(_("Please choose yes, no or abstain, or declare that you are biased."))
    if Vote.objects.filter(juror=juror, application=application, round=round, source=VoteSource.PAPER).exists():
        raise ValidationError(
            _("Your vote on this application was entered from your paper ballot; it cannot be changed online."),
            code="paper_ballot",
        )
    vote, _created = Vote.objects.update_or_create(
        juror=juror,
        application=application,
        round=round,
        defaults={"choice": choice, "recused": recused, "comment": comment, "source": VoteSource.ONLINE},
    )
    return vote


PAPER_BIASED = "recused"  # the ballot's "biased" box, beside yes / no / abstain


@transaction.atomic
def jury_paper_ballot_enter(*, round: Round, juror, choices: dict[int, str], by, comment: str = "") -> list[Vote]:
    """The QM team enters a juror's paper ballot: ``choices`` maps application ids of the round to
    yes / no / abstain / ``PAPER_BIASED``. Only while the round is open (its row locked, like an
    online vote), only for jurors of the fund year, never over a vote the juror cast online.
    Entering the same juror's ballot again corrects the paper votes. The votes count in the same
    tally as online ones and are marked "on paper, entered by …"."""
    if not by.has_role(Role.QM_TEAM):
        raise PermissionDenied(_("Only the QM team may enter paper ballots."))
    round = Round.objects.select_for_update().select_related("fund_year").get(pk=round.pk)
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("Paper ballots can only be entered while the round is open for voting."))
    if not round.fund_year.is_juror(juror):
        raise ValidationError(_("Only jurors of this fund year may vote."), code="not_a_juror")
    if not choices:
        raise ValidationError(_("The ballot has no vote on any application."))
    applications = {a.pk: a for a in round.applications.filter(pk__in=list(choices))}
    if set(applications) != set(choices):
        raise ValidationError(_("The ballot names an application that is not on this round."))
    online = list(
        Vote.objects.filter(juror=juror, round=round, application__in=list(applications), source=VoteSource.ONLINE)
        .select_related("application")
        .order_by("application_id")
    )
    if online:
        raise ValidationError(
            _("%(juror)s has already voted online on: %(titles)s. A paper ballot cannot replace an online vote.")
            % {"juror": juror.get_full_name() or juror.email, "titles": ", ".join(v.application.title for v in online)},
            code="voted_online",
        )
    now = timezone.now()
    votes = []
    for pk, choice in sorted(choices.items()):
        recused = choice == PAPER_BIASED
        if not recused and choice not in VoteChoice.values:
            raise ValidationError(_("Please choose yes, no or abstain, or declare that you are biased."))
        defaults = {"choice": "" if recused else choice, "recused": recused, "comment": comment,
                    "source": VoteSource.PAPER, "entered_by": by, "entered_at": now}  # fmt: skip
        try:
            with transaction.atomic():  # the unique constraint is the last word on one vote per juror
                vote, _created = Vote.objects.update_or_create(
                    juror=juror, application=applications[pk], round=round, defaults=defaults
                )
        except IntegrityError as error:
            raise ValidationError(_("This juror's vote on “%(title)s” exists already.") % {
                "title": applications[pk].title}) from error  # fmt: skip
        votes.append(vote)
    return votes


# --- Proof of use --------------------------------------------------------------------------


@transaction.atomic
def proof_submit(
    *, application: Application, report: str, receipts: list[Receipt], photos: list[ProjectPhoto], by=None
) -> ProofOfUse:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != S.PAID:
        raise ValidationError(_("Proof of use can be submitted once the grant has been paid out."))
    proof = ProofOfUse.objects.create(application=application, report=report)
    for receipt in receipts:
        receipt.proof = proof
        receipt.save()
    for photo in photos:
        photo.proof = proof
        photo.save()
    transition(application, S.PROOF_SUBMITTED, by=by, comment=_("Proof of use uploaded."))
    return proof


def proof_send_reminders(*, days_before: int = 7, today=None) -> int:
    """E-mail applicants whose proof of use is due within ``days_before`` days (once each)."""
    from datetime import timedelta

    from .models import PROOF_DUE_DAYS

    today = today or timezone.localdate()
    latest_end = today + timedelta(days=days_before) - timedelta(days=PROOF_DUE_DAYS)
    due = Application.objects.filter(status=S.PAID, proof_reminder_sent_at__isnull=True, ends_on__lte=latest_end)
    sent = 0
    for application in due.select_related("fund_year"):
        with transaction.atomic():
            _mail(application, "proof_reminder", _("Reminder: proof of use for your action fund project"))
            Application.objects.filter(pk=application.pk).update(proof_reminder_sent_at=timezone.now())
        sent += 1
    return sent


def unconfirmed_purge(*, now=None) -> int:
    """Delete applications whose e-mail address was not confirmed while the link was valid
    (``settings.SIGNED_LINK_MAX_AGE``), with their uploaded files."""
    cutoff = expired_before(CONFIRM_LINK, now)
    count = 0
    for application in Application.objects.filter(status=S.UNCONFIRMED, created_at__lt=cutoff).only("pk"):
        with transaction.atomic():
            for attachment in application.attachments.all():
                attachment.file.delete(save=False)
            application.delete()
        count += 1
    return count
