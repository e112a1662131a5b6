"""Privacy plug-in (see apps/accounts/privacy.py): action fund applications (with the account or
from the same address), their cost plans, attachments and proofs of use, and a juror's votes.
On erasure unconfirmed applications go; the others are records of the fund and are kept for the
retention period (FUNDING_RETENTION_YEARS) without name and contact details. Votes stay with the
jury's decision; the account they point to no longer names anybody."""

from django.db.models import Q

from apps.accounts.privacy import ERASED, rows
from apps.accounts.services import retention_cutoff

from .models import Application, ApplicationStatus, Attachment, CostItem, ProjectPhoto, Receipt, Vote


def _applications(user):
    return Application.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user) -> dict:
    applications = _applications(user)
    return {
        "action fund applications": rows(applications),
        "action fund cost items": rows(CostItem.objects.filter(application__in=applications)),
        "action fund attachments": rows(Attachment.objects.filter(application__in=applications)),
        "action fund receipts": rows(Receipt.objects.filter(proof__application__in=applications)),
        "action fund photos": rows(ProjectPhoto.objects.filter(proof__application__in=applications)),
        "action fund jury votes": rows(Vote.objects.filter(juror=user)),
    }


def uploads(user) -> list:
    applications = _applications(user)
    files = [a.file for a in Attachment.objects.filter(application__in=applications)]
    files += [r.file for r in Receipt.objects.filter(proof__application__in=applications)]
    files += [p.image for p in ProjectPhoto.objects.filter(proof__application__in=applications)]
    return [f for f in files if f]


def _delete_with_files(applications) -> int:
    for attachment in Attachment.objects.filter(application__in=applications):
        attachment.file.delete(save=False)
    for receipt in Receipt.objects.filter(proof__application__in=applications):
        receipt.file.delete(save=False)
    for photo in ProjectPhoto.objects.filter(proof__application__in=applications):
        photo.image.delete(save=False)
    return applications.delete()[1].get(Application._meta.label, 0)


def erase(user) -> None:
    _delete_with_files(_applications(user).filter(status=ApplicationStatus.UNCONFIRMED))
    _applications(user).update(applicant_name=ERASED, email="", phone="", address="", user=None)


def purge(*, now) -> int:
    """Closed, rejected and reclaimed applications FUNDING_RETENTION_YEARS after the decision
    (unconfirmed ones go earlier, by the app's own job)."""
    S = ApplicationStatus
    stale = Application.objects.filter(
        status__in=[S.CLOSED, S.REJECTED, S.RECLAIMED], decided_at__lt=retention_cutoff(now)
    )
    return _delete_with_files(stale)
