"""Submitted applications stay immutable outside the workflow, with one exception: the contact
details (contact person, e-mail, phone, postal address) may be erased — set to empty, never to
anything else — when the person deletes their account (apps/funding/privacy.py): the application
is kept for the retention period without them."""

from django.db import migrations

WORKFLOW_COLUMNS = "'status', 'submitted_at', 'council_presented_at', 'decided_at', 'updated_at'"
CONTACT_COLUMNS = "'contact_person', 'email', 'phone', 'address'"

FUNCTION = """
CREATE OR REPLACE FUNCTION funding_application_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status NOT IN ('draft', 'changes_requested') THEN
        IF (to_jsonb(NEW) - ARRAY[{ignored}]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{ignored}])
           OR (NEW.contact_person <> OLD.contact_person AND NEW.contact_person <> '')
           OR (NEW.email <> OLD.email AND NEW.email <> '')
           OR (NEW.phone <> OLD.phone AND NEW.phone <> '')
           OR (NEW.address <> OLD.address AND NEW.address <> '') THEN
            RAISE EXCEPTION 'funding application % is submitted and can only change through the workflow', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION funding_application_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status NOT IN ('draft', 'changes_requested')
       AND (to_jsonb(NEW) - ARRAY[{workflow}]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{workflow}]) THEN
        RAISE EXCEPTION 'funding application % is submitted and can only change through the workflow', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def allow_erasure(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTION.replace("{ignored}", f"{WORKFLOW_COLUMNS}, {CONTACT_COLUMNS}"))


def forbid_erasure(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PREVIOUS.replace("{workflow}", WORKFLOW_COLUMNS))


class Migration(migrations.Migration):
    dependencies = [("funding", "0005_content_translations")]

    operations = [migrations.RunPython(allow_erasure, forbid_erasure)]
