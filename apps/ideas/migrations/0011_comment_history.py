"""Comment moderation moves onto the workflow core (apps/core/workflow.py): a history table.

Moderation was audited only in the admin's log (``LogEntry``, apps/core/moderation.py), whose
rows stay. Each moderated comment (published or rejected) gets the history row of its decision
from the latest moderation entry of that log (who, when, the logged text with the reason); the
admin's change-form entries (JSON messages) are not decisions. A comment the QM team wrote is
published from the start: no change of status, no row."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUSES = [("pending", "Awaiting moderation"), ("approved", "Published"), ("rejected", "Rejected")]
CHANGE = 2  # django.contrib.admin.models.CHANGE


def history_from_admin_log(apps, schema_editor):
    Comment = apps.get_model("ideas", "Comment")
    Change = apps.get_model("ideas", "CommentStatusChange")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="ideas", model="comment").first()
    if content_type is None:
        return
    entries = (
        LogEntry.objects.filter(content_type=content_type, action_flag=CHANGE)
        .exclude(change_message__startswith="[")
        .order_by("action_time", "pk")
    )
    latest = {entry.object_id: entry for entry in entries}
    rows = []
    for comment in Comment.objects.exclude(status="pending").order_by("pk"):
        entry = latest.get(str(comment.pk))
        if entry is not None:
            rows.append(Change(idea_comment=comment, from_status="pending", to_status=comment.status,
                               by_id=entry.user_id, at=entry.action_time, comment=entry.change_message))  # fmt: skip
    Change.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0010_status_history_core"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CommentStatusChange",
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
                    "idea_comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_changes",
                        to="ideas.comment",
                        verbose_name="comment",
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
                            ("from_status__in", ["", "pending", "approved", "rejected"]),
                            ("to_status__in", ["pending", "approved", "rejected"]),
                        ),
                        name="ideas_commentstatuschange_status_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(history_from_admin_log, migrations.RunPython.noop),
    ]
