"""The jury pages' reads in hand-written SQL (PostgreSQL and SQLite: rawsql.py), one statement each.

The jury pages are read after every vote, so they render cold most of the time. Building these
queries with the ORM (annotations, filtered counts, three prefetches, their ordering joins) cost
more CPU than running them; the page of a round was five queries. Here a round's page of
applications comes with its cost items and attachments (as JSON), the juror's own vote (with who
entered a paper ballot) and, once the votes are visible, the tally: one statement. The objects
are model instances with only the fields the pages read (any other field is deferred).

Table names are quoted: the page cache finds the tables a statement reads by ``FROM "table"``
and ``JOIN "table"`` (apps/pagecache/cache.py).
"""

from dataclasses import dataclass

from .models import Application, Attachment, CostItem, FundYear, Round, Tally, Vote, VoteChoice
from .rawsql import Statement, columns, decimal_from_text, fields, instance, json_value, model_fields, places

FieldOfAction = Application._meta.get_field("field_of_action").related_model
User = Vote._meta.get_field("entered_by").related_model

_ROUND_FIELDS = fields(Round, "id", "fund_year_id", "date", "submission_deadline", "status", "opened_at", "closed_at")
_YEAR_FIELDS = fields(FundYear, "id", "year", "decision_rule")
_ROUND_SELECT = f"{columns('r', _ROUND_FIELDS)}, {columns('y', _YEAR_FIELDS)}"
_ROUND_FROM = """FROM "actionfund_round" r JOIN "actionfund_fundyear" y ON y.id = r.fund_year_id
WHERE EXISTS (SELECT 1 FROM "actionfund_fundyear_jurors" j WHERE j.fundyear_id = r.fund_year_id AND j.user_id = %(user)s)
  AND r.status <> 'preparing'"""

# Round.objects.visible_to(user) with its status, newest or oldest first; the open ones with the
# number of applications and how many of them the juror voted on (only votes on applications
# still on the round count).
_TOTAL = '(SELECT count(*) FROM "actionfund_application" a WHERE a.round_id = r.id)'
_VOTED = """(SELECT count(*) FROM "actionfund_vote" v JOIN "actionfund_application" a ON a.id = v.application_id
    WHERE v.round_id = r.id AND v.juror_id = %(user)s AND a.round_id = r.id)"""
_OPEN_ROUNDS = f"""SELECT 'open', {_ROUND_SELECT}, {_TOTAL}, {_VOTED}
{_ROUND_FROM} AND r.status = 'open'"""  # noqa: S608 - constant parts; the values are parameters
_ROUND_COLUMNS = [None, *model_fields(Round, _ROUND_FIELDS), *model_fields(FundYear, _YEAR_FIELDS), None, None]
OPEN_ROUNDS_SQL = Statement(f"{_OPEN_ROUNDS}\nORDER BY r.date, r.id", _ROUND_COLUMNS)
# A jury page's rounds in one statement: the open ones, a page of past ones and the one shown
# (none for pk NULL), told apart by the first column.
ROUNDS_SQL = Statement(
    f"""{_OPEN_ROUNDS}
UNION ALL SELECT * FROM (SELECT 'past', {_ROUND_SELECT}, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT) {_ROUND_FROM} AND r.status <> 'open'
  ORDER BY r.date DESC, r.id DESC LIMIT %(limit)s OFFSET %(offset)s) past
UNION ALL SELECT 'shown', {_ROUND_SELECT}, {_TOTAL}, CAST(NULL AS BIGINT) {_ROUND_FROM} AND r.id = %(pk)s""",  # noqa: S608
    _ROUND_COLUMNS,
)


_APPLICATION_FIELDS = fields(
    Application, "id", "fund_year_id", "round_id", "field_of_action_id", "applicant_name", "initiative", "title",
    "description", "target_group", "location", "starts_on", "ends_on", "participation", "contribution",
    "crit_neighbourhood", "crit_self_help", "crit_contact", "crit_culture", "crit_image", "crit_climate",
    "wants_allowance", "costs_total", "allowance", "requested_amount", "granted_amount", "status",
)  # fmt: skip
_VOTE_FIELDS = fields(Vote, "id", "juror_id", "application_id", "round_id", "choice", "recused", "comment", "source",
                      "entered_by_id", "entered_at")  # fmt: skip
_ENTERED_BY_FIELDS = fields(User, "id", "first_name", "last_name", "display_name", "email")
_FIELD_OF_ACTION_FIELDS = fields(FieldOfAction, "id", "name", "colour")
_COST_FIELDS = fields(CostItem, "id", "application_id", "description", "kind", "reason", "amount")
_ATTACHMENT_FIELDS = fields(Attachment, "id", "application_id", "title")
# The jurors and the tally as a JSON array [yes, no, abstain, recused, paper].
_TALLY = """,
  (SELECT count(*) FROM "actionfund_fundyear_jurors" j WHERE j.fundyear_id = %(year)s) AS n_jurors,
  (SELECT {json_array}(count(*) FILTER (WHERE choice = 'yes'), count(*) FILTER (WHERE choice = 'no'),
      count(*) FILTER (WHERE choice = 'abstain'), count(*) FILTER (WHERE recused),
      count(*) FILTER (WHERE source = 'paper'))
    FROM "actionfund_vote" WHERE application_id = a.id AND round_id = %(round)s) AS tally"""
# One page of a round's applications in the order received (by pk), as services.tallies() counts.
PAGE_SQL = """SELECT {application}, {field_of_action}, {vote},
  (SELECT {json_object}({entered_by}) FROM "accounts_user" u WHERE u.id = v.entered_by_id) AS entered_by,
  (SELECT {json_agg}({json_object}({cost_items})) FROM (SELECT * FROM "actionfund_costitem"
    WHERE application_id = a.id ORDER BY id) c) AS costs,
  (SELECT {json_agg}({json_object}({attachments})) FROM (SELECT * FROM "actionfund_attachment"
    WHERE application_id = a.id ORDER BY id) d) AS attachments{tally}
FROM "actionfund_application" a
LEFT JOIN "actionplan_fieldofaction" f ON f.id = a.field_of_action_id
LEFT JOIN "actionfund_vote" v ON v.application_id = a.id AND v.round_id = %(round)s AND v.juror_id = %(juror)s
WHERE a.round_id = %(round)s
ORDER BY a.id LIMIT %(limit)s OFFSET %(offset)s"""
_PAGE_PARTS = {
    "application": columns("a", _APPLICATION_FIELDS),
    "field_of_action": columns("f", _FIELD_OF_ACTION_FIELDS),
    "vote": columns("v", _VOTE_FIELDS),
    "entered_by": ", ".join(f"'{name}', u.\"{name}\"" for name in _ENTERED_BY_FIELDS),
    # amounts as text: JSON numbers would arrive as floats
    "cost_items": ", ".join(
        f"'{name}', " + (f'CAST(c."{name}" AS TEXT)' if name == "amount" else f'c."{name}"') for name in _COST_FIELDS
    ),
    "attachments": ", ".join(f"'{name}', d.\"{name}\"" for name in _ATTACHMENT_FIELDS),
    # the JSON functions' names stay for Statement to fill in per database
    "json_agg": "{json_agg}",
    "json_object": "{json_object}",
}
_PAGE_COLUMNS = [
    *model_fields(Application, _APPLICATION_FIELDS),
    *model_fields(FieldOfAction, _FIELD_OF_ACTION_FIELDS),
    *model_fields(Vote, _VOTE_FIELDS),
    None,
    None,
    None,
]
PAGE_SQL_OPEN = Statement(PAGE_SQL.format(**_PAGE_PARTS, tally=""), _PAGE_COLUMNS)
PAGE_SQL_TALLY = Statement(PAGE_SQL.format(**_PAGE_PARTS, tally=_TALLY), [*_PAGE_COLUMNS, None, None])
_AMOUNT_PLACES = places(CostItem, "amount")
assert set(VoteChoice.values) == {"yes", "no", "abstain"}  # the counts above name them


def _round(row) -> Round:
    """A round from a row of the statements above (after the kind in the first column)."""
    n = len(_ROUND_FIELDS)
    round = instance(Round, _ROUND_FIELDS, row[1 : 1 + n])
    round.fund_year = instance(FundYear, _YEAR_FIELDS, row[1 + n : 1 + n + len(_YEAR_FIELDS)])
    round.total, round.voted = row[-2:]
    return round


def open_rounds(user) -> list[Round]:
    """The rounds of the juror's fund years open for voting, oldest first, each with ``total``
    applications and ``voted``: how many of them ``user`` voted on."""
    if not user.is_authenticated:
        return []
    return [_round(row) for row in OPEN_ROUNDS_SQL.fetch({"user": user.pk})]


@dataclass
class JuryRounds:
    open: list[Round]  # open for voting, oldest first, with total and voted
    past: list[Round]  # closed and decided, newest first
    shown: Round | None  # the round asked for, with total (None: not one the juror may see)


def jury_rounds(user, *, pk: int | None, past_offset: int, past_limit: int) -> JuryRounds:
    """The juror's open rounds, a page of past ones and round ``pk`` (if the juror may see it)."""
    found = JuryRounds([], [], None)
    if not user.is_authenticated:
        return found
    params = {"user": user.pk, "pk": pk, "limit": past_limit, "offset": past_offset}
    for row in ROUNDS_SQL.fetch(params):
        round = _round(row)
        if row[0] == "open":
            found.open.append(round)
        elif row[0] == "past":
            found.past.append(round)
        else:
            found.shown = round
    # UNION ALL keeps no order of its own
    found.open.sort(key=lambda each: (each.date, each.pk))
    found.past.sort(key=lambda each: (each.date, each.pk), reverse=True)
    return found


def page_of_applications(round: Round, juror, offset: int, limit: int) -> list[Application]:
    """Applications ``offset`` to ``offset + limit`` of the round, each with ``cost_list``,
    ``attachment_list``, ``my_vote`` (the juror's vote or None) and ``tally`` (a Tally once the
    votes are visible, else None)."""
    with_tally = round.votes_visible
    sql = PAGE_SQL_TALLY if with_tally else PAGE_SQL_OPEN
    params = {"round": round.pk, "juror": juror.pk, "year": round.fund_year_id, "limit": limit, "offset": offset}
    n_app, n_foa, n_vote = len(_APPLICATION_FIELDS), len(_FIELD_OF_ACTION_FIELDS), len(_VOTE_FIELDS)
    rule = round.fund_year.decision_rule if with_tally else None
    applications = []
    for row in sql.fetch(params):
        application = instance(Application, _APPLICATION_FIELDS, row[:n_app])
        i = n_app
        foa = row[i : i + n_foa]
        application.field_of_action = instance(FieldOfAction, _FIELD_OF_ACTION_FIELDS, foa) if foa[0] else None
        i += n_foa
        vote = None
        if row[i] is not None:
            vote = instance(Vote, _VOTE_FIELDS, row[i : i + n_vote])
            entered_by = json_value(row[i + n_vote])
            vote.entered_by = (
                instance(User, _ENTERED_BY_FIELDS, [entered_by[name] for name in _ENTERED_BY_FIELDS])
                if entered_by
                else None
            )
        i += n_vote + 1
        application.my_vote = vote
        application.cost_list = [
            instance(CostItem, _COST_FIELDS, [decimal_from_text(item[name], _AMOUNT_PLACES) if name == "amount"
                                              else item[name] for name in _COST_FIELDS])
            for item in json_value(row[i]) or ()
        ]  # fmt: skip
        application.attachment_list = [
            instance(Attachment, _ATTACHMENT_FIELDS, [item[name] for name in _ATTACHMENT_FIELDS])
            for item in json_value(row[i + 1]) or ()
        ]
        i += 2
        application.tally = None
        if with_tally:
            jurors, (yes, no, abstain, recused, paper) = row[i], json_value(row[i + 1])
            application.tally = Tally(jurors, yes, no, abstain, recused, rule, paper)
        applications.append(application)
    return applications
