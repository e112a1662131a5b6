"""Workflow services for funding applications: one function per step.

The status changes through ``apps.core.workflow.transition`` following ``models.WORKFLOW``: it
checks the step, the role of ``by`` and the step's guard (deadline, completeness, the call's
budget with the call row locked), writes the history row and e-mails the applicant. The services
add what belongs around a step (the council's ranking).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.links import absolute_url
from apps.core.mail import queue_mail
from apps.core.workflow import check, transition

from .models import Application, ApplicationStatus

S = ApplicationStatus


def _lock(application: Application) -> Application:
    """Re-read the application with a row lock (callers run inside a transaction)."""
    # Only the application row: the owner is a nullable join (applications the office entered).
    return (
        Application.objects.select_for_update(of=("self",)).select_related("call__fund", "owner").get(pk=application.pk)
    )


def _step(application: Application, to: str, *, by, comment: str = "", **kwargs) -> Application:
    transition(application, to, by=by, comment=comment, **kwargs)
    return application


@transaction.atomic
def application_submit(*, application: Application, by, comment: str = "", now=None) -> Application:
    """The applicant submits a complete draft before the call's deadline (``now``: the moment of
    the submission, default now), or resubmits after changes."""
    return _step(_lock(application), S.SUBMITTED, by=by, comment=comment, at=now)


@transaction.atomic
def application_start_formal_check(*, application: Application, by, comment: str = "") -> Application:
    """The QM team starts the formal check of a submitted application."""
    return _step(_lock(application), S.FORMAL_CHECK, by=by, comment=comment)


@transaction.atomic
def application_request_changes(*, application: Application, by, comment: str) -> Application:
    """The QM team sends the application back to the applicant, saying what to change."""
    return _step(_lock(application), S.CHANGES_REQUESTED, by=by, comment=comment)


@transaction.atomic
def application_present_to_council(*, application: Application, by, comment: str = "") -> Application:
    """The QM team puts a formally checked application, or a building project it entered, before the council."""
    return _step(_lock(application), S.COUNCIL, by=by, comment=comment)


@transaction.atomic
def application_council_decide(
    *, application: Application, recommended: bool, by, comment: str = "", rank: int | None = None
) -> Application:
    """Record the council's vote (by the QM team or a council member, e.g. from the council app):
    a recommendation, with the application's place in the council's ranking of the call, or not.

    Recommended and later amounts together stay within the call's budget (the step's guard, with
    the call row locked)."""
    application = _lock(application)
    target = S.RECOMMENDED if recommended else S.NOT_RECOMMENDED
    check(application, target, by=by)
    if recommended and rank is not None:
        application_set_rank(application=application, rank=rank, by=by)
        comment = (_("Place %(rank)s in the council's ranking.") % {"rank": rank} + "\n" + comment).strip()
    return _step(application, target, by=by, comment=comment)


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
    return _step(_lock(application), S.REJECTED, by=by, comment=comment)


@transaction.atomic
def application_start_project(*, application: Application, by, comment: str = "") -> Application:
    """A project with its grant notice starts running (a final proof of use sent back reopens a
    project through ``grants.proof_return``, not here)."""
    application = _lock(application)
    if application.state.reported:  # that step is the QM team's check of the final proof of use
        raise ValidationError(
            _("An application in status “%(from)s” cannot change to “%(to)s”.")
            % {"from": application.get_status_display(), "to": S.RUNNING.label},
            code="invalid_transition",
        )
    return _step(application, S.RUNNING, by=by, comment=comment)


@transaction.atomic
def application_withdraw(*, application: Application, by, comment: str = "") -> Application:
    """The applicant withdraws the application before a decision."""
    return _step(_lock(application), S.WITHDRAWN, by=by, comment=comment)


def application_send_status_link(*, application: Application) -> bool:
    """E-mail the signed status link of an application the office entered to the provider's
    address (the consent is recorded with the entry). False without an address, or for an
    application with an account (its provider logs in)."""
    if application.owner_id or not application.email:
        return False
    queue_mail(
        to=[application.email],
        template="funding/email/status_link",
        context={"application": application, "link": absolute_url(application.get_status_url())},
    )
    return True
