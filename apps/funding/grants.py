"""After the council's vote: the steering committee's selection, the district's grant notice,
payment requests (Mittelabruf) and proofs of use (Verwendungsnachweis).

Who decides is part of every step (``models.WORKFLOW``, ``PAYMENT_WORKFLOW``, ``PROOF_WORKFLOW``):
the council votes and ranks (``services.application_council_decide``), the steering committee
(QM, district, Senate department; for the Baufonds the district and the Senate department)
selects, the district's funding office issues the grant notice and pays out. The QM team records
these decisions; the provider requests payments and submits proofs of use, which the QM team
checks. Every status change goes through ``transition()``: one history row on the record whose
status changed, and a mail to the provider.
"""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.money import euro
from apps.core.workflow import check, record_created, transition

from .models import (
    APPLICANT,
    ApplicationStatus,
    GrantNotice,
    PaymentRequest,
    PaymentStatus,
    ProofKind,
    ProofOfUse,
    ProofStatus,
)
from .models import QM as QM_TEAM
from .services import _lock, _step

S = ApplicationStatus


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# The database's own guard of the money rules (migration 0012, PostgreSQL only): deferred
# constraint triggers, checked here right after a write instead of at commit, so a refusal
# becomes a form error beside the amount instead of a failed commit (a 500).
MONEY_RULES = {
    "funding_payments_within_grant": gettext_lazy("Together with the earlier requests this exceeds the grant."),
    "funding_grant_within_request": gettext_lazy("The grant cannot exceed the requested amount."),
}


@contextmanager
def _money_rules_checked():
    """Run the write in the block, then the deferred money-rule triggers at once (and defer them
    again for the rest of the transaction); their refusal becomes a ``ValidationError`` on
    ``amount`` (code ``grant_exceeded``). Other integrity errors pass unchanged."""
    try:
        with transaction.atomic():
            yield
            if connection.vendor == "postgresql":
                rules = ", ".join(MONEY_RULES)
                with connection.cursor() as cursor:
                    cursor.execute(f"SET CONSTRAINTS {rules} IMMEDIATE")
                    cursor.execute(f"SET CONSTRAINTS {rules} DEFERRED")
    except IntegrityError as error:
        name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if name not in MONEY_RULES:
            raise
        raise ValidationError({"amount": ValidationError(MONEY_RULES[name], code="grant_exceeded")}) from error


# --- The steering committee and the district ---------------------------------------------------


@transaction.atomic
def steering_decide(*, application, selected: bool, by, comment: str = ""):
    """Record the steering committee's selection (Baufonds: the decision of the district and the
    Senate department) of an application the council recommended."""
    return _step(_lock(application), S.SELECTED if selected else S.NOT_SELECTED, by=by, comment=comment)


@transaction.atomic
def grant_notice_record(
    *, application, issued_on: date, file_number: str, amount: Decimal, document, by, comment: str = ""
) -> GrantNotice:
    """Record the district's grant notice (Zuwendungsbescheid) of a selected application: date,
    file number, amount (above 0, at most the requested amount, within the call's budget: the
    step's guard) and the PDF. The application moves to "grant notice issued"."""
    application = _lock(application)
    check(application, S.APPROVED, by=by)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The granted amount must be above 0.")})
    if not (file_number or "").strip():
        raise ValidationError({"file_number": _("Please enter the file number of the notice.")})
    notice = GrantNotice(
        application=application, issued_on=issued_on, file_number=file_number.strip(), amount=amount,
        document=document, recorded_by=by,
    )  # fmt: skip
    text = _("Grant notice of the district of %(date)s, file number %(number)s: %(amount)s.") % {
        "date": _day(issued_on), "number": notice.file_number, "amount": euro(amount)}  # fmt: skip
    try:
        with _money_rules_checked():  # after the step's guard, which names the requested amount
            notice.save()
            _step(application, S.APPROVED, by=by, comment=f"{text}\n{comment}".strip())
    except (ValidationError, PermissionDenied):
        notice.document.delete(save=False)  # the row goes with the transaction, the file would stay
        raise
    return notice


# --- Payment requests --------------------------------------------------------------------------


def payment_request_create(*, application, amount: Decimal, by, requested_on: date | None = None, purpose: str = ""):
    """A payment request against the grant notice, by the provider or entered by the QM team.

    The sum of the application's requests that are not refused never exceeds the granted amount:
    the application row is locked first, so of two requests made at the same moment the second
    waits, then sees the first and is refused if together they would exceed the grant. The
    request's history starts with "requested"."""
    with transaction.atomic():
        application = _lock(application)
        if application.owner_id != by.pk and not QM_TEAM.allows(application, by):
            raise PermissionDenied(_("Only the QM team may do this."))
        if not application.state.payable:
            raise ValidationError(
                _("Payments can be requested once the grant notice is issued, while the project runs.")
            )
        notice = GrantNotice.objects.filter(application=application).first()
        if notice is None:
            raise ValidationError(_("There is no grant notice for this project yet."))
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("The amount must be above 0.")})
        requested = application.paid_request_total()
        if requested + amount > notice.amount:
            message = _(
                "Together with the earlier requests (%(requested)s) this exceeds the grant of %(granted)s: "
                "at most %(left)s can still be requested."
            ) % {"requested": euro(requested), "granted": euro(notice.amount), "left": euro(notice.amount - requested)}
            raise ValidationError({"amount": ValidationError(message, code="grant_exceeded")})  # fmt: skip
        with _money_rules_checked():
            payment = PaymentRequest.objects.create(
                application=application, amount=amount, requested_on=requested_on or timezone.localdate(),
                purpose=purpose, requested_by=by,
            )  # fmt: skip
        record_created(payment, by=by, comment=_("Payment request of %(amount)s (%(date)s).") % {
            "amount": euro(amount), "date": _day(payment.requested_on)})  # fmt: skip
    return payment


@transaction.atomic
def payment_mark_paid(*, payment: PaymentRequest, paid_on: date | None = None, by, comment: str = ""):
    """The QM team records that the district paid the request out."""
    changes = {"paid_on": paid_on or timezone.localdate(), "decided_by": by, "comment": comment}
    transition(payment, PaymentStatus.PAID, by=by, comment=comment, changes=changes)
    return payment


@transaction.atomic
def payment_refuse(*, payment: PaymentRequest, by, comment: str):
    """The QM team records that a request was refused; its amount no longer counts against the grant."""
    transition(payment, PaymentStatus.REFUSED, by=by, comment=comment, changes={"decided_by": by, "comment": comment})
    return payment


# --- Proof of use --------------------------------------------------------------------------------


@transaction.atomic
def proof_submit(*, application, kind: str, period_end: date, report, statement, by, comment: str = ""):
    """The provider submits an interim or the final proof of use (report and numerical statement)
    of a running project; for an application the office entered (no account), the QM team enters
    the proof the provider sent on paper. The final one moves the project to "final proof of use submitted"."""
    application = _lock(application)
    if kind == ProofKind.FINAL:
        check(application, S.REPORTED, by=by)
    elif not any(actor.allows(application, by) for actor in APPLICANT):  # the provider, or the QM team
        raise PermissionDenied(_("Only the applicant may do this."))  # for an application the office entered
    if not application.state.running:
        raise ValidationError(_("Proofs of use are submitted while the project is running."))
    if kind not in ProofKind.values:
        raise ValidationError({"kind": _("Please choose interim or final proof of use.")})
    if not report or not statement:
        raise ValidationError(_("A proof of use needs the report and the numerical statement."))
    try:
        with transaction.atomic():
            proof = ProofOfUse.objects.create(
                application=application, kind=kind, period_end=period_end, report=report, statement=statement,
                submitted_by=by,
            )  # fmt: skip
    except IntegrityError as error:
        raise ValidationError(_("A proof of use of this project is still being checked.")) from error
    text = _("%(kind)s submitted (until %(date)s).") % {"kind": proof.get_kind_display(), "date": _day(period_end)}
    text = f"{text}\n{comment}".strip()
    record_created(proof, by=by, comment=text)
    if kind == ProofKind.FINAL:
        _step(application, S.REPORTED, by=by, comment=text)
    return proof


def _check(proof: ProofOfUse, to: str, *, by, comment: str, then: str) -> ProofOfUse:
    """The QM team's check of a proof: the proof's step (the application row locked first); a
    final proof takes the project with it (to ``then``), and that step mails the provider."""
    application = _lock(proof.application)
    final = proof.kind == ProofKind.FINAL
    changes = {"checked_by": by, "check_comment": comment}
    transition(proof, to, by=by, comment=comment, changes=changes, notify=not final)
    if final:
        text = (
            _("%(kind)s checked and accepted by the QM team.") % {"kind": proof.get_kind_display()}
            if to == ProofStatus.ACCEPTED
            else _("%(kind)s sent back by the QM team: %(reason)s")
            % {"kind": proof.get_kind_display(), "reason": comment}  # fmt: skip
        )
        if to == ProofStatus.ACCEPTED:
            text = f"{text}\n{comment}".strip()
        _step(application, then, by=by, comment=text)
    return proof


@transaction.atomic
def proof_accept(*, proof: ProofOfUse, by, comment: str = "") -> ProofOfUse:
    """The QM team accepts a proof of use; the accepted final proof closes the project."""
    return _check(proof, ProofStatus.ACCEPTED, by=by, comment=comment, then=S.CLOSED)


@transaction.atomic
def proof_return(*, proof: ProofOfUse, by, comment: str) -> ProofOfUse:
    """The QM team sends a proof of use back, saying what is missing; a final proof sent back
    reopens the project so the provider can submit it again."""
    return _check(proof, ProofStatus.RETURNED, by=by, comment=comment, then=S.RUNNING)
