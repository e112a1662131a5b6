from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.files import DOCUMENT, RandomName, UploadField
from apps.core.workflow import StatusChangeBase, Step, Workflow, role, transition


class FieldOfActionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class FieldOfAction(models.Model):
    """A strategic field of action (Handlungsfeld); every funded project names one."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("short description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive fields are kept for historical records only.")
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f5f8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #1f5f8b."))],
        help_text=_("An accent colour; pages always show the name as well, never the colour alone."),
    )

    objects = FieldOfActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["-is_active", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actionplan:field_detail", kwargs={"slug": self.slug})


class ConceptKind(models.TextChoices):
    IHEK = "ihek", _("Integrated action and development concept (IHEK)")
    ACTION_PLAN = "action_plan", _("Action plan")
    FINAL_PLAN = "final_plan", _("Final plan")


EXIT_PHASE_KINDS = (ConceptKind.ACTION_PLAN, ConceptKind.FINAL_PLAN)


class ConceptStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class ConceptQuerySet(models.QuerySet):
    def adopted(self):
        """Adopted concepts, the latest adoption first: the first one is the current concept."""
        return self.filter(status=ConceptStatus.ADOPTED).order_by("-adopted_on", "-year_from", "-revision", "-pk")

    def current(self):
        """The concept the QM works by now (latest adopted), or None."""
        return self.adopted().first()

    def superseded(self):
        """Adopted concepts that a later adoption replaced (the archive)."""
        current = self.current()
        return self.adopted().exclude(pk=current.pk) if current else self.none()


class Concept(models.Model):
    """The area's concept: an IHEK, or in the consolidation/exit phase an action plan or final plan.

    Drafts are not public. Of the adopted concepts the latest adopted one is current; the
    others are superseded and shown in the archive.
    """

    Kind = ConceptKind
    Status = ConceptStatus

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IHEK)
    title = models.CharField(_("title"), max_length=200)
    revision = models.PositiveSmallIntegerField(
        _("revision (Fortschreibung)"), default=0, help_text=_("0 for the first concept, then 1, 2, ...")
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=300,
        blank=True,
        help_text=_("The bodies that agreed the concept, e.g. the council, the district office and the Senate."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    vision = models.TextField(_("vision (Leitbild)"), blank=True, help_text=_("Markdown."))
    document = UploadField(
        _("full document (PDF)"),
        upload_to=RandomName("concepts"),
        blank=True,
        accept=DOCUMENT,
        max_mb=20,
        help_text=_("Optional. Public: anyone can download the published concept."),
    )
    # Exit phase (action plan / final plan) only.
    neighbourhood_fund = models.TextField(
        _("continuing neighbourhood fund"),
        blank=True,
        help_text=_("Exit phase: the fund that continues after the QM (who runs it, budget, how to apply). Markdown."),
    )
    district_contact = models.TextField(
        _("district contact person"),
        blank=True,
        help_text=_("Exit phase: office, function and public contact details of the district's contact person."),
    )

    objects = ConceptQuerySet.as_manager()

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["-year_from", "-revision"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ConceptKind.values), name="actionplan_concept_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ConceptStatus.values), name="actionplan_concept_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")), name="actionplan_concept_period_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ConceptStatus.ADOPTED)
                | (models.Q(adopted_on__isnull=False) & ~models.Q(adopted_by="")),
                name="actionplan_concept_adopted_has_date_and_bodies",
            ),
            models.UniqueConstraint(fields=["kind", "revision"], name="actionplan_concept_unique_revision"),
        ]
        indexes = [models.Index(fields=["status", "-adopted_on"], name="actionplan_concept_adopted_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_from}–{self.year_to})"

    def get_absolute_url(self) -> str:
        return reverse("actionplan:concept_detail", kwargs={"pk": self.pk})

    @property
    def is_exit_phase(self) -> bool:
        return self.kind in EXIT_PHASE_KINDS

    @property
    def is_adopted(self) -> bool:
        return self.status == ConceptStatus.ADOPTED

    def clean(self):
        super().clean()
        if not self.is_exit_phase and (self.neighbourhood_fund or self.district_contact):
            raise ValidationError(
                _("Only an action plan or final plan names a continuing fund and a district contact.")
            )

    def adopt(self, *, by, adopted_on=None, adopted_by: str = "", comment: str = "") -> None:
        """Draft -> adopted: needs the adoption date and the bodies (the step's guard)."""
        changes = {"adopted_on": adopted_on or self.adopted_on or timezone.localdate()}
        changes["adopted_by"] = adopted_by or self.adopted_by
        transition(self, ConceptStatus.ADOPTED, by=by, comment=comment, changes=changes)

    def withdraw(self, *, by, comment: str = "") -> None:
        """Adopted -> draft (e.g. published by mistake); the adoption date stays for the record."""
        transition(self, ConceptStatus.DRAFT, by=by, comment=comment)


class ConceptStatusChange(StatusChangeBase):
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("concept")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ConceptStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ConceptStatus.choices)

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("concept status change")
        verbose_name_plural = _("concept status changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=ConceptStatus.values, to_status__in=ConceptStatus.values),
                name="actionplan_conceptstatuschange_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.concept}: {self.from_status} → {self.to_status}"


class ConceptEntry(models.Model):
    """An ordered statement of a concept (base for the sections)."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+", verbose_name=_("concept"))
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["concept", "order", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"


class Strength(ConceptEntry):
    """A strength of the area (Stärke)."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="strengths", verbose_name=_("concept"))

    class Meta(ConceptEntry.Meta):
        verbose_name = _("strength")
        verbose_name_plural = _("strengths")


class Weakness(ConceptEntry):
    """A weakness of the area (Schwäche)."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="weaknesses", verbose_name=_("concept"))

    class Meta(ConceptEntry.Meta):
        verbose_name = _("weakness")
        verbose_name_plural = _("weaknesses")


class Goal(ConceptEntry):
    """A goal (Ziel) of the concept in one field of action."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="goals", verbose_name=_("concept"))
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.PROTECT, related_name="goals", verbose_name=_("field of action")
    )

    class Meta(ConceptEntry.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["concept", "field_of_action__order", "order", "pk"]


class Need(ConceptEntry):
    """A need (Handlungsbedarf) in one field of action: only needs in the concept can be funded."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="needs", verbose_name=_("concept"))
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.PROTECT, related_name="needs", verbose_name=_("field of action")
    )

    class Meta(ConceptEntry.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["concept", "field_of_action__order", "order", "pk"]


class FocusArea(models.Model):
    """A focus area (Arbeitsschwerpunkt) of the concept, in one field of action or across fields."""

    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("concept")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focus_areas",
        verbose_name=_("field of action"),
        help_text=_("Empty for a focus area across all fields."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["concept", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AnchorPlace(models.Model):
    """Exit phase: a place that carries the work on after the QM (Ankerort), usually an actor
    of the network directory."""

    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="anchor_places", verbose_name=_("concept")
    )
    name = models.CharField(_("name"), max_length=200)
    actor = models.ForeignKey(
        "network.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anchor_places",
        verbose_name=_("directory entry"),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("anchor place")
        verbose_name_plural = _("anchor places")
        ordering = ["concept", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class HandedOverTask(models.Model):
    """Exit phase: a task the QM hands over, and who takes it over."""

    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="handed_over_tasks", verbose_name=_("concept")
    )
    task = models.CharField(_("task"), max_length=300)
    taken_over_by = models.CharField(_("taken over by"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task handed over")
        verbose_name_plural = _("tasks handed over")
        ordering = ["concept", "order", "pk"]

    def __str__(self) -> str:
        return self.task


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class Measure(models.Model):
    """A measure (Maßnahme) of a concept, in one field of action; projects say which measure they serve."""

    Status = MeasureStatus

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="measures", verbose_name=_("concept"))
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.PROTECT, related_name="measures", verbose_name=_("field of action")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("goal"),
        help_text=_("The goal of this concept the measure serves (save the goals first)."),
    )
    responsible = models.CharField(_("responsible party"), max_length=200, blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    serves_climate = models.BooleanField(
        _("climate protection / adaptation"),
        default=False,
        help_text=_("The measure serves the cross-cutting theme climate protection and climate adaptation."),
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["concept", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MeasureStatus.values), name="actionplan_measure_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(year_from__isnull=True)
                | models.Q(year_to__isnull=True)
                | models.Q(year_to__gte=models.F("year_from")),
                name="actionplan_measure_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        if self.year_from and self.year_to and self.year_from != self.year_to:
            return f"{self.year_from}–{self.year_to}"
        return str(self.year_from or self.year_to or "")

    def clean(self):
        super().clean()
        if self.goal_id and self.concept_id and self.goal.concept_id != self.concept_id:
            raise ValidationError({"goal": _("Choose a goal of the same concept.")})
        if self.goal_id and self.field_of_action_id and self.goal.field_of_action_id != self.field_of_action_id:
            raise ValidationError({"goal": _("Choose a goal in the same field of action.")})

    def change_status(self, to: str, *, by, comment: str = "") -> None:
        """planned -> running -> done (or planned -> done), see ``MEASURE_WORKFLOW``."""
        transition(self, to, by=by, comment=comment)


class MeasureStatusChange(StatusChangeBase):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("measure")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=MeasureStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=MeasureStatus.choices)

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("measure status change")
        verbose_name_plural = _("measure status changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=MeasureStatus.values, to_status__in=MeasureStatus.values),
                name="actionplan_measurestatuschange_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.from_status} → {self.to_status}"


# --- Workflows ----------------------------------------------------------------------------


def _check_adoption(concept: Concept, by, comment: str) -> None:
    if not concept.adopted_by:
        raise ValidationError(_("Name the bodies that adopted the concept."), code="adopted_by_missing")


def _adoption_date(concept: Concept) -> list[str]:
    if concept.adopted_on is None:
        concept.adopted_on = timezone.localdate()
    return ["adopted_on", "adopted_by"]


QM = role(Role.QM_TEAM)

CONCEPT_WORKFLOW = Workflow(
    Concept,
    history=ConceptStatusChange,
    states={
        ConceptStatus.DRAFT: {
            ConceptStatus.ADOPTED: Step(_("Adopt"), by=QM, guard=_check_adoption, effect=_adoption_date, mail=False)
        },
        ConceptStatus.ADOPTED: {
            # e.g. published by mistake; the adoption date stays for the record
            ConceptStatus.DRAFT: Step(_("Withdraw (back to draft)"), by=QM, mail=False)
        },
    },
)

MEASURE_WORKFLOW = Workflow(
    Measure,
    history=MeasureStatusChange,
    states={
        MeasureStatus.PLANNED: {
            MeasureStatus.RUNNING: Step(_("Mark as running"), by=QM, mail=False),
            MeasureStatus.DONE: Step(_("Mark as done"), by=QM, mail=False),
        },
        MeasureStatus.RUNNING: {MeasureStatus.DONE: Step(_("Mark as done"), by=QM, mail=False)},
    },
)
