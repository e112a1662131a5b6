"""What the funding detail pages show beside the application, read in one round trip.

An application's page lists its grant notice, cost lines, documents, payment requests, proofs of
use and history: six small queries. Building and compiling them with the ORM cost more CPU than
running them, and the pages render cold after most writes. Here each query is compiled once per
process (with a stand-in for the application's id) and all of them go to the server together
(apps/core/compiled.py). The results are model instances (``Model.from_db``), in the models' order.
"""

from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db.models import Exists, Q
from django.urls import reverse
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from apps.actionplan.models import Concept, FieldOfAction, Measure
from apps.core.compiled import compiled, run

from .models import Application, Attachment, Call, CostLine, GrantNotice, PaymentRequest, ProofOfUse, StatusChange

PLACEHOLDER = -1_000_000_007  # stands for the application's id in the compiled SQL


AGENDA_ITEM_FIELDS = ("agendaitem__position", "agendaitem__title", "agendaitem__meeting_id",
                      "agendaitem__meeting__number", "agendaitem__meeting__starts_at")  # fmt: skip


def _querysets(pk: int) -> dict:
    """The queries by name; each names the application only by ``pk``. The orders are the
    models' own without the join to the application that ordering by it first adds."""
    User = get_user_model()
    return {
        "notice": GrantNotice.objects.filter(application_id=pk).order_by("pk")[:1],
        "cost_lines": CostLine.objects.filter(application_id=pk).order_by("pk"),
        "attachments": Attachment.objects.filter(application_id=pk).order_by("uploaded_at"),
        "payments": PaymentRequest.objects.filter(application_id=pk).order_by("requested_on", "pk"),
        "proofs": ProofOfUse.objects.filter(application_id=pk).order_by("submitted_at", "pk"),
        "history": StatusChange.objects.filter(application_id=pk).order_by("at", "pk"),
        # who made the changes, for the history's "by" column (the QM team or the public name)
        # the council's agenda items naming the application, oldest meeting first (values)
        "agenda_items": Application._meta.get_field("agenda_items")
        .through.objects.filter(application_id=pk)
        .order_by("agendaitem__meeting__starts_at")
        .values_list(*AGENDA_ITEM_FIELDS),
        "by": User.objects.filter(pk__in=StatusChange.objects.filter(application_id=pk).values("by_id")).only(
            "is_staff", "display_name", "first_name", "last_name"
        ),
    }


ALL = ("notice", "cost_lines", "attachments", "payments", "proofs", "history")


def _agenda_item(position, title, meeting_id, number, starts_at) -> dict:
    """An agenda item as funding/_council_meetings.html reads it."""
    url = reverse("council:meeting_detail", kwargs={"pk": meeting_id})
    return {"position": position, "title": title, "meeting": {"number": number, "starts_at": starts_at,
                                                              "get_absolute_url": url}}  # fmt: skip


def application_lists(application, names=ALL) -> dict:
    """``notice`` (or None), ``cost_lines``, ``attachments``, ``payments``, ``proofs``, ``history``
    (each change with its ``by``) and ``agenda_items`` (dicts) of ``application``, as lists; ``names``
    picks some (by default all but the agenda items)."""
    db = application._state.db or "default"
    statements = compiled("funding:application", lambda: _querysets(PLACEHOLDER), db)
    wanted = [name for name in statements if name in names or (name == "by" and "history" in names)]
    rows = run(db, statements, wanted, {PLACEHOLDER: application.pk})
    results = {}
    for name, found in rows.items():
        if name == "agenda_items":
            results[name] = [_agenda_item(*row) for row in found]
        else:
            results[name] = statements[name].instances(db, found)
    if "history" in results:
        users = {user.pk: user for user in results.pop("by")}
        for change in results["history"]:
            change.by = users.get(change.by_id)
    if "notice" in results:
        results["notice"] = results["notice"][0] if results["notice"] else None
    return results


# The council's list: one page of the applications presented to the council with their call and
# field, the agenda items naming them and their documents, three queries that name the page only
# by its LIMIT and OFFSET (Django writes those into the SQL as numbers: the compiled text gets
# placeholders for them instead).
LIMIT, OFFSET = 987_001, 123_457_000
CALL_TITLES = tuple(build_localized_fieldname("title", code) for code in AVAILABLE_LANGUAGES)
COUNCIL_FIELDS = ("pk", "title", "organisation", "status", "requested_amount", "council_rank", "council_presented_at",
                  "call_id", "field_of_action__name", "field_of_action__colour",
                  *(f"call__{name}" for name in CALL_TITLES))  # fmt: skip
AGENDA_FIELDS = ("application_id", "agendaitem__position", "agendaitem__title", "agendaitem__meeting_id",
                 "agendaitem__meeting__number", "agendaitem__meeting__starts_at")  # fmt: skip
DOCUMENT_FIELDS = ("pk", "application_id", "title")


def _council_querysets() -> dict:
    presented = Application.objects.presented_to_council().order_by("-council_presented_at", "-pk")
    page = presented.values("pk")[OFFSET : OFFSET + LIMIT]
    through = Application._meta.get_field("agenda_items").through
    return {
        "applications": presented.values(*COUNCIL_FIELDS)[OFFSET : OFFSET + LIMIT],
        "agenda_items": through.objects.filter(application_id__in=page)
        .order_by("agendaitem__meeting__starts_at")
        .values(*AGENDA_FIELDS),
        "documents": Attachment.objects.filter(application_id__in=page)
        .order_by("uploaded_at")
        .values(*DOCUMENT_FIELDS),
    }


def _paged(statements: dict) -> dict:
    """The compiled queries with ``LIMIT %s OFFSET %s`` where the sentinel numbers stood."""
    paged = {}
    text = f"LIMIT {LIMIT} OFFSET {OFFSET}"
    for name, statement in statements.items():
        assert not statement.params, "a page query with parameters of its own"  # noqa: S101 - the placeholders' order
        paged[name] = replace(statement, sql=statement.sql.replace(text, "LIMIT %s OFFSET %s"),
                              params=(LIMIT, OFFSET) * statement.sql.count(text))  # fmt: skip
    return paged


def council_page(*, offset: int, limit: int, db: str = "default") -> tuple[list, list, list]:
    """(applications, agenda items, documents) of one page of the council's list, as dicts by the
    field names above; the agenda items oldest meeting first, the documents oldest first."""
    statements = compiled("funding:council", _council_querysets, db, prepare=_paged)
    rows = run(db, statements, values={LIMIT: limit, OFFSET: offset})
    return (
        [dict(zip(COUNCIL_FIELDS, row, strict=True)) for row in rows["applications"]],
        [dict(zip(AGENDA_FIELDS, row, strict=True)) for row in rows["agenda_items"]],
        [dict(zip(DOCUMENT_FIELDS, row, strict=True)) for row in rows["documents"]],
    )


# The application form's options: the call's fields of action (every active one when the call
# names none) and the measures of the adopted action plan in them, one round trip by the call's id.
def _option_querysets(call_id: int, application_id: int) -> dict:
    of_call = Call.fields_of_action.through.objects.filter(call_id=call_id)
    fields = FieldOfAction.objects.filter(
        Q(pk__in=of_call.values("fieldofaction_id")) | Q(is_active=True) & ~Exists(of_call)
    )
    return {
        "fields": fields.values_list("pk", "name"),
        "measures": Measure.objects.filter(
            concept__status=Concept.Status.ADOPTED, field_of_action__in=fields
        ).values_list("pk", "field_of_action__name", "title"),
        "cost_lines": CostLine.objects.filter(application_id=application_id).order_by("pk"),
    }


APPLICATION = -1_000_000_009  # stands for the application's id beside the call's


def form_options(call_id: int, application_id: int | None = None, db: str = "default") -> dict:
    """``fields`` [(pk, name)] of the fields of action and ``measures`` [(pk, field name, title)]
    in the models' order, and with ``application_id`` that application's ``cost_lines`` (instances)."""
    statements = compiled("funding:options", lambda: _option_querysets(PLACEHOLDER, APPLICATION), db)
    names = ["fields", "measures"] + (["cost_lines"] if application_id is not None else [])
    rows = run(db, statements, names, {PLACEHOLDER: call_id, APPLICATION: application_id})
    if "cost_lines" in rows:
        rows["cost_lines"] = statements["cost_lines"].instances(db, rows["cost_lines"])
    return rows
