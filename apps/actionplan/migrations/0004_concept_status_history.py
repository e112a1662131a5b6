import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0003_concept_adoption_document_exit_phase"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ConceptStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="changed at")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "from_status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("adopted", "Adopted")], max_length=20, verbose_name="from"
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("adopted", "Adopted")], max_length=20, verbose_name="to"
                    ),
                ),
            ],
            options={
                "verbose_name": "concept status change",
                "verbose_name_plural": "concept status changes",
                "ordering": ["changed_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="conceptstatuschange",
            name="changed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="changed by",
            ),
        ),
        migrations.AddField(
            model_name="conceptstatuschange",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
    ]
