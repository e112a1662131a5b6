"""Progress of a field of action: what the apps that point at the fields of action have brought
to one of them. The action plan imports none of them: each contributes its own figures through a
``field_progress`` plug-in module (apps/core/plugins.py), like the home page boxes.

A plug-in is ``apps/<app>/field_progress.py`` with ``section(field, measures) -> dict | None``:
``figures`` names a template with ``<dt>``/``<dd>`` pairs for the page's figure list, ``details``
(optional) one with the app's lists below it; the rest of the dict is their context (as
``section``). Each plug-in runs a fixed number of queries (aggregates and bounded lists), so the
field page does not grow with the data.
"""

from django.db.models import Window

from apps.core import plugins

LATEST = 10


def field_progress(field, measures=()) -> list[dict]:
    """The sections of every app's ``field_progress`` plug-in for ``field``, in INSTALLED_APPS order."""
    return plugins.collect("field_progress", "section", field, list(measures))


def latest_with_totals(queryset, ordering: str, fields: tuple, **totals) -> tuple[list, dict]:
    """The latest ``LATEST`` rows of ``queryset`` (by ``ordering``, only ``fields``) and the
    aggregates ``totals`` (``count=Count("pk")``, ...) over all its rows, in one query: the
    totals ride along on every row as window aggregates. Totals are None without rows."""
    rows = list(latest_queryset(queryset, ordering, fields, **totals))
    return rows, {name: getattr(rows[0], f"total_{name}") if rows else None for name in totals}


def latest_queryset(queryset, ordering: str, fields: tuple, **totals):
    """``latest_with_totals()``'s query: the rows carry the totals as ``total_<name>``."""
    return (
        queryset.annotate(**{f"total_{name}": Window(aggregate) for name, aggregate in totals.items()})
        .only(*fields)
        .order_by(ordering)[:LATEST]
    )
