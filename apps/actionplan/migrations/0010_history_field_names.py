"""The history tables take the one naming set of apps.core.workflow (by/at): renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0009_files_by_content")]

    operations = [
        migrations.RenameField("conceptstatuschange", "changed_at", "at"),
        migrations.RenameField("conceptstatuschange", "changed_by", "by"),
        migrations.RenameField("measurestatuschange", "changed_at", "at"),
        migrations.RenameField("measurestatuschange", "changed_by", "by"),
    ]
