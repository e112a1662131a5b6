"""The idea history takes the one naming set of apps.core.workflow (by/at/comment; the public
answer is the comment): renamed, rows kept. The index on (idea, changed_at) is rebuilt on the
renamed column so the migration also runs backwards."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ideas", "0008_office_entry")]

    operations = [
        migrations.RemoveIndex("statuschange", "ideas_history_idea_idx"),
        migrations.RenameField("statuschange", "changed_at", "at"),
        migrations.RenameField("statuschange", "changed_by", "by"),
        migrations.RenameField("statuschange", "answer", "comment"),
        migrations.AddIndex("statuschange", models.Index(fields=["idea", "at"], name="ideas_history_idea_idx")),
    ]
