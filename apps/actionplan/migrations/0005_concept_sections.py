import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0004_concept_status_history")]

    operations = [
        migrations.CreateModel(
            name="FocusArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "focus area",
                "verbose_name_plural": "focus areas",
                "ordering": ["concept", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Goal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="text")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "goal",
                "verbose_name_plural": "goals",
                "ordering": ["concept", "field_of_action__order", "order", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Need",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="text")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "need",
                "verbose_name_plural": "needs",
                "ordering": ["concept", "field_of_action__order", "order", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Strength",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="text")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "strength",
                "verbose_name_plural": "strengths",
                "ordering": ["concept", "order", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Weakness",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="text")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "weakness",
                "verbose_name_plural": "weaknesses",
                "ordering": ["concept", "order", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="focusarea",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="focus_areas",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
        migrations.AddField(
            model_name="focusarea",
            name="field_of_action",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a focus area across all fields.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="focus_areas",
                to="actionplan.fieldofaction",
                verbose_name="field of action",
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="goals",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="field_of_action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="goals",
                to="actionplan.fieldofaction",
                verbose_name="field of action",
            ),
        ),
        migrations.AddField(
            model_name="need",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="needs",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
        migrations.AddField(
            model_name="need",
            name="field_of_action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="needs",
                to="actionplan.fieldofaction",
                verbose_name="field of action",
            ),
        ),
        migrations.AddField(
            model_name="strength",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="strengths",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
        migrations.AddField(
            model_name="weakness",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="weaknesses",
                to="actionplan.concept",
                verbose_name="concept",
            ),
        ),
    ]
