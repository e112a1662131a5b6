from django.db import migrations, models

import apps.core.files


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0002_load_fields_of_action")]

    operations = [
        migrations.AddField(
            model_name="concept",
            name="district_contact",
            field=models.TextField(
                blank=True,
                help_text="Exit phase: office, function and public contact details of the district's contact person.",
                verbose_name="district contact person",
            ),
        ),
        migrations.AddField(
            model_name="concept",
            name="document",
            field=models.FileField(
                blank=True,
                help_text="Optional. Public: anyone can download the published concept.",
                upload_to=apps.core.files.RandomName("concepts"),
                validators=[apps.core.files.MaxFileSize(20)],
                verbose_name="full document (PDF)",
            ),
        ),
        migrations.AddField(
            model_name="concept",
            name="neighbourhood_fund",
            field=models.TextField(
                blank=True,
                help_text="Exit phase: the fund that continues after the QM (who runs it, budget, how to apply). Markdown.",
                verbose_name="continuing neighbourhood fund",
            ),
        ),
        migrations.AlterField(
            model_name="concept",
            name="adopted_by",
            field=models.CharField(
                blank=True,
                help_text="The bodies that agreed the concept, e.g. the council, the district office and the Senate.",
                max_length=300,
                verbose_name="adopted by",
            ),
        ),
        migrations.AlterField(
            model_name="concept",
            name="summary",
            field=models.TextField(blank=True, help_text="Markdown.", verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="concept",
            name="vision",
            field=models.TextField(blank=True, help_text="Markdown.", verbose_name="vision (Leitbild)"),
        ),
        migrations.AddIndex(
            model_name="concept",
            index=models.Index(fields=["status", "-adopted_on"], name="actionplan_concept_adopted_idx"),
        ),
        migrations.AddConstraint(
            model_name="concept",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "adopted"), _negated=True),
                    models.Q(("adopted_on__isnull", False), models.Q(("adopted_by", ""), _negated=True)),
                    _connector="OR",
                ),
                name="actionplan_concept_adopted_has_date_and_bodies",
            ),
        ),
        migrations.AddConstraint(
            model_name="concept",
            constraint=models.UniqueConstraint(fields=("kind", "revision"), name="actionplan_concept_unique_revision"),
        ),
    ]
