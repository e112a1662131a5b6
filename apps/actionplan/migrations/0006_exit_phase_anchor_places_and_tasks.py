import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0005_concept_sections")]

    operations = [
        migrations.CreateModel(
            name="AnchorPlace",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "anchor place",
                "verbose_name_plural": "anchor places",
                "ordering": ["concept", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HandedOverTask",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("task", models.CharField(max_length=300, verbose_name="task")),
                ("taken_over_by", models.CharField(blank=True, max_length=200, verbose_name="taken over by")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "task handed over",
                "verbose_name_plural": "tasks handed over",
                "ordering": ["concept", "order", "pk"],
            },
        ),
        migrations.AddField(
            model_name="anchorplace",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="anchor_places",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
        migrations.AddField(
            model_name="handedovertask",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="handed_over_tasks",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
    ]
