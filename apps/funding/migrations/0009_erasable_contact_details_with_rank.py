"""0008 rebuilt the immutability trigger with the council's ranking as a workflow column but
dropped 0006's exception for erasing contact details; this puts both together: outside the
workflow columns (ranking included) a submitted application only lets its contact details be
emptied when the person deletes their account (apps/funding/privacy.py)."""

from django.db import migrations

WORKFLOW_COLUMNS = "'status', 'submitted_at', 'council_presented_at', 'decided_at', 'updated_at', 'council_rank'"
CONTACT_COLUMNS = "'contact_person', 'email', 'phone', 'address'"

WITH_ERASURE = """
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

WITHOUT_ERASURE = """
CREATE OR REPLACE FUNCTION funding_application_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status NOT IN ('draft', 'changes_requested')
       AND (to_jsonb(NEW) - ARRAY[{columns}]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{columns}]) THEN
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
            cursor.execute(WITH_ERASURE.replace("{ignored}", f"{WORKFLOW_COLUMNS}, {CONTACT_COLUMNS}"))


def as_in_0008(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(WITHOUT_ERASURE.replace("{columns}", WORKFLOW_COLUMNS))


class Migration(migrations.Migration):
    dependencies = [("funding", "0008_grant_notice_payments_proofs")]

    operations = [migrations.RunPython(allow_erasure, as_in_0008)]
