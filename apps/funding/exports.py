"""Export of a call's applications for the administration (CSV and XLSX), through the formula-safe
cells of apps/core/exports.py: the application, then each step after the council — the council's
rank, the steering committee's selection, the district's grant notice, the payments paid out and
the latest proof of use."""

from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _

from apps.core.exports import csv_bytes, xlsx_bytes

from .models import FUNDED_STATUSES, ZERO, Application, ApplicationStatus, PaymentStatus, ProofOfUse

S = ApplicationStatus


def selection(application) -> str:
    """The steering committee's selection (Baufonds: the district's and the Senate department's), as
    the status shows it: selected and every later step, or a rejection after the selection (only
    the district refuses after the council); empty while it has not decided."""
    if application.status == S.NOT_SELECTED:
        return _("not selected")
    if application.status == S.SELECTED or application.status in FUNDED_STATUSES:
        return _("selected")
    if application.status == S.REJECTED and application.council_presented_at is not None:
        return _("selected")
    return ""


def proof_status(application) -> str:
    """The latest proof of use: its kind and the result of the check ("Final proof of use: Accepted")."""
    proofs = application.proofs.all()
    if not proofs:
        return ""
    latest = proofs[len(proofs) - 1]
    return f"{latest.get_kind_display()}: {latest.get_status_display()}"


def export_rows(call) -> list[list]:
    """Header plus one row per application of ``call`` (drafts excluded: they are not applications yet)."""
    header = [
        _("No."), _("Project title"), _("Organisation"), _("Legal form"), _("Contact person"), _("E-mail address"),
        _("Field of action"), _("Action plan measure"), _("Start"), _("End"), _("Cost plan total"), _("Own share"),
        _("Co-funding by others"), _("Requested amount"), _("Status"), _("Submitted at"),
        _("Place in the council's ranking"), _("Selection of the steering committee"), _("Date of the grant notice"),
        _("File number of the grant notice"), _("Granted amount"), _("Paid out"), _("Proof of use"),
    ]  # fmt: skip
    rows = [header]
    applications = (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .select_related("field_of_action", "measure", "grant_notice")
        .annotate(paid_total=Sum("payment_requests__amount", filter=Q(payment_requests__status=PaymentStatus.PAID)))
        .prefetch_related(Prefetch("proofs", queryset=ProofOfUse.objects.order_by("submitted_at", "pk")))
        .order_by("submitted_at", "pk")
    )
    for a in applications:
        notice = getattr(a, "grant_notice", None)
        rows.append(
            [
                a.pk, a.title, a.organisation, a.legal_form, a.contact_person, a.email,
                a.field_of_action.name if a.field_of_action else "", a.measure.title if a.measure else "",
                a.start_date, a.end_date, a.cost_total, a.own_share, a.co_funding, a.requested_amount,
                a.get_status_display(), a.submitted_at.replace(tzinfo=None) if a.submitted_at else None,
                a.council_rank, selection(a), notice.issued_on if notice else None,
                notice.file_number if notice else "", notice.amount if notice else None,
                (a.paid_total or ZERO) if notice else None, proof_status(a),
            ]
        )  # fmt: skip
    return rows


def export_csv(call) -> bytes:
    return csv_bytes(export_rows(call))


def export_xlsx(call) -> bytes:
    return xlsx_bytes(export_rows(call), title=_("Applications"))
