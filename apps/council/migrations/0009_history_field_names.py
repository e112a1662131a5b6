"""The meeting history takes the one naming set of apps.core.workflow (by/at): renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("council", "0008_decision_vote_method")]

    operations = [
        migrations.RenameField("meetingstatuschange", "changed_at", "at"),
        migrations.RenameField("meetingstatuschange", "changed_by", "by"),
    ]
