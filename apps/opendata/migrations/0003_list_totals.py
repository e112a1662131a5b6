"""OParl list totals kept by PostgreSQL triggers (api.py counts no list of agenda items or papers).

``opendata_listtotal`` holds the number of public agenda items (``agendaitem``) and of public papers
(``paper``); ``opendata_publicpaper`` one row per funding application that is a public paper
(presented to the council and on at least one public agenda item: publication.papers()).

- Agenda items: a statement-level trigger adds the public rows it inserted, subtracts those it
  deleted, and counts a change of ``is_confidential`` either way.
- Papers: a write that can change whether an application is a paper (a link between an agenda
  item and an application added, changed or removed; an agenda item's ``is_confidential`` changed
  or the item deleted; an application's ``council_presented_at`` set or cleared, or the application
  inserted or deleted) settles those applications: under transaction-level advisory locks on
  their buckets (application id mod 64, taken in order, so the next statement sees what other
  writers committed and no two writers deadlock on them), it
  recomputes them from the tables, adds or removes their ``opendata_publicpaper`` rows and moves
  the total by the difference.

SQLite (the `make run` default) has no triggers: api.py counts there. Tests:
apps/opendata/tests/test_list_totals.py compares the totals with counts after every kind of write."""

import django.db.models.deletion
from django.db import migrations, models

SQL = """
CREATE OR REPLACE FUNCTION opendata_settle_papers(ids bigint[]) RETURNS void AS $$
DECLARE
    delta bigint;
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- One lock per bucket of 64, not per application: a statement that touches thousands of
    -- applications (a bulk insert, an import) takes at most 64 locks (one per application ran out
    -- of the server's lock table), and writers of different applications rarely wait.
    PERFORM pg_advisory_xact_lock(hashtext('opendata_paper'), bucket)
        FROM (SELECT DISTINCT mod(id, 64)::integer AS bucket FROM unnest(ids) AS id ORDER BY bucket) AS target;
    WITH target AS (
        SELECT DISTINCT id FROM unnest(ids) AS id
    ), papers AS (
        SELECT target.id FROM target JOIN funding_application a ON a.id = target.id
        WHERE a.council_presented_at IS NOT NULL AND EXISTS (
            SELECT 1 FROM council_agendaitem_funding_applications link
            JOIN council_agendaitem item ON item.id = link.agendaitem_id
            WHERE link.application_id = target.id AND NOT item.is_confidential
        )
    ), gone AS (
        DELETE FROM opendata_publicpaper paper USING target
        WHERE paper.application_id = target.id AND target.id NOT IN (SELECT id FROM papers)
        RETURNING 1
    ), came AS (
        INSERT INTO opendata_publicpaper (application_id) SELECT id FROM papers
        ON CONFLICT DO NOTHING RETURNING 1
    )
    SELECT (SELECT count(*) FROM came) - (SELECT count(*) FROM gone) INTO delta;
    PERFORM opendata_add_total('paper', delta);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_add_total(list text, delta bigint) RETURNS void AS $$
BEGIN
    IF delta <> 0 THEN
        INSERT INTO opendata_listtotal AS t (kind, total) VALUES (list, delta)
        ON CONFLICT (kind) DO UPDATE SET total = t.total + EXCLUDED.total;
    END IF;
END;
$$ LANGUAGE plpgsql;

-- Agenda items
CREATE OR REPLACE FUNCTION opendata_items_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_add_total('agendaitem', (SELECT count(*) FROM new_rows WHERE NOT is_confidential));
    PERFORM opendata_settle_papers(ARRAY(
        SELECT link.application_id FROM council_agendaitem_funding_applications link
        JOIN new_rows ON new_rows.id = link.agendaitem_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_items_updated() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_add_total('agendaitem', (SELECT count(*) FROM new_rows WHERE NOT is_confidential)
                                             - (SELECT count(*) FROM old_rows WHERE NOT is_confidential));
    PERFORM opendata_settle_papers(ARRAY(
        SELECT link.application_id FROM council_agendaitem_funding_applications link
        JOIN new_rows ON new_rows.id = link.agendaitem_id
        JOIN old_rows ON old_rows.id = new_rows.id
        WHERE new_rows.is_confidential <> old_rows.is_confidential));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_items_deleted() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_add_total('agendaitem', -(SELECT count(*) FROM old_rows WHERE NOT is_confidential));
    PERFORM opendata_settle_papers(ARRAY(
        SELECT link.application_id FROM council_agendaitem_funding_applications link
        JOIN old_rows ON old_rows.id = link.agendaitem_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Links between agenda items and funding applications (OParl consultations)
CREATE OR REPLACE FUNCTION opendata_links_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_settle_papers(ARRAY(SELECT application_id FROM new_rows));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_links_updated() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_settle_papers(ARRAY(SELECT application_id FROM new_rows
                                         UNION SELECT application_id FROM old_rows));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_links_deleted() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_settle_papers(ARRAY(SELECT application_id FROM old_rows));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Funding applications: presented to the council or not; inserted or deleted
CREATE OR REPLACE FUNCTION opendata_papers_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_settle_papers(ARRAY(SELECT id FROM new_rows WHERE council_presented_at IS NOT NULL));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_papers_updated() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_settle_papers(ARRAY(
        SELECT new_rows.id FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id
        WHERE (new_rows.council_presented_at IS NULL) <> (old_rows.council_presented_at IS NULL)));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_papers_deleted() RETURNS trigger AS $$
BEGIN
    PERFORM opendata_settle_papers(ARRAY(
        SELECT application_id FROM opendata_publicpaper JOIN old_rows ON old_rows.id = application_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_lists_truncated() RETURNS trigger AS $$
BEGIN
    DELETE FROM opendata_listtotal;
    DELETE FROM opendata_publicpaper;
    PERFORM opendata_fill_lists();
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION opendata_fill_lists() RETURNS void AS $$
BEGIN
    DELETE FROM opendata_listtotal;
    DELETE FROM opendata_publicpaper;
    INSERT INTO opendata_publicpaper (application_id)
        SELECT a.id FROM funding_application a
        WHERE a.council_presented_at IS NOT NULL AND EXISTS (
            SELECT 1 FROM council_agendaitem_funding_applications link
            JOIN council_agendaitem item ON item.id = link.agendaitem_id
            WHERE link.application_id = a.id AND NOT item.is_confidential
        );
    INSERT INTO opendata_listtotal (kind, total) VALUES
        ('agendaitem', (SELECT count(*) FROM council_agendaitem WHERE NOT is_confidential)),
        ('paper', (SELECT count(*) FROM opendata_publicpaper));
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = [
    # (table, event, function)
    ("council_agendaitem", "INSERT", "opendata_items_inserted"),
    ("council_agendaitem", "UPDATE", "opendata_items_updated"),
    ("council_agendaitem", "DELETE", "opendata_items_deleted"),
    ("council_agendaitem_funding_applications", "INSERT", "opendata_links_inserted"),
    ("council_agendaitem_funding_applications", "UPDATE", "opendata_links_updated"),
    ("council_agendaitem_funding_applications", "DELETE", "opendata_links_deleted"),
    ("funding_application", "INSERT", "opendata_papers_inserted"),
    ("funding_application", "UPDATE", "opendata_papers_updated"),
    ("funding_application", "DELETE", "opendata_papers_deleted"),
]
TABLES = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
          "DELETE": "OLD TABLE AS old_rows"}  # fmt: skip
TRUNCATED = ["council_agendaitem", "council_agendaitem_funding_applications", "funding_application"]
FUNCTIONS = [function for _table, _event, function in TRIGGERS] + [
    "opendata_lists_truncated", "opendata_fill_lists", "opendata_add_total"]  # fmt: skip


def _drop() -> str:
    return "".join(
        [f"DROP TRIGGER IF EXISTS {function} ON {table};\n" for table, _event, function in TRIGGERS]
        + [f"DROP TRIGGER IF EXISTS opendata_lists_truncated ON {table};\n" for table in TRUNCATED]
        + [f"DROP FUNCTION IF EXISTS {function}();\n" for function in FUNCTIONS[:-1]]
        + ["DROP FUNCTION IF EXISTS opendata_add_total(text, bigint);\n",
           "DROP FUNCTION IF EXISTS opendata_settle_papers(bigint[]);\n"]
    )  # fmt: skip


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_drop())
    schema_editor.execute(SQL)
    for table, event, function in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {TABLES[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )
    for table in TRUNCATED:
        schema_editor.execute(
            f"CREATE TRIGGER opendata_lists_truncated AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION opendata_lists_truncated();"
        )
    schema_editor.execute("SELECT opendata_fill_lists();")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_drop())


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0013_office_entry"),
        ("opendata", "0002_money_totals"),
        ("council", "0010_status_history_core"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListTotal",
            fields=[
                ("kind", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("total", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="PublicPaper",
            fields=[
                (
                    "application",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="funding.application",
                    ),
                ),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
