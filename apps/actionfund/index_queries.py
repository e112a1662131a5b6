"""The public action fund page's reads in hand-written SQL (PostgreSQL and SQLite: rawsql.py).

The page is public and read cold after any write to its tables. Built with the ORM, its six
queries (the fund year, its granted sum, the next round, the count, the projects and their photos)
cost more CPU to build than to run. Here: the fund year with its granted sum and next round in
one statement, a page of realised projects with their first published photo in another, and the
count kept by the page cache's memo until an application, proof, photo or fund year changes.
Quoted table names let the page cache see what a statement reads (apps/pagecache/cache.py).
"""

from django.utils import timezone

from apps.pagecache.cache import memo

from .models import (
    GRANTED_STATUSES,
    REALISED_STATUSES,
    ZERO,
    Application,
    FundYear,
    ProjectPhoto,
    Round,
    RoundStatus,
)
from .rawsql import Statement, columns, datetime_param, fields, instance, json_value, model_fields

FieldOfAction = Application._meta.get_field("field_of_action").related_model


def _sql_list(values) -> str:
    """Constant statuses (enum values, never user input) as an SQL list, as the ORM writes them:
    the partial index on realised projects matches only a literal list."""
    assert all(str(value).isidentifier() for value in values)
    return ", ".join(f"'{value}'" for value in values)


_YEAR_FIELDS = [field.attname for field in FundYear._meta.concrete_fields]
_ROUND_FIELDS = fields(Round, "id", "fund_year_id", "date", "submission_deadline", "status")
# FundYear.objects.current() or else the newest published year (only the current one for the
# application form); with its granted sum (FundYear.granted_sum) and the next round still taking
# applications (views._next_round).
_YEAR_SQL = """SELECT {year},
  (SELECT sum(a.granted_amount) FROM "actionfund_application" a
    WHERE a.fund_year_id = y.id AND a.status IN ({granted})) AS granted,
  {round}
FROM (SELECT * FROM "actionfund_fundyear" WHERE is_published{only_current}
  ORDER BY year = %(year)s DESC, year DESC LIMIT 1) y
LEFT JOIN "actionfund_round" n ON n.id = (SELECT r.id FROM "actionfund_round" r
  WHERE r.fund_year_id = y.id AND r.status = '{preparing}' AND r.submission_deadline >= %(now)s
  ORDER BY r.date LIMIT 1)"""
_YEAR_PARTS = {
    "year": columns("y", _YEAR_FIELDS),
    "round": columns("n", _ROUND_FIELDS),
    "granted": _sql_list(GRANTED_STATUSES),
    "preparing": RoundStatus.PREPARING.value,
}
_YEAR_COLUMNS = [
    *model_fields(FundYear, _YEAR_FIELDS),
    Application._meta.get_field("granted_amount"),
    *model_fields(Round, _ROUND_FIELDS),
]
YEAR_SQL = Statement(_YEAR_SQL.format(**_YEAR_PARTS, only_current=""), _YEAR_COLUMNS)
CURRENT_YEAR_SQL = Statement(_YEAR_SQL.format(**_YEAR_PARTS, only_current=" AND year = %(year)s"), _YEAR_COLUMNS)

_REALISED = f"a.status IN ({_sql_list(REALISED_STATUSES)}) AND y.is_published"
_APPLICATION_AND_YEAR = 'FROM "actionfund_application" a JOIN "actionfund_fundyear" y ON y.id = a.fund_year_id'
COUNT_SQL = Statement(f"SELECT count(*) {_APPLICATION_AND_YEAR} WHERE {_REALISED}", [None])  # noqa: S608 - constant
_PROJECT_FIELDS = fields(Application, "id", "fund_year_id", "field_of_action_id", "applicant_name", "initiative",
                         "name_display", "title", "description", "starts_on", "ends_on", "status")  # fmt: skip
_FIELD_OF_ACTION_FIELDS = fields(FieldOfAction, "id", "name", "colour")
_PHOTO_FIELDS = fields(ProjectPhoto, "id", "alt_text")
# Application.objects.realised() of published years, newest end first (the partial index
# actionfund_app_realised), with the first published photo of each proof of use.
_PROJECTS_SQL = """SELECT {application}, {field_of_action},
  (SELECT {{json_object}}('id', ph.id, 'alt_text', ph.alt_text) FROM "actionfund_proofofuse" pr
    JOIN "actionfund_projectphoto" ph ON ph.proof_id = pr.id
  WHERE pr.application_id = a.id AND ph.is_published ORDER BY ph.id LIMIT 1) AS photo
{application_and_year}
LEFT JOIN "actionplan_fieldofaction" f ON f.id = a.field_of_action_id
WHERE {realised}
ORDER BY a.ends_on DESC, a.id DESC LIMIT %s OFFSET %s""".format(  # noqa: S608 - constant parts
    application=columns("a", _PROJECT_FIELDS),
    field_of_action=columns("f", _FIELD_OF_ACTION_FIELDS),
    application_and_year=_APPLICATION_AND_YEAR,
    realised=_REALISED,
)
PROJECTS_SQL = Statement(
    _PROJECTS_SQL,
    [*model_fields(Application, _PROJECT_FIELDS), *model_fields(FieldOfAction, _FIELD_OF_ACTION_FIELDS), None],
)


def fund_year(*, current_only: bool = False) -> FundYear | None:
    """The fund year the page shows (``current_only``: FundYear.objects.current()), with
    ``granted`` (Decimal) and ``next_round`` (or None)."""
    sql = CURRENT_YEAR_SQL if current_only else YEAR_SQL
    rows = sql.fetch({"year": timezone.localdate().year, "now": datetime_param(timezone.now())})
    if not rows:
        return None
    row, n = rows[0], len(_YEAR_FIELDS)
    year = instance(FundYear, _YEAR_FIELDS, row[:n])
    year.granted = row[n] if row[n] is not None else ZERO
    values = row[n + 1 :]
    year.next_round = instance(Round, _ROUND_FIELDS, values) if values[0] is not None else None
    return year


def realised_count() -> int:
    """How many realised projects of published years there are (kept until a table it read is written)."""
    return memo("actionfund:realised-count", lambda: COUNT_SQL.fetch([])[0][0])


def realised_projects(offset: int, limit: int) -> list[Application]:
    """Realised projects ``offset`` to ``offset + limit``, each with ``photo`` (a ProjectPhoto with
    pk and alt_text, or None)."""
    n, n_foa = len(_PROJECT_FIELDS), len(_FIELD_OF_ACTION_FIELDS)
    projects = []
    for row in PROJECTS_SQL.fetch([limit, offset]):
        project = instance(Application, _PROJECT_FIELDS, row[:n])
        foa, photo = row[n : n + n_foa], json_value(row[n + n_foa])
        project.field_of_action = instance(FieldOfAction, _FIELD_OF_ACTION_FIELDS, foa) if foa[0] else None
        project.photo = (
            instance(ProjectPhoto, _PHOTO_FIELDS, [photo[name] for name in _PHOTO_FIELDS]) if photo else None
        )
        projects.append(project)
    return projects
