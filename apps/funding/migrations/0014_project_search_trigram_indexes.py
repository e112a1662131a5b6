"""Trigram indexes for the search of funded projects (PostgreSQL only; SQLite searches without them).

``/projekte/?q=`` filters ``title__icontains`` or ``organisation__icontains``, which Django writes
as ``UPPER("title"::text) LIKE UPPER(%s)``: the expressions must stay identical, otherwise
PostgreSQL can use neither the indexes nor the statistics ANALYZE keeps for their expressions.
Those statistics matter as much as the indexes: without them PostgreSQL guesses that a common word
matches a few rows and joins and sorts every match instead of reading the newest projects in
index order until the page is full.
"""

from django.db import migrations

INDEXES = {
    "funding_app_title_trgm_idx": "title",
    "funding_app_org_trgm_idx": "organisation",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The extension stays when this migration is reversed: the directory's search index
        # (network 0003) needs it too.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in INDEXES.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS {name} ON funding_application USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )
        schema_editor.execute("ANALYZE funding_application")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("funding", "0013_office_entry")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
