"""Export of a call's applications for the administration (CSV and XLSX)."""

from django.utils.translation import gettext as _

from apps.core.exports import csv_bytes, xlsx_bytes

from .models import Application


def export_rows(call) -> list[list]:
    """Header plus one row per application of ``call`` (drafts excluded: they are not applications yet)."""
    header = [
        _("No."), _("Project title"), _("Organisation"), _("Legal form"), _("Contact person"), _("E-mail address"),
        _("Field of action"), _("Action plan measure"), _("Start"), _("End"), _("Cost plan total"), _("Own share"),
        _("Co-funding by others"), _("Requested amount"), _("Status"), _("Submitted at"),
    ]  # fmt: skip
    rows = [header]
    applications = (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .select_related("field_of_action", "measure")
        .order_by("submitted_at", "pk")
    )
    for a in applications:
        rows.append(
            [
                a.pk, a.title, a.organisation, a.legal_form, a.contact_person, a.email,
                a.field_of_action.name if a.field_of_action else "", a.measure.title if a.measure else "",
                a.start_date, a.end_date, a.cost_total, a.own_share, a.co_funding, a.requested_amount,
                a.get_status_display(), a.submitted_at.replace(tzinfo=None) if a.submitted_at else None,
            ]
        )  # fmt: skip
    return rows


def export_csv(call) -> bytes:
    return csv_bytes(export_rows(call))


def export_xlsx(call) -> bytes:
    return xlsx_bytes(export_rows(call), title=_("Applications"))
