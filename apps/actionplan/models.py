from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ConceptKind(models.TextChoices):
    IHEK = "ihek", _("Integrated action and development concept (IHEK)")
    ACTION_PLAN = "action_plan", _("Action plan")
    FINAL_PLAN = "final_plan", _("Final plan")


class ConceptStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class Concept(models.Model):
    """The area's concept: an IHEK, or in the consolidation/exit phase an action plan or final plan."""

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
    adopted_by = models.CharField(_("adopted by"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    vision = models.TextField(_("vision (Leitbild)"), blank=True)

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
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_from}–{self.year_to})"


class Measure(models.Model):
    """A measure (Maßnahme) of a concept, in one field of action; projects say which measure they serve."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="measures", verbose_name=_("concept"))
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.PROTECT, related_name="measures", verbose_name=_("field of action")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["concept", "order", "pk"]

    def __str__(self) -> str:
        return self.title
