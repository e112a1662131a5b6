"""What the open-data API must remember: objects that were published and are gone.

OParl asks that a deleted object stays at its URL as a stub (``deleted: true``, its ``created``
and the time of deletion as ``modified``) so that harvesters learn to drop it. The portal deletes
rows for real (no soft delete), so ``Tombstone`` rows are written when a *published* object is
deleted or stops being public (an agenda item marked confidential, a document marked internal, a
member's consent to be named withdrawn): see ``signals.py``. Objects that were never public leave
no trace, so a stub never reveals that something confidential existed.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TERM = "term", "LegislativeTerm"
    PERSON = "person", "Person"
    MEMBERSHIP = "membership", "Membership"
    MEETING = "meeting", "Meeting"
    LOCATION = "location", "Location"
    AGENDA_ITEM = "agendaitem", "AgendaItem"
    FILE = "file", "File"
    PAPER = "paper", "Paper"
    CONSULTATION = "consultation", "Consultation"


class Tombstone(models.Model):
    """A published OParl object that was deleted or withdrawn from publication."""

    Kind = Kind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created at"))
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("deleted object")
        verbose_name_plural = _("deleted objects")
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="opendata_tombstone_unique_object"),
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="opendata_tombstone_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


# Where the money went (money.py): sums kept by database triggers (migration 0002), so that the
# page reads a few hundred rows instead of adding up every grant. The keys are the application's
# own columns; the year of the call, the fund's kind and whether a fund year is published are
# joined when the sums are read, so no trigger has to follow a change of a call or a fund year.


class FundingTotal(models.Model):
    """Funded project and building fund applications of one call, field of action and decision year."""

    decided_year = models.IntegerField(null=True)  # the year of decided_at in TIME_ZONE; None: not decided
    call = models.ForeignKey(
        "funding.Call", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )
    field_of_action = models.ForeignKey(
        "actionplan.FieldOfAction", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    granted = models.DecimalField(max_digits=16, decimal_places=2)
    projects = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "decided_year", "field_of_action"],
                nulls_distinct=False,
                name="opendata_fundingtotal_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.decided_year} {self.field_of_action_id}: {self.granted} ({self.projects})"


class ActionFundTotal(models.Model):
    """Action fund grants of one fund year and field of action."""

    fund_year = models.ForeignKey(
        "actionfund.FundYear", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )
    field_of_action = models.ForeignKey(
        "actionplan.FieldOfAction", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    granted = models.DecimalField(max_digits=16, decimal_places=2)
    paid = models.DecimalField(max_digits=16, decimal_places=2)
    projects = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fund_year", "field_of_action"], nulls_distinct=False, name="opendata_actionfundtotal_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fund_year_id} {self.field_of_action_id}: {self.granted} ({self.projects})"


# List totals of the OParl API (api.py): kept by database triggers (migration 0003) so that a list
# page does not count every row. Only for the unfiltered lists that grow with the council's work.


class ListTotal(models.Model):
    """The number of public objects of one OParl list (``Kind``): agenda items and papers."""

    kind = models.CharField(max_length=20, primary_key=True)
    total = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind}: {self.total}"


class PublicPaper(models.Model):
    """A funding application that is a public OParl paper (publication.papers()), one row each:
    the triggers compare an application's state with this row to count papers in and out."""

    application = models.OneToOneField(
        "funding.Application", primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.application_id)
