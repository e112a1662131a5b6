"""The suggestion history takes the one naming set of apps.core.workflow (from_status/to_status):
renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("network", "0005_files_by_content")]

    operations = [
        migrations.RenameField("suggestionevent", "old_status", "from_status"),
        migrations.RenameField("suggestionevent", "new_status", "to_status"),
    ]
