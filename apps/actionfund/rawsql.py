"""Helpers of the hand-written reads (jury_queries.py, index_queries.py).

The statements are written in the SQL that PostgreSQL and SQLite (``make run``'s database when
DATABASE_URL is unset) have in common: correlated scalar subqueries instead of LATERAL joins,
``CAST(x AS TEXT)`` instead of ``::text``, the order of an aggregate's input given inside a
subquery. Only the JSON functions are named differently; a statement writes them as
``{json_object}``, ``{json_array}`` and ``{json_agg}`` (replaced per database vendor on first use).

The values of the columns that are model fields are converted as the ORM converts them (Django's
converters of the field for the connection): on SQLite decimals, dates, datetimes and booleans
arrive as numbers and strings; on PostgreSQL there is nothing to convert.
"""

import json
from decimal import Decimal

from django.db import connection

JSON_FUNCTIONS = {
    "postgresql": {"{json_object}": "json_build_object", "{json_array}": "json_build_array", "{json_agg}": "json_agg"},
    "sqlite": {"{json_object}": "json_object", "{json_array}": "json_array", "{json_agg}": "json_group_array"},
}


def fields(model, *names: str) -> list[str]:
    """``names`` (attnames) in the order of the model's concrete fields, as ``Model.from_db``
    takes the values of a subset of them."""
    order = {field.attname: n for n, field in enumerate(model._meta.concrete_fields)}
    unknown = set(names) - order.keys()
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    return sorted(names, key=order.__getitem__)


def columns(alias: str, names: list[str]) -> str:
    return ", ".join(f'{alias}."{name}"' for name in names)


def model_fields(model, names: list[str]) -> list:
    """The model fields of ``names`` (attnames): a statement's column types (see Statement)."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [by_attname[name] for name in names]


class Statement:
    """A hand-written SELECT and, per column of its rows, the model field whose value it is (or
    None: a count, a kind, JSON; taken as the database gives it)."""

    def __init__(self, sql: str, column_fields: list):
        self.sql = sql
        self.column_fields = column_fields
        self._prepared: dict[str, tuple[str, list]] = {}

    def _prepare(self, db) -> tuple[str, list]:
        sql = self.sql
        for name, function in JSON_FUNCTIONS[db.vendor].items():
            sql = sql.replace(name, function)
        converters = []
        for n, field in enumerate(self.column_fields):
            if field is None:
                continue
            col = field.cached_col
            found = db.ops.get_db_converters(col) + col.get_db_converters(db)
            if found:
                converters.append((n, found, col))
        self._prepared[db.vendor] = prepared = (sql, converters)
        return prepared

    def fetch(self, params) -> list[tuple]:
        with connection.cursor() as cursor:
            db = cursor.db
            sql, converters = self._prepared.get(db.vendor) or self._prepare(db)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for n, found, col in converters:
                value = row[n]
                for converter in found:
                    value = converter(value, col, db)
                row[n] = value
            converted.append(row)
        return converted


def datetime_param(value):
    """A datetime as a statement's parameter (on SQLite: the naive UTC text the ORM stores)."""
    return connection.ops.adapt_datetimefield_value(value)


def decimal_from_text(value: str, places: Decimal) -> Decimal:
    """A decimal sent as text inside JSON (JSON numbers would arrive as floats), with the places
    of its field (SQLite writes 12.5 for 12.50)."""
    return Decimal(value).quantize(places)


def places(model, name: str) -> Decimal:
    return Decimal(1).scaleb(-model._meta.get_field(name).decimal_places)


def json_value(value):
    """A JSON column's value: psycopg parses json itself, sqlite3 gives the text."""
    return json.loads(value) if isinstance(value, str) else value


def instance(model, names: list[str], values):
    """A model instance from the values of ``names`` (from ``fields()``); the others deferred."""
    return model.from_db(connection.alias, names, values)
