"""Created/updated timestamps on the council's published objects (needed by the OParl API's
``created``/``modified`` and its ``created_since``/``modified_since`` filters).

Existing rows get a best guess for ``created_at`` (a term from its start, a seat from its first
day, a meeting two weeks before it starts or now if that is later, items and documents from their
meeting) and ``updated_at`` = the time of the migration, so harvesters fetch every object once.
"""

from datetime import datetime, time, timedelta

import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

MODELS = ["term", "membership", "meeting", "agendaitem", "agendadocument"]


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def guess_created(apps, schema_editor):
    now = timezone.now()
    Term = apps.get_model("council", "Term")
    Membership = apps.get_model("council", "Membership")
    Meeting = apps.get_model("council", "Meeting")
    AgendaItem = apps.get_model("council", "AgendaItem")
    AgendaDocument = apps.get_model("council", "AgendaDocument")
    for term in Term.objects.only("starts_on", "election_date"):
        term.created_at = min(_midnight(term.election_date or term.starts_on), now)
        term.save(update_fields=["created_at"])
    for seat in Membership.objects.only("valid_from"):
        seat.created_at = min(_midnight(seat.valid_from), now)
        seat.save(update_fields=["created_at"])
    for meeting in Meeting.objects.only("starts_at"):
        meeting.created_at = min(meeting.starts_at - timedelta(days=14), now)
        meeting.save(update_fields=["created_at"])
    AgendaItem.objects.update(
        created_at=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("created_at")[:1])
    )
    AgendaDocument.objects.update(
        created_at=Subquery(AgendaItem.objects.filter(pk=OuterRef("agenda_item_id")).values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("council", "0003_agenda_item_funding_applications")]

    operations = [
        *[
            operation
            for model in MODELS
            for operation in (
                migrations.AddField(
                    model_name=model,
                    name="created_at",
                    field=models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                ),
                migrations.AddField(
                    model_name=model,
                    name="updated_at",
                    field=models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at"),
                    preserve_default=False,
                ),
            )
        ],
        migrations.RunPython(guess_created, migrations.RunPython.noop),
    ]
