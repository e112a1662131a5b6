"""Totals of the public entries per kind, field of action and status, kept by a trigger on
PostgreSQL (models.PublicTotal): the list's total without a count of every entry."""

from django.db import migrations, models

# The public statuses are models.PUBLIC_STATUSES.
CREATE = """
CREATE FUNCTION ideas_public_total_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.is_hidden AND OLD.status IN ('published', 'in_review', 'taken_up', 'realised', 'not_pursued') THEN
        UPDATE ideas_publictotal SET entries = entries - 1
        WHERE kind = OLD.kind AND field_key = COALESCE(OLD.field_of_action_id, 0) AND status = OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NOT NEW.is_hidden AND NEW.status IN ('published', 'in_review', 'taken_up', 'realised', 'not_pursued') THEN
        INSERT INTO ideas_publictotal (kind, field_key, status, entries)
        VALUES (NEW.kind, COALESCE(NEW.field_of_action_id, 0), NEW.status, 1)
        ON CONFLICT (kind, field_key, status) DO UPDATE SET entries = ideas_publictotal.entries + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ideas_public_total_insert_delete AFTER INSERT OR DELETE ON ideas_idea
    FOR EACH ROW EXECUTE FUNCTION ideas_public_total_keep();
CREATE TRIGGER ideas_public_total_update AFTER UPDATE ON ideas_idea
    FOR EACH ROW WHEN (
        OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.field_of_action_id IS DISTINCT FROM NEW.field_of_action_id
        OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.is_hidden IS DISTINCT FROM NEW.is_hidden
    ) EXECUTE FUNCTION ideas_public_total_keep();
INSERT INTO ideas_publictotal (kind, field_key, status, entries)
    SELECT kind, COALESCE(field_of_action_id, 0), status, COUNT(*) FROM ideas_idea
    WHERE NOT is_hidden AND status IN ('published', 'in_review', 'taken_up', 'realised', 'not_pursued') GROUP BY 1, 2, 3;
"""

DROP = """
DROP TRIGGER IF EXISTS ideas_public_total_update ON ideas_idea;
DROP TRIGGER IF EXISTS ideas_public_total_insert_delete ON ideas_idea;
DROP FUNCTION IF EXISTS ideas_public_total_keep();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0011_comment_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=10)),
                ("field_key", models.IntegerField(default=0, help_text="The field of action's id; 0: none.")),
                ("status", models.CharField(max_length=20)),
                ("entries", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "field_key", "status"), name="ideas_publictotal_unique")
                ],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
