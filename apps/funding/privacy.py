"""Privacy plug-in (see apps/accounts/privacy.py): a provider's funding applications. Drafts go
on erasure; submitted applications are records of the funding programme and are kept for the
retention period (FUNDING_RETENTION_YEARS), with the contact details removed."""

from django.db.models import ProtectedError

from apps.accounts.privacy import rows
from apps.accounts.services import retention_cutoff

from .models import (
    Application,
    Attachment,
    CostLine,
    GrantNotice,
    PaymentRequest,
    PaymentStatusChange,
    ProofOfUse,
    ProofStatusChange,
    StatusChange,
)


def _applications(user):
    return Application.objects.filter(owner=user)


def export(user) -> dict:
    applications = _applications(user)
    return {
        "funding applications": rows(applications),
        "funding cost plan lines": rows(CostLine.objects.filter(application__in=applications)),
        "funding documents": rows(Attachment.objects.filter(application__in=applications)),
        "funding status history": rows(StatusChange.objects.filter(application__in=applications)),
        "funding grant notices": rows(GrantNotice.objects.filter(application__in=applications)),
        "funding payment requests": rows(PaymentRequest.objects.filter(application__in=applications)),
        "funding payment request history": rows(
            PaymentStatusChange.objects.filter(payment__application__in=applications)
        ),
        "funding proofs of use": rows(ProofOfUse.objects.filter(application__in=applications)),
        "funding proof of use history": rows(ProofStatusChange.objects.filter(proof__application__in=applications)),
    }


def uploads(user) -> list:
    files = [a.file for a in Attachment.objects.filter(application__owner=user)]
    files += [notice.document for notice in GrantNotice.objects.filter(application__owner=user)]
    for proof in ProofOfUse.objects.filter(application__owner=user):
        files += [proof.report, proof.statement]
    return [file for file in files if file]


def erase(user) -> None:
    drafts = _applications(user).filter(status=Application.Status.DRAFT)
    for attachment in Attachment.objects.filter(application__in=drafts):
        attachment.file.delete(save=False)
    drafts.delete()
    _applications(user).update(contact_person="", email="", phone="", address="")


def purge(*, now) -> int:
    """Closed, rejected and withdrawn applications FUNDING_RETENTION_YEARS after their last change
    (one still referenced elsewhere, e.g. by a council decision, stays and is reported)."""
    S = Application.Status
    count = 0
    stale = Application.objects.filter(
        status__in=[S.CLOSED, S.REJECTED, S.WITHDRAWN], updated_at__lt=retention_cutoff(now)
    )
    for application in stale:
        files = [a.file for a in application.attachments.all() if a.file]
        try:
            application.delete()
        except ProtectedError:
            continue
        for file in files:
            file.delete(save=False)
        count += 1
    return count
