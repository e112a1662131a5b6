"""After the council's vote: the steering committee's selection, the district's grant notice,
payment requests (Mittelabruf) and proofs of use (Verwendungsnachweis).

Who decides is part of every step: the council votes and ranks (``services.application_council_decide``),
the steering committee (QM, district, Senate department; for the Baufonds the district and the
Senate department) selects, the district's funding office issues the grant notice. The QM team
records these decisions; the provider requests payments and submits proofs of use, which the QM
team checks. Every step writes a row to the application's history and mails the provider.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.money import euro

from .models import (
    FUNDED_STATUSES,
    ApplicationStatus,
    GrantNotice,
    PaymentRequest,
    PaymentStatus,
    ProofKind,
    ProofOfUse,
    ProofStatus,
    StatusChange,
)
from .services import _check_budget, _lock, _notify, _require_owner, _require_staff, _transition

S = ApplicationStatus
PAYABLE_STATUSES = frozenset({S.APPROVED, S.RUNNING})


def _event(application, *, by, comment: str) -> StatusChange:
    """A history row for a step that does not change the application's status (a payment, an
    interim proof), so the history tells the whole path."""
    change = StatusChange.objects.create(
        application=application, from_status=application.status, to_status=application.status, by=by, comment=comment
    )
    _notify(application, comment)
    return change


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# --- The steering committee and the district ---------------------------------------------------


@transaction.atomic
def steering_decide(*, application, selected: bool, by, comment: str = ""):
    """Record the steering committee's selection (Baufonds: the decision of the district and the
    Senate department) of an application the council recommended."""
    _require_staff(by)
    application = _lock(application)
    return _transition(application, S.SELECTED if selected else S.NOT_SELECTED, by=by, comment=comment)


@transaction.atomic
def grant_notice_record(
    *, application, issued_on: date, file_number: str, amount: Decimal, document, by, comment: str = ""
) -> GrantNotice:
    """Record the district's grant notice (Zuwendungsbescheid) of a selected application: date,
    file number, amount (above 0, at most the requested amount, within the call's budget) and the
    PDF. The application moves to "grant notice issued"."""
    _require_staff(by)
    application = _lock(application)
    if not application.can_change_to(S.APPROVED):
        application.change_status(S.APPROVED, by=by)  # raises the transition error
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The granted amount must be above 0.")})
    if amount > application.requested_amount:
        raise ValidationError(
            {"amount": _("The grant cannot exceed the requested amount (%(amount)s).")
             % {"amount": euro(application.requested_amount)}}
        )  # fmt: skip
    if not file_number.strip():
        raise ValidationError({"file_number": _("Please enter the file number of the notice.")})
    _check_budget(application, statuses=FUNDED_STATUSES)
    notice = GrantNotice.objects.create(
        application=application, issued_on=issued_on, file_number=file_number.strip(), amount=amount,
        document=document, recorded_by=by,
    )  # fmt: skip
    text = _("Grant notice of the district of %(date)s, file number %(number)s: %(amount)s.") % {
        "date": _day(issued_on), "number": notice.file_number, "amount": euro(amount)}  # fmt: skip
    _transition(application, S.APPROVED, by=by, comment=f"{text}\n{comment}".strip())
    return notice


# --- Payment requests --------------------------------------------------------------------------


def payment_request_create(*, application, amount: Decimal, by, requested_on: date | None = None, purpose: str = ""):
    """A payment request against the grant notice, by the provider or entered by the QM team.

    The sum of the application's requests that are not refused never exceeds the granted amount:
    the application row is locked first, so of two requests made at the same moment the second
    waits, then sees the first and is refused if together they would exceed the grant."""
    with transaction.atomic():
        application = _lock(application)
        if application.owner_id != by.pk:
            _require_staff(by)
        if application.status not in PAYABLE_STATUSES:
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
        payment = PaymentRequest.objects.create(
            application=application, amount=amount, requested_on=requested_on or timezone.localdate(),
            purpose=purpose, requested_by=by,
        )  # fmt: skip
        _event(application, by=by, comment=_("Payment request of %(amount)s (%(date)s).") % {
            "amount": euro(amount), "date": _day(payment.requested_on)})  # fmt: skip
    return payment


@transaction.atomic
def payment_mark_paid(*, payment: PaymentRequest, paid_on: date | None = None, by, comment: str = ""):
    """The QM team records that the district paid the request out."""
    _require_staff(by)
    application = _lock(payment.application)
    payment = PaymentRequest.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.REQUESTED:
        raise ValidationError(_("Only a requested payment can be marked as paid."))
    payment.status, payment.paid_on = PaymentStatus.PAID, paid_on or timezone.localdate()
    payment.decided_by, payment.decided_at, payment.comment = by, timezone.now(), comment
    payment.save(update_fields=["status", "paid_on", "decided_by", "decided_at", "comment"])
    _event(application, by=by, comment=_("Payment of %(amount)s paid out on %(date)s.") % {
        "amount": euro(payment.amount), "date": _day(payment.paid_on)})  # fmt: skip
    return payment


@transaction.atomic
def payment_refuse(*, payment: PaymentRequest, by, comment: str):
    """The QM team records that a request was refused; its amount no longer counts against the grant."""
    _require_staff(by)
    if not comment.strip():
        raise ValidationError({"comment": _("Please give a reason.")})
    application = _lock(payment.application)
    payment = PaymentRequest.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.REQUESTED:
        raise ValidationError(_("Only a requested payment can be refused."))
    payment.status, payment.decided_by, payment.decided_at, payment.comment = (
        PaymentStatus.REFUSED, by, timezone.now(), comment)  # fmt: skip
    payment.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    _event(application, by=by, comment=_("Payment request of %(amount)s refused: %(reason)s") % {
        "amount": euro(payment.amount), "reason": comment})  # fmt: skip
    return payment


# --- Proof of use --------------------------------------------------------------------------------


@transaction.atomic
def proof_submit(*, application, kind: str, period_end: date, report, statement, by, comment: str = ""):
    """The provider submits an interim or the final proof of use (report and numerical statement)
    of a running project. The final one moves the project to "final proof of use submitted"."""
    application = _lock(application)
    _require_owner(application, by)
    if application.status != S.RUNNING:
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
    if kind == ProofKind.FINAL:
        _transition(application, S.REPORTED, by=by, comment=f"{text}\n{comment}".strip())
    else:
        _event(application, by=by, comment=f"{text}\n{comment}".strip())
    return proof


def _checked(proof: ProofOfUse, *, by, status: str, comment: str) -> tuple:
    _require_staff(by)
    application = _lock(proof.application)
    proof = ProofOfUse.objects.select_for_update().get(pk=proof.pk)
    if proof.status != ProofStatus.SUBMITTED:
        raise ValidationError(_("This proof of use has been checked already."))
    proof.status, proof.checked_by, proof.checked_at, proof.check_comment = status, by, timezone.now(), comment
    proof.save(update_fields=["status", "checked_by", "checked_at", "check_comment"])
    return application, proof


@transaction.atomic
def proof_accept(*, proof: ProofOfUse, by, comment: str = "") -> ProofOfUse:
    """The QM team accepts a proof of use; the accepted final proof closes the project."""
    application, proof = _checked(proof, by=by, status=ProofStatus.ACCEPTED, comment=comment)
    text = _("%(kind)s checked and accepted by the QM team.") % {"kind": proof.get_kind_display()}
    text = f"{text}\n{comment}".strip()
    if proof.kind == ProofKind.FINAL:
        _transition(application, S.CLOSED, by=by, comment=text)
    else:
        _event(application, by=by, comment=text)
    return proof


@transaction.atomic
def proof_return(*, proof: ProofOfUse, by, comment: str) -> ProofOfUse:
    """The QM team sends a proof of use back, saying what is missing; a final proof sent back
    reopens the project so the provider can submit it again."""
    if not comment.strip():
        raise ValidationError({"comment": _("Please say what is missing.")})
    application, proof = _checked(proof, by=by, status=ProofStatus.RETURNED, comment=comment)
    text = _("%(kind)s sent back by the QM team: %(reason)s") % {"kind": proof.get_kind_display(), "reason": comment}
    if proof.kind == ProofKind.FINAL:
        _transition(application, S.RUNNING, by=by, comment=text)
    else:
        _event(application, by=by, comment=text)
    return proof
