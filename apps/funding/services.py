"""Workflow services for funding applications: one function per transition.

Each service checks the role of ``by``, changes the status through ``Application.change_status``
(which checks the transition and writes the history row) and e-mails the applicant.
Recommendations and approvals lock the call row so the budget cannot be overspent.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.core.links import reverse_absolute
from apps.core.mail import queue_mail
from apps.core.money import euro

from .models import COMMITTED_STATUSES, Application, ApplicationStatus, Call

S = ApplicationStatus


def _require_owner(application: Application, by) -> None:
    if application.owner_id != by.pk:
        raise PermissionDenied(_("Only the applicant may do this."))


def _require_staff(by) -> None:
    if not by.has_role(Role.QM_TEAM):
        raise PermissionDenied(_("Only the QM team may do this."))


def _lock(application: Application) -> Application:
    """Re-read the application with a row lock (callers run inside a transaction)."""
    return Application.objects.select_for_update().select_related("call__fund", "owner").get(pk=application.pk)


def _notify(application: Application, comment: str = "") -> None:
    """Tell the applicant about the new status."""
    recipients = {application.owner.email} | ({application.email} if application.email else set())
    link = reverse_absolute("funding:application_detail", pk=application.pk)
    queue_mail(
        to=sorted(recipients),
        template="funding/email/status_changed",
        context={"application": application, "comment": comment, "link": link},
        kind="application",  # each recipient's notification setting decides
        about=f"funding.application:{application.pk}:{application.status}:{application.history.count()}",
    )


def _transition(application: Application, to: str, *, by, comment: str = "") -> Application:
    application.change_status(to, by=by, comment=comment)
    _notify(application, comment)
    return application


def _check_budget(application: Application, *, statuses) -> None:
    """Lock the call row, then refuse when the amounts of the call's applications in ``statuses``
    plus this one would exceed the call's budget. The lock serialises concurrent checks."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    others = Application.objects.filter(call=call, status__in=statuses).exclude(pk=application.pk)
    committed = others.aggregate(total=models.Sum("requested_amount"))["total"] or Decimal("0")
    if committed + application.requested_amount > call.budget:
        raise ValidationError(
            _("The call's budget is not enough: %(free)s left, %(asked)s requested.")
            % {"free": euro(call.budget - committed), "asked": euro(application.requested_amount)},
            code="budget_exceeded",
        )


@transaction.atomic
def application_submit(*, application: Application, by, comment: str = "", now=None) -> Application:
    """The applicant submits a complete draft before the call's deadline, or resubmits after changes."""
    application = _lock(application)
    _require_owner(application, by)
    if application.status == S.DRAFT and not application.call.is_open(now=now or timezone.now()):
        raise ValidationError(_("The deadline of this call has passed."), code="deadline_passed")
    errors = application.completeness_errors()
    if errors:
        raise ValidationError(errors)
    return _transition(application, S.SUBMITTED, by=by, comment=comment)


@transaction.atomic
def application_start_formal_check(*, application: Application, by, comment: str = "") -> Application:
    """The QM team starts the formal check of a submitted application."""
    _require_staff(by)
    return _transition(_lock(application), S.FORMAL_CHECK, by=by, comment=comment)


@transaction.atomic
def application_request_changes(*, application: Application, by, comment: str) -> Application:
    """The QM team sends the application back to the applicant, saying what to change."""
    _require_staff(by)
    if not comment.strip():
        raise ValidationError({"comment": _("Please say what needs to change.")})
    return _transition(_lock(application), S.CHANGES_REQUESTED, by=by, comment=comment)


@transaction.atomic
def application_present_to_council(*, application: Application, by, comment: str = "") -> Application:
    """The QM team puts a formally checked application, or a building project it entered, before the council."""
    _require_staff(by)
    return _transition(_lock(application), S.COUNCIL, by=by, comment=comment)


@transaction.atomic
def application_council_decide(
    *, application: Application, recommended: bool, by, comment: str = "", rank: int | None = None
) -> Application:
    """Record the council's vote (by the QM team or a council member, e.g. from the council app):
    a recommendation, with the application's place in the council's ranking of the call, or not.

    Recommended and later amounts together stay within the call's budget (checked with the call row locked).
    """
    if not (by.has_role(Role.QM_TEAM) or by.has_role(Role.COUNCIL)):
        raise PermissionDenied(_("Only the QM team or a council member may record the council's decision."))
    application = _lock(application)
    if recommended:
        if application.can_change_to(S.RECOMMENDED):
            _check_budget(application, statuses=COMMITTED_STATUSES)
        if rank is not None:
            application_set_rank(application=application, rank=rank, by=by)
            comment = (_("Place %(rank)s in the council's ranking.") % {"rank": rank} + "\n" + comment).strip()
        return _transition(application, S.RECOMMENDED, by=by, comment=comment)
    return _transition(application, S.NOT_RECOMMENDED, by=by, comment=comment)


def application_set_rank(*, application: Application, rank: int | None, by) -> None:
    """Set the application's place in the council's ranking (unique per call: a database constraint)."""
    if rank is not None and rank < 1:
        raise ValidationError({"rank": _("The ranking starts at 1.")})
    application.council_rank = rank
    try:
        with transaction.atomic():
            application.save(update_fields=["council_rank"])
    except IntegrityError as error:
        raise ValidationError(
            {"rank": _("Another application of this call has place %(rank)s in the ranking.") % {"rank": rank}}
        ) from error


@transaction.atomic
def application_reject(*, application: Application, by, comment: str = "") -> Application:
    """A rejection: by the QM team after the formal check, or the district's refusal of a selected
    application (recorded by the QM team)."""
    _require_staff(by)
    return _transition(_lock(application), S.REJECTED, by=by, comment=comment)


@transaction.atomic
def application_start_project(*, application: Application, by, comment: str = "") -> Application:
    """A project with its grant notice starts running (a final proof of use sent back reopens a
    project through ``grants.proof_return``, not here)."""
    _require_staff(by)
    application = _lock(application)
    if application.status != S.APPROVED:
        raise ValidationError(
            _("An application in status “%(from)s” cannot change to “%(to)s”.")
            % {"from": application.get_status_display(), "to": S.RUNNING.label},
            code="invalid_transition",
        )
    return _transition(application, S.RUNNING, by=by, comment=comment)


@transaction.atomic
def application_withdraw(*, application: Application, by, comment: str = "") -> Application:
    """The applicant withdraws the application before a decision."""
    application = _lock(application)
    _require_owner(application, by)
    return _transition(application, S.WITHDRAWN, by=by, comment=comment)
