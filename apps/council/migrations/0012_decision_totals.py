"""Public decisions per term and result, kept by PostgreSQL triggers (models.DecisionTotal): the
decision list's total without a count of every decision.

A decision counts when its agenda item is not confidential; it belongs to the term of the item's
meeting. Statement-level triggers move the totals by what a statement changed:

- decisions inserted or deleted, or their result or agenda item changed;
- agenda items whose confidentiality or meeting changed, inserted or deleted (their decisions);
- meetings whose term changed, inserted or deleted (the decisions on their items).

Each side of a change is counted where the chain decision -> item -> meeting exists at that moment,
so deleting in any order (Django deletes decisions before their items, items before their
meeting) subtracts every decision once. SQLite (the `make run` default) has no triggers: the list
counts there. Tests: apps/council/tests/test_decision_totals.py compares the totals with counts
after every kind of write."""

from django.db import migrations, models

UPSERT = """
    INSERT INTO council_decisiontotal AS t (term_id, result, decisions)
    SELECT term_id, result, SUM(delta) FROM ({source}) AS changes
    GROUP BY term_id, result HAVING SUM(delta) <> 0
    ON CONFLICT (term_id, result) DO UPDATE SET decisions = t.decisions + EXCLUDED.decisions;"""

# (term_id, result, delta) of decision rows ``rows`` with sign ``sign``
DECISIONS = """
    SELECT m.term_id, d.result, {sign} AS delta FROM {rows} d
    JOIN council_agendaitem i ON i.id = d.agenda_item_id JOIN council_meeting m ON m.id = i.meeting_id
    WHERE NOT i.is_confidential"""
# ... of the decisions on agenda item rows ``rows`` (their confidentiality and meeting as in ``rows``)
ITEMS = """
    SELECT m.term_id, d.result, {sign} AS delta FROM {rows} i
    JOIN council_decision d ON d.agenda_item_id = i.id JOIN council_meeting m ON m.id = i.meeting_id
    WHERE NOT i.is_confidential{where}"""
# ... of the decisions on the items of meeting rows ``rows`` (their term as in ``rows``)
MEETINGS = """
    SELECT m.term_id, d.result, {sign} AS delta FROM {rows} m
    JOIN council_agendaitem i ON i.meeting_id = m.id JOIN council_decision d ON d.agenda_item_id = i.id
    WHERE NOT i.is_confidential{where}"""

ITEM_CHANGED = (
    " AND EXISTS (SELECT 1 FROM {other} x WHERE x.id = i.id"
    " AND (x.is_confidential <> i.is_confidential OR x.meeting_id <> i.meeting_id))"
)
MEETING_CHANGED = " AND EXISTS (SELECT 1 FROM {other} x WHERE x.id = m.id AND x.term_id <> m.term_id)"


def _function(name: str, sources: list[str]) -> str:
    source = " UNION ALL ".join(sources)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{UPSERT.format(source=source)}
    RETURN NULL;
END
$$;"""


def _both(template: str, changed: str = "") -> list[str]:
    """The old rows subtracted and the new rows added (an UPDATE)."""
    return [
        template.format(sign=-1, rows="old_rows", where=changed.format(other="new_rows")),
        template.format(sign=1, rows="new_rows", where=changed.format(other="old_rows")),
    ]


TRIGGERS = [
    # (table, event, function, sources)
    ("council_decision", "INSERT", "council_totals_decisions_inserted", [DECISIONS.format(sign=1, rows="new_rows")]),
    ("council_decision", "UPDATE", "council_totals_decisions_updated", _both(DECISIONS)),
    ("council_decision", "DELETE", "council_totals_decisions_deleted", [DECISIONS.format(sign=-1, rows="old_rows")]),
    ("council_agendaitem", "INSERT", "council_totals_items_inserted", [ITEMS.format(sign=1, rows="new_rows", where="")]),
    ("council_agendaitem", "UPDATE", "council_totals_items_updated", _both(ITEMS, ITEM_CHANGED)),
    ("council_agendaitem", "DELETE", "council_totals_items_deleted", [ITEMS.format(sign=-1, rows="old_rows", where="")]),
    ("council_meeting", "INSERT", "council_totals_meetings_inserted", [MEETINGS.format(sign=1, rows="new_rows", where="")]),
    ("council_meeting", "UPDATE", "council_totals_meetings_updated", _both(MEETINGS, MEETING_CHANGED)),
    ("council_meeting", "DELETE", "council_totals_meetings_deleted", [MEETINGS.format(sign=-1, rows="old_rows", where="")]),
]  # fmt: skip
TABLES = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
          "DELETE": "OLD TABLE AS old_rows"}  # fmt: skip

FILL = """
CREATE OR REPLACE FUNCTION council_fill_decision_totals() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM council_decisiontotal;
    INSERT INTO council_decisiontotal (term_id, result, decisions)
        SELECT m.term_id, d.result, COUNT(*) FROM council_decision d
        JOIN council_agendaitem i ON i.id = d.agenda_item_id JOIN council_meeting m ON m.id = i.meeting_id
        WHERE NOT i.is_confidential GROUP BY 1, 2;
END
$$;
CREATE OR REPLACE FUNCTION council_totals_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM council_fill_decision_totals();
    RETURN NULL;
END
$$;"""


def _create() -> str:
    parts = [FILL]
    for table, event, function, sources in TRIGGERS:
        parts.append(_function(function, sources))
        parts.append(
            f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {TABLES[event]}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )
    for table in ("council_decision", "council_agendaitem", "council_meeting"):
        parts.append(
            f"CREATE TRIGGER council_totals_truncated AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION council_totals_truncated();"
        )
    parts.append("SELECT council_fill_decision_totals();")
    return "\n".join(parts)


def _drop() -> str:
    parts = [f"DROP TRIGGER IF EXISTS {function} ON {table};" for table, _event, function, _sources in TRIGGERS]
    parts += [
        f"DROP TRIGGER IF EXISTS council_totals_truncated ON {table};"
        for table in ("council_decision", "council_agendaitem", "council_meeting")
    ]
    parts += [f"DROP FUNCTION IF EXISTS {function}();" for _table, _event, function, _sources in TRIGGERS]
    parts += [
        "DROP FUNCTION IF EXISTS council_totals_truncated();",
        "DROP FUNCTION IF EXISTS council_fill_decision_totals();",
    ]
    return "\n".join(parts)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_create())


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_drop())


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0011_decision_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term_id", models.BigIntegerField()),
                ("result", models.CharField(max_length=20)),
                ("decisions", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("term_id", "result"), name="council_decisiontotal_unique")
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
