"""The directory search reads a stored upper-case text of the searchable fields (a generated column,
kept by the database on both PostgreSQL and SQLite) instead of upper-casing every candidate's texts
on each search. On PostgreSQL the trigram index moves from the expression (0003) to the column."""

import django.db.models.functions.text
from django.db import migrations, models

import apps.network.models

OLD_INDEX = "network_actor_search_trgm_idx"
NEW_INDEX = "network_actor_search_document_trgm_idx"
OLD_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON network_actor USING gin (UPPER(("
    '"network_actor"."name" || \' \' || "network_actor"."description" || \' \' || "network_actor"."street"'
    ' || \' \' || "network_actor"."contact_person" || \' \' || "network_actor"."opening_hours"'
    ")::text) gin_trgm_ops)"
)
NEW_CREATE = f'CREATE INDEX IF NOT EXISTS {NEW_INDEX} ON network_actor USING gin ("search_document" gin_trgm_ops)'


def to_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(NEW_CREATE)


def to_expression(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEW_INDEX}")
        schema_editor.execute(OLD_CREATE)


class Migration(migrations.Migration):
    dependencies = [("network", "0008_suggestion_history_base")]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper(apps.network.models.SearchText()),
                output_field=models.TextField(),
            ),
        ),
        # The index after the column (reversed: the expression's index back before the column goes).
        migrations.RunPython(to_column, to_expression),
    ]
