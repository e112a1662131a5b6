"""A trigram index for the directory search (PostgreSQL only; SQLite searches without it).

The expression must stay identical to ``UPPER(apps.network.models.SearchText())`` as the
``icontains`` lookup writes it, otherwise PostgreSQL cannot use the index.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "network_actor_search_trgm_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_actor USING gin (UPPER(("
    '"network_actor"."name" || \' \' || "network_actor"."description" || \' \' || "network_actor"."street"'
    ' || \' \' || "network_actor"."contact_person" || \' \' || "network_actor"."opening_hours"'
    ")::text) gin_trgm_ops)"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_load_languages")]

    operations = [TrigramExtension(), migrations.RunPython(create_index, drop_index)]
