"""A GIN index for the German full-text search (PostgreSQL only; SQLite searches with LIKE).

The expression must stay identical to ``apps.ideas.models.search_vector()``, otherwise
PostgreSQL cannot use the index.
"""

from django.db import migrations

INDEX = "ideas_idea_search_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON ideas_idea USING gin "
    "(to_tsvector('german'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, '')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
