"""The money rules of the grant as database constraints (issue #19): the sum of an application's
payment requests that are not refused never exceeds the granted amount, and the grant never
exceeds the requested amount.

A CHECK constraint sees one row only, so these are PostgreSQL constraint triggers, DEFERRABLE
INITIALLY DEFERRED (checked at commit, when all rows of a transaction are written; the services in
apps/funding/grants.py switch them to IMMEDIATE right after their write, so a refusal surfaces
there and becomes a form error). Each trigger locks the application row before it sums (FOR NO KEY
UPDATE: it does not wait for the key-share locks that the rows' own foreign keys hold, so two
writers cannot deadlock), so two transactions that write at the same moment are checked one after
the other and the second sees the first's rows. SQLite (the `make run` default) has no such triggers: there the services' check
under the row lock stays the only guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION funding_payments_within_grant() RETURNS trigger AS $$
DECLARE
    granted numeric;
    requested numeric;
BEGIN
    -- Serialise with every other writer of this application's payments and grant notice.
    PERFORM 1 FROM funding_application WHERE id = NEW.application_id FOR NO KEY UPDATE;
    SELECT amount INTO granted FROM funding_grantnotice WHERE application_id = NEW.application_id;
    SELECT COALESCE(SUM(amount), 0) INTO requested FROM funding_paymentrequest
        WHERE application_id = NEW.application_id AND status <> 'refused';
    IF requested > COALESCE(granted, 0) THEN
        RAISE EXCEPTION 'payment requests of funding application % (%) exceed the grant (%)',
            NEW.application_id, requested, COALESCE(granted, 0)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_payments_within_grant';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION funding_grant_within_request() RETURNS trigger AS $$
DECLARE
    asked numeric;
    requested numeric;
BEGIN
    SELECT requested_amount INTO asked FROM funding_application WHERE id = NEW.application_id FOR NO KEY UPDATE;
    IF NEW.amount > asked THEN
        RAISE EXCEPTION 'grant of funding application % (%) exceeds the requested amount (%)',
            NEW.application_id, NEW.amount, asked
            USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_grant_within_request';
    END IF;
    SELECT COALESCE(SUM(amount), 0) INTO requested FROM funding_paymentrequest
        WHERE application_id = NEW.application_id AND status <> 'refused';
    IF requested > NEW.amount THEN
        RAISE EXCEPTION 'payment requests of funding application % (%) exceed the grant (%)',
            NEW.application_id, requested, NEW.amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_payments_within_grant';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS funding_payments_within_grant ON funding_paymentrequest;
CREATE CONSTRAINT TRIGGER funding_payments_within_grant
    AFTER INSERT OR UPDATE OF amount, status, application_id ON funding_paymentrequest
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_payments_within_grant();

DROP TRIGGER IF EXISTS funding_grant_within_request ON funding_grantnotice;
CREATE CONSTRAINT TRIGGER funding_grant_within_request
    AFTER INSERT OR UPDATE OF amount, application_id ON funding_grantnotice
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_grant_within_request();
"""

DROP = """
DROP TRIGGER IF EXISTS funding_payments_within_grant ON funding_paymentrequest;
DROP TRIGGER IF EXISTS funding_grant_within_request ON funding_grantnotice;
DROP FUNCTION IF EXISTS funding_payments_within_grant();
DROP FUNCTION IF EXISTS funding_grant_within_request();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("funding", "0011_payment_and_proof_history")]

    operations = [migrations.RunPython(create, drop)]
