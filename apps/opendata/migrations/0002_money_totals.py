"""Sums for "Where the money went" (apps/opendata/money.py), kept by PostgreSQL triggers.

``opendata_fundingtotal`` holds the funded project and building fund applications per call, year of
the decision (in TIME_ZONE, as Django's ExtractYear) and field of action; ``opendata_actionfundtotal``
the granted action fund applications per fund year and field of action. Statement-level AFTER
triggers on the two application tables add what the statement's new rows contribute and subtract
what its old rows contributed (transition tables), in the writing transaction; the upsert locks the
sum row, so concurrent writers add up. Only the applications' own columns are keys: the call's
year and fund and the fund year's year and publication are joined when the sums are read. The
statuses are those of FUNDED_STATUSES (funding) and GRANTED_STATUSES / the paid statuses in money.py
(action fund) at the time of writing: apps/opendata/tests/test_money_totals.py compares the sums with a count
from the applications after every kind of write. SQLite (the `make run` default) has no triggers:
money.py counts from the applications there."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FUNDED = "('approved', 'running', 'reported', 'closed')"  # funding FUNDED_STATUSES
GRANTED = "('approved', 'paid', 'proof_submitted', 'closed')"  # actionfund GRANTED_STATUSES
PAID = "('paid', 'proof_submitted', 'closed')"  # money.PAID_STATUSES

# What the rows of a statement contribute: + for new rows, - for old rows (a transition table
# exists only for its events, so every event has a function of its own).
FUNDING_ROWS = """
    SELECT call_id, field_of_action_id, decided_at, {sign}requested_amount AS granted, {sign}1 AS projects
        FROM {rows} WHERE status IN {funded}"""
ACTION_FUND_ROWS = """
    SELECT fund_year_id, field_of_action_id, {sign}COALESCE(granted_amount, 0) AS granted,
           CASE WHEN status IN {paid} THEN {sign}COALESCE(granted_amount, 0) ELSE 0 END AS paid, {sign}1 AS projects
        FROM {rows} WHERE status IN {granted}"""

FUNDING_FUNCTION = """
CREATE OR REPLACE FUNCTION opendata_funding_total_{event}() RETURNS trigger AS $$
BEGIN
    WITH changes AS ({changes}
    ), delta AS (
        SELECT call_id, EXTRACT(YEAR FROM decided_at AT TIME ZONE '{tz}')::integer AS decided_year,
               field_of_action_id, SUM(granted) AS granted, SUM(projects) AS projects
        FROM changes GROUP BY 1, 2, 3
    )
    INSERT INTO opendata_fundingtotal AS total (call_id, decided_year, field_of_action_id, granted, projects)
    SELECT call_id, decided_year, field_of_action_id, granted, projects FROM delta
        WHERE granted <> 0 OR projects <> 0
        ORDER BY 1, 2, 3
    ON CONFLICT (call_id, decided_year, field_of_action_id) DO UPDATE
        SET granted = total.granted + EXCLUDED.granted, projects = total.projects + EXCLUDED.projects;
    DELETE FROM opendata_fundingtotal WHERE projects = 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER opendata_funding_total_{event} AFTER {event} ON funding_application
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION opendata_funding_total_{event}();
"""

ACTION_FUND_FUNCTION = """
CREATE OR REPLACE FUNCTION opendata_actionfund_total_{event}() RETURNS trigger AS $$
BEGIN
    WITH changes AS ({changes}
    ), delta AS (
        SELECT fund_year_id, field_of_action_id, SUM(granted) AS granted, SUM(paid) AS paid,
               SUM(projects) AS projects
        FROM changes GROUP BY 1, 2
    )
    INSERT INTO opendata_actionfundtotal AS total (fund_year_id, field_of_action_id, granted, paid, projects)
    SELECT fund_year_id, field_of_action_id, granted, paid, projects FROM delta
        WHERE granted <> 0 OR paid <> 0 OR projects <> 0
        ORDER BY 1, 2
    ON CONFLICT (fund_year_id, field_of_action_id) DO UPDATE
        SET granted = total.granted + EXCLUDED.granted, paid = total.paid + EXCLUDED.paid,
            projects = total.projects + EXCLUDED.projects;
    DELETE FROM opendata_actionfundtotal WHERE projects = 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER opendata_actionfund_total_{event} AFTER {event} ON actionfund_application
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION opendata_actionfund_total_{event}();
"""

TRUNCATE = """
CREATE OR REPLACE FUNCTION opendata_money_truncated() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'funding_application' THEN
        DELETE FROM opendata_fundingtotal;
    ELSE
        DELETE FROM opendata_actionfundtotal;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER opendata_funding_total_truncate AFTER TRUNCATE ON funding_application
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_money_truncated();
CREATE TRIGGER opendata_actionfund_total_truncate AFTER TRUNCATE ON actionfund_application
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_money_truncated();
"""

EVENTS = {
    "insert": ("NEW TABLE AS new_rows", [("", "new_rows")]),
    "update": ("OLD TABLE AS old_rows NEW TABLE AS new_rows", [("", "new_rows"), ("-", "old_rows")]),
    "delete": ("OLD TABLE AS old_rows", [("-", "old_rows")]),
}


def create_sql(tz: str) -> str:
    sql = [TRUNCATE]
    for event, (tables, parts) in EVENTS.items():
        for function, rows in ((FUNDING_FUNCTION, FUNDING_ROWS), (ACTION_FUND_FUNCTION, ACTION_FUND_ROWS)):
            changes = "\n    UNION ALL".join(
                rows.format(sign=sign, rows=name, funded=FUNDED, granted=GRANTED, paid=PAID) for sign, name in parts
            )
            sql.append(function.format(event=event, tables=tables, changes=changes, tz=tz))
    return "".join(sql)


FILL = """
INSERT INTO opendata_fundingtotal (call_id, decided_year, field_of_action_id, granted, projects)
SELECT call_id, EXTRACT(YEAR FROM decided_at AT TIME ZONE '{tz}')::integer, field_of_action_id,
       SUM(requested_amount), COUNT(*)
    FROM funding_application WHERE status IN {funded} GROUP BY 1, 2, 3;
INSERT INTO opendata_actionfundtotal (fund_year_id, field_of_action_id, granted, paid, projects)
SELECT fund_year_id, field_of_action_id, COALESCE(SUM(granted_amount), 0),
       COALESCE(SUM(granted_amount) FILTER (WHERE status IN {paid}), 0), COUNT(*)
    FROM actionfund_application WHERE status IN {granted} GROUP BY 1, 2;
"""

DROP = (
    "".join(
        f"DROP TRIGGER IF EXISTS opendata_{name}_total_{event} ON {table}_application;\n"
        for name, table in (("funding", "funding"), ("actionfund", "actionfund"))
        for event in (*EVENTS, "truncate")
    )
    + "".join(
        f"DROP FUNCTION IF EXISTS opendata_{name}_total_{event}();\n"
        for name in ("funding", "actionfund")
        for event in EVENTS
    )
    + "DROP FUNCTION IF EXISTS opendata_money_truncated();\n"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        tz = settings.TIME_ZONE.replace("'", "")
        schema_editor.execute(DROP)
        schema_editor.execute(create_sql(tz))
        schema_editor.execute("DELETE FROM opendata_fundingtotal; DELETE FROM opendata_actionfundtotal;")
        schema_editor.execute(FILL.format(tz=tz, funded=FUNDED, granted=GRANTED, paid=PAID))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("actionfund", "0009_status_history_core"),
        ("actionplan", "0011_status_history_core"),
        ("funding", "0013_office_entry"),
        ("opendata", "0001_tombstones"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionFundTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("granted", models.DecimalField(decimal_places=2, max_digits=16)),
                ("paid", models.DecimalField(decimal_places=2, max_digits=16)),
                ("projects", models.IntegerField()),
                (
                    "field_of_action",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actionplan.fieldofaction",
                    ),
                ),
                (
                    "fund_year",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actionfund.fundyear",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("fund_year", "field_of_action"),
                        name="opendata_actionfundtotal_key",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="FundingTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("decided_year", models.IntegerField(null=True)),
                ("granted", models.DecimalField(decimal_places=2, max_digits=16)),
                ("projects", models.IntegerField()),
                (
                    "call",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="funding.call",
                    ),
                ),
                (
                    "field_of_action",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actionplan.fieldofaction",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("call", "decided_year", "field_of_action"),
                        name="opendata_fundingtotal_key",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
