"""The history of event suggestions takes its fields and check from apps.core.suggestions
(SuggestionStatusChangeBase, shared with the directory): the check is renamed after the table."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_remove_eventsuggestion_decided_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="eventsuggestionstatuschange",
            name="events_suggestionstatuschange_status_valid",
        ),
        migrations.AddConstraint(
            model_name="eventsuggestionstatuschange",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("from_status__in", ["", "unconfirmed", "new", "approved", "rejected"]),
                    ("to_status__in", ["unconfirmed", "new", "approved", "rejected"]),
                ),
                name="events_eventsuggestionstatuschange_status_valid",
            ),
        ),
    ]
