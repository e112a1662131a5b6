"""What the funding detail pages show beside the application, read in one round trip.

An application's page lists its grant notice, cost lines, documents, payment requests, proofs of
use and history: six small queries. Building and compiling them with the ORM cost more CPU than
running them, and the pages render cold after most writes. Here each query is compiled once per
process (with a placeholder for the application's id), and on PostgreSQL with client-side binding
(Django's default) all of them go to the server together, as apps/pages/context_processors.py does
for the layout. The results are model instances (``Model.from_db``), in the models' order.
"""

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils.translation import get_language

from .models import Attachment, CostLine, GrantNotice, PaymentRequest, ProofOfUse, StatusChange

PLACEHOLDER = -1_000_000_007  # stands for the application's id in the compiled SQL


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
        "by": User.objects.filter(pk__in=StatusChange.objects.filter(application_id=pk).values("by_id")).only(
            "is_staff", "display_name", "first_name", "last_name"
        ),
    }


_compiled: dict[tuple, dict] = {}


def _compile(db: str) -> dict:
    """Per name: (model, SQL, params, the positions of the placeholder, attnames, converters, compiler)."""
    compiled = {}
    for name, queryset in _querysets(PLACEHOLDER).items():
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        columns = [expression for expression, _sql, _alias in compiler.select]
        attnames = [column.target.attname for column in columns]
        converters = compiler.get_converters(columns)
        at = [index for index, param in enumerate(params) if param == PLACEHOLDER]
        compiled[name] = (queryset.model, sql, tuple(params), at, attnames, converters, compiler)
    return compiled


ALL = ("notice", "cost_lines", "attachments", "payments", "proofs", "history")


def application_lists(application, names=ALL) -> dict:
    """``notice`` (or None), ``cost_lines``, ``attachments``, ``payments``, ``proofs`` and
    ``history`` (each change with its ``by``) of ``application``, as lists; ``names`` picks some."""
    db = application._state.db or "default"
    connection = connections[db]
    key = (db, connection.vendor, get_language())
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(db)
    wanted = {*names, "by"} if "history" in names else set(names)
    items = []
    for name, (model, sql, params, at, attnames, converters, compiler) in compiled.items():
        if name not in wanted:
            continue
        params = list(params)
        for index in at:
            params[index] = application.pk
        items.append((name, model, sql, params, attnames, converters, compiler))
    results = {}
    with connection.cursor() as cursor:
        together = connection.vendor == "postgresql" and not connection.settings_dict["OPTIONS"].get(
            "server_side_binding"
        )
        if together:
            cursor.execute("; ".join(item[2] for item in items), [p for item in items for p in item[3]])
        for index, (name, model, sql, params, attnames, converters, compiler) in enumerate(items):
            if not together:
                cursor.execute(sql, params)
            elif index:
                cursor.nextset()
            rows = cursor.fetchall()
            if converters:
                rows = compiler.apply_converters(rows, converters)
            results[name] = [model.from_db(db, attnames, row) for row in rows]
    if "history" in results:
        users = {user.pk: user for user in results.pop("by")}
        for change in results["history"]:
            change.by = users.get(change.by_id)
    if "notice" in results:
        results["notice"] = results["notice"][0] if results["notice"] else None
    return results
