"""Accessibility feedback moves onto the workflow core (apps/core/workflow.py): a history table;
each answered message gets the row of its one change (open → answered) at its ``answered_at``
(who marked it was not recorded)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUSES = [("open", "open"), ("answered", "answered")]


def history_from_stamps(apps, schema_editor):
    Feedback = apps.get_model("pages", "AccessibilityFeedback")
    Change = apps.get_model("pages", "AccessibilityFeedbackStatusChange")
    Change.objects.bulk_create(
        Change(feedback=feedback, from_status="open", to_status="answered", at=feedback.answered_at)
        for feedback in Feedback.objects.filter(status="answered").order_by("pk")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0015_statement_standard_without_german"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessibilityFeedbackStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("from_status", models.CharField(blank=True, choices=STATUSES, max_length=10, verbose_name="from")),
                ("to_status", models.CharField(choices=STATUSES, max_length=10, verbose_name="to")),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "feedback",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_changes",
                        to="pages.accessibilityfeedback",
                        verbose_name="accessibility feedback",
                    ),
                ),
            ],
            options={
                "verbose_name": "status change",
                "verbose_name_plural": "history",
                "ordering": ["at", "pk"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("from_status__in", ["", "open", "answered"]),
                            ("to_status__in", ["open", "answered"]),
                        ),
                        name="pages_a11yfeedbackchange_status_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(history_from_stamps, migrations.RunPython.noop),
    ]
