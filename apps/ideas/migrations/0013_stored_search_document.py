"""The German search document of an idea stored in a generated column with a GIN index on the
public entries (PostgreSQL only; SQLite searches with LIKE): a search no longer computes the
document of every entry it looks at (models.SearchDocument). Replaces the expression index of
migration 0002. The expression must stay identical to ``apps.ideas.models.search_vector()``."""

from django.db import migrations

DOCUMENT = "to_tsvector('german'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, ''))"
CREATE = [
    f"ALTER TABLE ideas_idea ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    # Only public entries are searched (models.PUBLIC_STATUSES): PostgreSQL counts the matches
    # without checking each one's status.
    "CREATE INDEX ideas_public_document_idx ON ideas_idea USING gin (search_document)"
    " WHERE NOT is_hidden AND status IN ('published', 'in_review', 'taken_up', 'realised', 'not_pursued')",
    "DROP INDEX IF EXISTS ideas_idea_search_idx",
]
DROP = [
    f"CREATE INDEX IF NOT EXISTS ideas_idea_search_idx ON ideas_idea USING gin (({DOCUMENT}))",
    "ALTER TABLE ideas_idea DROP COLUMN IF EXISTS search_document",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0012_public_totals")]

    operations = [migrations.RunPython(create, drop)]
