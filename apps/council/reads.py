"""What a meeting's page lists under its agenda, read in one round trip.

The agenda items, their documents and decisions, and for members of the meeting's term also who
was recused and the funding applications an item decides on: five small queries that name the
meeting only. Building and compiling them with the ORM cost more CPU than running them, so each is
compiled once per process (apps/core/compiled.py: with a stand-in for the meeting's id) and on
PostgreSQL they go to the server together. Items, documents and decisions are model instances in
the models' order; the recused seats and the applications plain dicts.
"""

from django.db.models import F
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from apps.core import compiled
from apps.core.links import path_of
from apps.funding.models import Application

from .models import AgendaDocument, AgendaItem, Decision, Membership

STAND_IN = -1_000_000_009  # the meeting's id in the compiled SQL: no row has a negative key


def _querysets(pk: int, member: bool) -> dict:
    # In one meeting the models' orders (the item's meeting and position; the decision's item,
    # then pk) come down to these, without the joins they add.
    items = AgendaItem.objects.filter(meeting_id=pk).order_by("position", "pk")
    documents = AgendaDocument.objects.filter(agenda_item__meeting_id=pk).order_by("title", "pk")
    decisions = Decision.objects.filter(agenda_item__meeting_id=pk).order_by("pk")
    if not member:
        items = items.filter(is_confidential=False)
        documents = documents.filter(is_internal=False, agenda_item__is_confidential=False)
        decisions = decisions.filter(agenda_item__is_confidential=False)
    querysets = {"items": items, "documents": documents, "decisions": decisions}
    if member:
        querysets["recused"] = (
            Membership.objects.filter(recusals__agenda_item__meeting_id=pk)
            .annotate(decision_pk=F("recusals"))
            .values_list("decision_pk", "display_name")
        )
        querysets["applications"] = (
            Application.objects.filter(agenda_items__meeting_id=pk)
            .annotate(item_pk=F("agenda_items"))
            .values_list("item_pk", "pk", "title", "council_rank")
        )
    return querysets


def agenda(meeting, member: bool) -> list:
    """The meeting's agenda items (members of its term: with the confidential ones), each with its
    ``document_list`` (each document with its ``url``), ``decision_list`` (each decision with its
    ``recused_list`` of seats, members only) and ``application_list`` (members only)."""
    db = meeting._state.db or "default"
    group = "meeting-member" if member else "meeting"
    statements = compiled.compiled(f"council:{group}", lambda: _querysets(STAND_IN, member), db)
    rows = compiled.run(db, statements, values={STAND_IN: meeting.pk})

    def instances(name):
        return statements[name].instances(db, rows[name])

    items = instances("items")
    by_pk = {item.pk: item for item in items}
    for item in items:
        item.document_list, item.decision_list, item.application_list = [], [], []
    document_url = path_of("council:document_download")
    for document in instances("documents"):
        document.url = document_url(document.pk)
        by_pk[document.agenda_item_id].document_list.append(document)
    # The vote lines as {% blocktranslate %} writes them (the translation as it is, the numbers
    # inserted), each text translated once for the page.
    votes_text = gettext("Yes: %(yes)s, no: %(no)s, abstentions: %(abstain)s.")
    present_text = gettext("%(present)s of %(members)s voting members present.")
    decisions = {}
    for decision in instances("decisions"):
        decision.recused_list = []
        values = {"yes": decision.votes_yes, "no": decision.votes_no, "abstain": decision.votes_abstain}
        decision.votes_text = mark_safe(votes_text % values)  # noqa: S308 - a translation and numbers
        values = {"present": decision.present_voting, "members": decision.voting_members}
        decision.present_text = mark_safe(present_text % values)  # noqa: S308
        if decision.recused_count:
            recused_text = ngettext(
                "%(counter)s member declared a conflict of interest and did not vote.",
                "%(counter)s members declared a conflict of interest and did not vote.",
                decision.recused_count,
            )
            decision.recused_text = mark_safe(recused_text % {"counter": decision.recused_count})  # noqa: S308
        by_pk[decision.agenda_item_id].decision_list.append(decision)
        decisions[decision.pk] = decision
    if member:
        for decision_pk, display_name in rows["recused"]:
            decisions[decision_pk].recused_list.append({"display_name": display_name})
        application_url = path_of("funding:council_detail")
        for item_pk, pk, title, council_rank in rows["applications"]:
            by_pk[item_pk].application_list.append(
                {"pk": pk, "title": title, "council_rank": council_rank, "url": application_url(pk)}
            )
    return items
