"""Helpers of the hand-written reads (jury_queries.py, index_queries.py)."""

from django.db import connection


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


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def instance(model, names: list[str], values):
    """A model instance from the values of ``names`` (from ``fields()``); the others deferred."""
    return model.from_db(connection.alias, names, values)
