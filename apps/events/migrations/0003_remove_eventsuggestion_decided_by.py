"""Who decided on a suggestion is in its history now (0002 copied it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("events", "0002_suggestion_history")]

    operations = [migrations.RemoveField(model_name="eventsuggestion", name="decided_by")]
