"""Workflow services for funding applications: one function per transition.

Each service checks the role of ``by``, changes the status through ``Application.change_status``
(which checks the transition and writes the history row) and e-mails the applicant.
Recommendations and approvals lock the call row so the budget cannot be overspent.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.core.links import reverse_absolute
from apps.core.mail import queue_mail
from apps.core.money import euro

from .models import COMMITTED_STATUSES, FUNDED_STATUSES, Application, ApplicationStatus, Attachment, Call

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
    """The QM team puts a formally checked application before the council."""
    _require_staff(by)
    return _transition(_lock(application), S.COUNCIL, by=by, comment=comment)


@transaction.atomic
def application_council_decide(*, application: Application, recommended: bool, by, comment: str = "") -> Application:
    """Record the council's recommendation (by the QM team or a council member, e.g. from the council app).

    Recommended and approved amounts together stay within the call's budget (checked with the call row locked).
    """
    if not (by.has_role(Role.QM_TEAM) or by.has_role(Role.COUNCIL)):
        raise PermissionDenied(_("Only the QM team or a council member may record the council's decision."))
    application = _lock(application)
    if recommended:
        if application.can_change_to(S.RECOMMENDED):
            _check_budget(application, statuses=COMMITTED_STATUSES)
        return _transition(application, S.RECOMMENDED, by=by, comment=comment)
    return _transition(application, S.NOT_RECOMMENDED, by=by, comment=comment)


@transaction.atomic
def application_approve(*, application: Application, by, comment: str = "") -> Application:
    """The administration grants a recommended application; the approved sum stays within the call's budget
    (recommendations already count against it, this check guards against a budget lowered since)."""
    _require_staff(by)
    application = _lock(application)
    if application.can_change_to(S.APPROVED):
        _check_budget(application, statuses=FUNDED_STATUSES)
    return _transition(application, S.APPROVED, by=by, comment=comment)


@transaction.atomic
def application_reject(*, application: Application, by, comment: str = "") -> Application:
    """The administration rejects an application (after the formal check or the council's vote)."""
    _require_staff(by)
    return _transition(_lock(application), S.REJECTED, by=by, comment=comment)


@transaction.atomic
def application_start_project(*, application: Application, by, comment: str = "") -> Application:
    """An approved project starts running."""
    _require_staff(by)
    return _transition(_lock(application), S.RUNNING, by=by, comment=comment)


@transaction.atomic
def application_submit_final_report(
    *, application: Application, by, file, title: str, comment: str = ""
) -> Application:
    """The applicant uploads the final report (Sachbericht) of a running project."""
    application = _lock(application)
    _require_owner(application, by)
    if not application.can_change_to(S.REPORTED):
        application.change_status(S.REPORTED, by=by)  # raises the transition error
    Attachment.objects.create(
        application=application, kind=Attachment.Kind.FINAL_REPORT, title=title, file=file, uploaded_by=by
    )
    return _transition(application, S.REPORTED, by=by, comment=comment)


@transaction.atomic
def application_close(*, application: Application, by, comment: str = "") -> Application:
    """The QM team closes a project after checking its final report."""
    _require_staff(by)
    return _transition(_lock(application), S.CLOSED, by=by, comment=comment)


@transaction.atomic
def application_withdraw(*, application: Application, by, comment: str = "") -> Application:
    """The applicant withdraws the application before a decision."""
    application = _lock(application)
    _require_owner(application, by)
    return _transition(application, S.WITHDRAWN, by=by, comment=comment)
