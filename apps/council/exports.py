"""Export of council decisions for the QM team (CSV and XLSX, formula-safe cells via apps.core.exports)."""

from django.utils.translation import gettext as _

from apps.core.exports import csv_bytes, xlsx_bytes


def decision_rows(decisions) -> list[list]:
    """Header plus one row per decision (confidential ones included and marked: the export is internal)."""
    header = [
        _("Meeting"), _("Date"), _("Term"), _("Item number"), _("Agenda item"), _("Confidential"), _("Motion"),
        _("Funding decision"), _("Result"), _("Yes"), _("No"), _("Abstentions"), _("Recused"),
        _("Voting members present"), _("Voting members of the term"),
    ]  # fmt: skip
    rows = [header]
    for d in decisions.select_related("agenda_item__meeting__term").order_by(
        "agenda_item__meeting__starts_at", "agenda_item__position", "pk"
    ):
        item, meeting = d.agenda_item, d.agenda_item.meeting
        rows.append([
            meeting.number, meeting.starts_at.date(), meeting.term.name, item.position, item.title,
            _("yes") if item.is_confidential else _("no"), d.motion, _("yes") if d.is_funding_decision else _("no"),
            d.get_result_display(), d.votes_yes, d.votes_no, d.votes_abstain, d.recused_count, d.present_voting,
            d.voting_members,
        ])  # fmt: skip
    return rows


def decisions_csv(decisions) -> bytes:
    return csv_bytes(decision_rows(decisions))


def decisions_xlsx(decisions) -> bytes:
    return xlsx_bytes(decision_rows(decisions), title=_("Decisions"))
