"""Submitted applications are immutable except through the workflow (PostgreSQL triggers).

Once an application has left "draft"/"changes requested", only the workflow columns (status and
its dates) may change, and its cost plan gets no new or changed lines. Other databases (the
SQLite quick start) rely on the application code alone.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION funding_application_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status NOT IN ('draft', 'changes_requested')
       AND (to_jsonb(NEW) - ARRAY['status', 'submitted_at', 'council_presented_at', 'decided_at', 'updated_at']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'submitted_at', 'council_presented_at', 'decided_at', 'updated_at']) THEN
        RAISE EXCEPTION 'funding application % is submitted and can only change through the workflow', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER funding_application_immutable BEFORE UPDATE ON funding_application
    FOR EACH ROW EXECUTE FUNCTION funding_application_immutable();

CREATE FUNCTION funding_costline_immutable() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM funding_application
               WHERE id = NEW.application_id AND status NOT IN ('draft', 'changes_requested')) THEN
        RAISE EXCEPTION 'the cost plan of submitted funding application % cannot change', NEW.application_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER funding_costline_immutable BEFORE INSERT OR UPDATE ON funding_costline
    FOR EACH ROW EXECUTE FUNCTION funding_costline_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS funding_costline_immutable ON funding_costline;
DROP FUNCTION IF EXISTS funding_costline_immutable();
DROP TRIGGER IF EXISTS funding_application_immutable ON funding_application;
DROP FUNCTION IF EXISTS funding_application_immutable();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(CREATE)  # no parameters: the "%" in RAISE is PL/pgSQL's placeholder


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
