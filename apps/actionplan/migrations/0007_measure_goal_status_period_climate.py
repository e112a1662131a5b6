import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0006_exit_phase_anchor_places_and_tasks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MeasureStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="changed at")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "from_status",
                    models.CharField(
                        choices=[("planned", "Planned"), ("running", "Running"), ("done", "Done")],
                        max_length=20,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[("planned", "Planned"), ("running", "Running"), ("done", "Done")],
                        max_length=20,
                        verbose_name="to",
                    ),
                ),
            ],
            options={
                "verbose_name": "measure status change",
                "verbose_name_plural": "measure status changes",
                "ordering": ["changed_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="measure",
            name="responsible",
            field=models.CharField(blank=True, max_length=200, verbose_name="responsible party"),
        ),
        migrations.AddField(
            model_name="measure",
            name="serves_climate",
            field=models.BooleanField(
                default=False,
                help_text="The measure serves the cross-cutting theme climate protection and climate adaptation.",
                verbose_name="climate protection / adaptation",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="status",
            field=models.CharField(
                choices=[("planned", "Planned"), ("running", "Running"), ("done", "Done")],
                default="planned",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="year_from",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="from year"),
        ),
        migrations.AddField(
            model_name="measure",
            name="year_to",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="to year"),
        ),
        migrations.AddField(
            model_name="measure",
            name="goal",
            field=models.ForeignKey(
                blank=True,
                help_text="The goal of this concept the measure serves (save the goals first).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="measures",
                to="actionplan.goal",
                verbose_name="goal",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["planned", "running", "done"])),
                name="actionplan_measure_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("year_from__isnull", True),
                    ("year_to__isnull", True),
                    ("year_to__gte", models.F("year_from")),
                    _connector="OR",
                ),
                name="actionplan_measure_period_valid",
            ),
        ),
        migrations.AddField(
            model_name="measurestatuschange",
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
            model_name="measurestatuschange",
            name="measure",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="actionplan.measure",
                verbose_name="measure",
            ),
        ),
    ]
