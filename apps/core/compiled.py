"""Queries compiled to SQL once per process, run with their changing values put in.

Building a queryset and compiling it to SQL costs more CPU than running it for the small queries
most pages send (0.3–2 ms against 0.1–0.8 ms), and after any write every page runs its queries
again. Code that sends the same queries on every render compiles them here once per process,
database and language (a query ordered or filtered by a translated column differs by language)
and runs the compiled text:

- ``build()`` returns the querysets by name, with *stand-ins* where values change from call to
  call: values no row can have (a negative primary key, a date in 1900, a string that starts
  with NUL). ``run()`` puts each call's values where the stand-ins were (``values``: stand-in ->
  value).
- On PostgreSQL with client-side binding (Django's default) the statements of one ``run()`` go to
  the server together, in one round trip; elsewhere one after the other.
- The rows come back as tuples, through the converters Django's compiler would apply;
  ``Statement.instances()`` makes model instances of them (``Model.from_db``).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.utils.translation import get_language


@dataclass(frozen=True, slots=True)
class Statement:
    """One compiled query: its SQL and parameters, the model attribute (or annotation) each column
    fills, the name each column has in the result (a ``values()`` key), and the converters of the
    columns (with the compiler that applies them)."""

    model: type
    sql: str
    params: tuple
    attnames: tuple
    names: tuple
    converters: dict
    compiler: object
    # The columns after the model's own: annotations, set on each instance by name (as raw() does).
    annotations: tuple = ()

    def instances(self, db: str, rows) -> list:
        """Model instances of the rows (``Model.from_db``), with the annotations as attributes."""
        if not self.annotations:
            return [self.model.from_db(db, self.attnames, row) for row in rows]
        count = len(self.attnames) - len(self.annotations)
        fields, result = self.attnames[:count], []
        for row in rows:
            instance = self.model.from_db(db, fields, row[:count])
            for name, value in zip(self.annotations, row[count:], strict=True):
                setattr(instance, name, value)
            result.append(instance)
        return result

    def dicts(self, rows) -> list[dict]:
        """The rows as ``values()`` gives them: a dictionary by column name each."""
        return [dict(zip(self.names, row, strict=True)) for row in rows]


def compile_querysets(querysets: Mapping, db: str) -> dict[str, Statement]:
    statements = {}
    for name, queryset in querysets.items():
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        columns = [expression for expression, _sql, _alias in compiler.select]
        targets = [getattr(column, "target", None) for column in columns]
        attnames = tuple(
            alias if target is None else target.attname
            for target, (_expression, _sql, alias) in zip(targets, compiler.select, strict=True)
        )
        names = tuple(
            alias or target.attname for target, (_expression, _sql, alias) in zip(targets, compiler.select, strict=True)
        )
        annotations = tuple(queryset.query.annotation_select)
        if annotations and attnames[-len(annotations) :] != annotations:
            annotations = ()  # not at the end (values()): no instances are made of these rows
        statements[name] = Statement(
            queryset.model, sql, tuple(params), attnames, names, compiler.get_converters(columns), compiler, annotations
        )
    return statements


_compiled: dict[tuple, dict[str, Statement]] = {}


def compiled(group: str, build: Callable[[], Mapping], db: str = "default", prepare=None) -> dict[str, Statement]:
    """The statements of ``build()`` (querysets by name), compiled once per process, database and
    language under the name ``group``; ``prepare`` may rewrite them once after compiling."""
    key = (group, db, connections[db].vendor, get_language())
    statements = _compiled.get(key)
    if statements is None:
        statements = compile_querysets(build(), db)
        statements = _compiled[key] = prepare(statements) if prepare else statements
    return statements


# Stand-ins are compared by value: only parameters of these types can be one.
_STAND_IN_TYPES = (int, str, date)


def run(db: str, statements: Mapping[str, Statement], names: Iterable[str] | None = None, values=None) -> dict:
    """The rows (tuples) of the statements ``names`` (default: all), each stand-in parameter
    replaced by its value in ``values``; together in one round trip where the database allows it."""
    connection = connections[db]
    values = values or {}
    items = []
    for name in statements if names is None else names:
        statement = statements[name]
        params = statement.params
        if values:
            params = [values.get(param, param) if isinstance(param, _STAND_IN_TYPES) else param for param in params]
        items.append((name, statement, params))
    together = (
        len(items) > 1
        and connection.vendor == "postgresql"
        and not connection.settings_dict["OPTIONS"].get("server_side_binding")
    )
    results = {}
    with connection.cursor() as cursor:
        if together:
            cursor.execute("; ".join(item[1].sql for item in items), [p for item in items for p in item[2]])
        for index, (name, statement, params) in enumerate(items):
            if not together:
                cursor.execute(statement.sql, params)
            elif index:
                cursor.nextset()
            rows = cursor.fetchall()
            if statement.converters:
                rows = list(statement.compiler.apply_converters(rows, statement.converters))
            results[name] = rows
    return results
