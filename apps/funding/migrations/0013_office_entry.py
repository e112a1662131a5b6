"""Funding applications the office enters for a provider without an account (issue #19): the
fields of apps/core/office.py, the owner optional, and constraints that an application has either
an owner or an office entry with the recorded consent.

The immutability trigger of submitted applications (0006, 0009) lets the two office-entry user
columns be emptied (``SET NULL`` when the QM team member's account is deleted), like the contact
details, and nothing else."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

previous = importlib.import_module("apps.funding.migrations.0009_erasable_contact_details_with_rank")

USER_COLUMNS = "'entered_by_id', 'consent_recorded_by_id'"

WITH_OFFICE_ENTRY = """
CREATE OR REPLACE FUNCTION funding_application_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status NOT IN ('draft', 'changes_requested') THEN
        IF (to_jsonb(NEW) - ARRAY[{ignored}]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{ignored}])
           OR (NEW.contact_person <> OLD.contact_person AND NEW.contact_person <> '')
           OR (NEW.email <> OLD.email AND NEW.email <> '')
           OR (NEW.phone <> OLD.phone AND NEW.phone <> '')
           OR (NEW.address <> OLD.address AND NEW.address <> '')
           OR (NEW.entered_by_id IS DISTINCT FROM OLD.entered_by_id AND NEW.entered_by_id IS NOT NULL)
           OR (NEW.consent_recorded_by_id IS DISTINCT FROM OLD.consent_recorded_by_id
               AND NEW.consent_recorded_by_id IS NOT NULL) THEN
            RAISE EXCEPTION 'funding application % is submitted and can only change through the workflow', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def office_users_erasable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        ignored = f"{previous.WORKFLOW_COLUMNS}, {previous.CONTACT_COLUMNS}, {USER_COLUMNS}"
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(WITH_OFFICE_ENTRY.replace("{ignored}", ignored))


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0012_money_rule_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="consent_recorded_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="consent recorded by",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="consent_recorded_on",
            field=models.DateField(
                blank=True,
                help_text="For entries made by the office: the day the person agreed (in person, by phone or in writing).",
                null=True,
                verbose_name="consent to the data processing given on",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="entered by",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="entry_source",
            field=models.CharField(
                choices=[
                    ("online", "Online form"),
                    ("office", "Visit to the office"),
                    ("phone", "Phone"),
                    ("letter", "Letter"),
                ],
                default="online",
                max_length=10,
                verbose_name="entered from",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="The provider's account; empty for an application the office enters for a provider without one.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="funding_applications",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(("entry_source__in", ["online", "office", "phone", "letter"])),
                name="funding_app_entry_source_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(("entry_source", "online"), ("consent_recorded_on__isnull", False), _connector="OR"),
                name="funding_app_office_entry_has_consent",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("owner__isnull", False),
                    models.Q(
                        models.Q(("entry_source", "online"), _negated=True), ("consent_recorded_on__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="funding_app_owner_or_office_entry",
                violation_error_message=(
                    "An application without a provider's account must be entered by the office, with the day the "
                    "person agreed to the data processing."
                ),
            ),
        ),
        migrations.RunPython(office_users_erasable, previous.allow_erasure),
    ]
