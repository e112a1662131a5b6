"""Event suggestions move onto the workflow core (apps/core/workflow.py): a history table; the rows
it would have held are written from what each suggestion recorded (its confirmation, and its
decision with who took it and the moderator's comment)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("unconfirmed", "E-mail not yet confirmed"),
    ("new", "Awaiting moderation"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


def history_from_stamps(apps, schema_editor):
    EventSuggestion = apps.get_model("events", "EventSuggestion")
    Change = apps.get_model("events", "EventSuggestionStatusChange")
    rows = []
    for suggestion in EventSuggestion.objects.exclude(confirmed_at=None, decided_at=None).order_by("pk"):
        if suggestion.confirmed_at:
            rows.append(Change(suggestion=suggestion, from_status="unconfirmed", to_status="new",
                               at=suggestion.confirmed_at))  # fmt: skip
        if suggestion.decided_at and suggestion.status in ("approved", "rejected"):
            rows.append(
                Change(
                    suggestion=suggestion,
                    from_status="new" if suggestion.confirmed_at else "unconfirmed",
                    to_status=suggestion.status,
                    by_id=suggestion.decided_by_id,
                    at=suggestion.decided_at,
                    comment=suggestion.moderator_comment,
                )
            )
    Change.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EventSuggestionStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("from_status", models.CharField(blank=True, choices=STATUSES, max_length=20, verbose_name="from")),
                ("to_status", models.CharField(choices=STATUSES, max_length=20, verbose_name="to")),
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
                    "suggestion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_changes",
                        to="events.eventsuggestion",
                        verbose_name="event suggestion",
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
                            ("from_status__in", ["", "unconfirmed", "new", "approved", "rejected"]),
                            ("to_status__in", ["unconfirmed", "new", "approved", "rejected"]),
                        ),
                        name="events_suggestionstatuschange_status_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(history_from_stamps, migrations.RunPython.noop),
    ]
