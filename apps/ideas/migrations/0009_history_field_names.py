"""The idea history takes the one naming set of apps.core.workflow (by/at/comment; the public
answer is the comment): renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ideas", "0008_office_entry")]

    operations = [
        migrations.RenameField("statuschange", "changed_at", "at"),
        migrations.RenameField("statuschange", "changed_by", "by"),
        migrations.RenameField("statuschange", "answer", "comment"),
    ]
