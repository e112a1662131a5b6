"""The directory suggestion history takes its fields and check from apps.core.suggestions
(SuggestionStatusChangeBase, shared with the calendar): the core naming set ("from", "to") and a
first row from no status allowed, like every history table. Rows kept."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_status_history_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="suggestionevent",
            name="network_suggestionevent_status_valid",
        ),
        migrations.AlterField(
            model_name="suggestionevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("unconfirmed", "E-mail not yet confirmed"),
                    ("new", "Awaiting moderation"),
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                ],
                max_length=20,
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="suggestionevent",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("unconfirmed", "E-mail not yet confirmed"),
                    ("new", "Awaiting moderation"),
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                ],
                max_length=20,
                verbose_name="to",
            ),
        ),
        migrations.AddConstraint(
            model_name="suggestionevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("from_status__in", ["", "unconfirmed", "new", "approved", "rejected"]),
                    ("to_status__in", ["unconfirmed", "new", "approved", "rejected"]),
                ),
                name="network_suggestionevent_status_valid",
            ),
        ),
    ]
