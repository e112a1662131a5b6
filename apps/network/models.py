"""The directory of local actors (Akteure, Einrichtungen, Initiativen) and their networks,
and the public's suggestions of new entries and corrections, moderated by the QM team."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.actionplan.models import FieldOfAction
from apps.core.files import IMAGES, RandomName, UploadField
from apps.core.suggestions import SuggestionStatus, SuggestionStatusChangeBase, suggestion_workflow
from apps.core.workflow import role, transition

# Fixed paths under /netzwerk/ that an actor's slug must never take (see urls.py).
RESERVED_SLUGS = frozenset({"netzwerke", "vorschlagen", "export", "suche", "korrektur", "vcard"})

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def validate_actor_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is a fixed address of the directory; please choose another slug."),
            code="reserved_slug",
            params={"slug": value},
        )


def german_slugify(text: str) -> str:
    """A slug that writes German umlauts as ae/oe/ue/ss (“Bücherei” -> “buecherei”)."""
    return slugify(unicodedata.normalize("NFC", text).translate(UMLAUTS))[:110].strip("-") or "eintrag"


class Language(models.Model):
    """A language spoken at an actor's premises (filterable in the directory)."""

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$", _("Use an ISO 639 code such as tr or ar."))],
        help_text=_("ISO 639 language code, e.g. tr for Turkish; used in the filter address."),
    )
    name = models.CharField(_("name (German)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    native_name = models.CharField(_("name in the language itself"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The language's name in the current interface language."""
        return self.name_en if (get_language() or "de").startswith("en") else self.name


class ActorKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    ASSOCIATION = "association", _("Association")
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    YOUTH_CENTRE = "youth_centre", _("Youth centre")
    FAMILY_CENTRE = "family_centre", _("Family centre")
    RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
    LIBRARY = "library", _("Library")
    BUSINESS = "business", _("Business")
    HOUSING_COMPANY = "housing_company", _("Housing company")
    ADMINISTRATION = "administration", _("Administration office")
    OTHER = "other", _("Other")


class StepFree(models.TextChoices):
    YES = "yes", _("Step-free")
    PARTLY = "partly", _("Partly step-free")
    NO = "no", _("Not step-free")
    UNKNOWN = "unknown", _("Not known")


class SearchText(models.Func):
    """The searchable fields of an actor joined into one text (``Actor.search_document`` stores it
    upper-cased)."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()

    def __init__(self):
        super().__init__("name", "description", "street", "contact_person", "opening_hours")


class ActorQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, text: str):
        """Every word of ``text`` occurs in the name, description, address or contact details.

        One LIKE per word on the stored upper-case text of those fields (``search_document``), the
        word upper-cased by the database as well (the case-insensitive ``icontains`` of before,
        without upper-casing every candidate's texts again): on PostgreSQL a trigram index on the
        column (migration 0009) finds the matches."""
        queryset = self
        for word in text.split()[:8]:
            queryset = queryset.filter(search_document__contains=Upper(Value(word)))
        return queryset

    def step_free_at_least(self, level: str):
        """``yes``: step-free only; ``partly``: step-free or partly step-free."""
        if level == StepFree.YES:
            return self.filter(step_free=StepFree.YES)
        if level == StepFree.PARTLY:
            return self.filter(step_free__in=[StepFree.YES, StepFree.PARTLY])
        return self


class Actor(models.Model):
    """A local actor: an initiative, association, school, kindergarten, religious community, ..."""

    Kind = ActorKind
    StepFree = StepFree

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        validators=[validate_actor_slug],
        help_text=_("The entry's address: /netzwerk/&lt;slug&gt;/."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.INITIATIVE)
    description = models.TextField(_("description (Markdown)"), blank=True)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Berlin")
    opening_hours = models.TextField(_("opening hours"), blank=True)
    contact_person = models.CharField(
        _("contact person"),
        max_length=120,
        blank=True,
        help_text=_("Only a name the actor has agreed to publish, e.g. “Frau Yılmaz (Leitung)”."),
    )
    email = models.EmailField(
        _("public e-mail address"), blank=True, help_text=_("An address the organisation publishes itself.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="actors", verbose_name=_("languages spoken"))
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="actors", verbose_name=_("fields of action")
    )
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=StepFree.choices, default=StepFree.UNKNOWN
    )
    accessibility_notes = models.CharField(
        _("notes on accessibility"), max_length=300, blank=True, help_text=_("e.g. lift at the back entrance")
    )
    image = UploadField(
        _("logo or photo"),
        upload_to=RandomName("network"),
        blank=True,
        accept=IMAGES,
        max_mb=5,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = models.CharField(
        _("alternative text"), max_length=200, blank=True, help_text=_("Describe the logo or photo for blind readers.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the directory search reads (ActorQuerySet.search), kept by the database.
    search_document = models.GeneratedField(
        expression=Upper(SearchText()), output_field=models.TextField(), db_persist=True
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["is_published", "name"], name="network_actor_pub_name_idx"),
            models.Index(fields=["kind"], name="network_actor_kind_idx"),
            # The directory filtered by kind and access (published entries: 183 of 5,000 family
            # centres at scale 10 found here instead of by joining every entry of a language).
            models.Index(
                fields=["kind", "step_free"], condition=Q(is_published=True), name="network_actor_pub_kind_idx"
            ),
            models.Index(fields=["step_free"], name="network_actor_step_free_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActorKind.values), name="network_actor_kind_valid"),
            models.CheckConstraint(condition=Q(step_free__in=StepFree.values), name="network_actor_step_free_valid"),
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_SLUGS)), name="network_actor_slug_not_reserved"
            ),
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="network_actor_image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:actor_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.image and not self.image_alt:
            raise ValidationError({"image_alt": _("Please describe the logo or photo.")})

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in [self.street, f"{self.postcode} {self.city}".strip()] if part)

    @classmethod
    def unique_slug(cls, name: str) -> str:
        """A free, non-reserved slug derived from ``name``."""
        base = german_slugify(name)
        taken = set(cls.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug


class NetworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Network(models.Model):
    """A network of local actors, e.g. an education initiative like “Spreekiez macht Schule”."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    coordinator = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_networks",
        verbose_name=_("coordinator"),
        help_text=_("The actor that coordinates the network."),
    )
    coordinator_contact = models.CharField(
        _("coordinator's contact"),
        max_length=200,
        blank=True,
        help_text=_("A published name or role, e.g. “Bildungskoordination, Frau Krüger”."),
    )
    members = models.ManyToManyField(Actor, blank=True, related_name="networks", verbose_name=_("member actors"))
    meeting_rhythm = models.CharField(
        _("meeting rhythm"), max_length=200, blank=True, help_text=_("e.g. every second Tuesday of the month")
    )
    website = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:network_detail", kwargs={"slug": self.slug})


class SuggestionKind(models.TextChoices):
    NEW_ENTRY = "new_entry", _("New entry")
    CORRECTION = "correction", _("Correction")


# The fields of an actor a suggestion proposes (copied onto the actor when approved).
SUGGESTED_FIELDS = (
    "name",
    "kind",
    "description",
    "street",
    "postcode",
    "opening_hours",
    "contact_person",
    "email",
    "phone",
    "website",
    "step_free",
)
SUGGESTED_RELATIONS = ("languages", "fields_of_action")


class SuggestionQuerySet(models.QuerySet):
    def awaiting_moderation(self):
        return self.filter(status=SuggestionStatus.NEW)


class Suggestion(models.Model):
    """A visitor's suggestion: a new directory entry, or a correction of an existing one.

    The suggester's e-mail address is only used to confirm the suggestion and to answer;
    it is never shown publicly. The status changes only through ``change_status`` (the workflow
    ``WORKFLOW`` at the end of this module).
    """

    Kind = SuggestionKind
    Status = SuggestionStatus

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEW_ENTRY)
    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("actor"),
        help_text=_("The entry a correction refers to; for a new entry, the entry created on approval."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)

    # The proposed entry (same meaning as on Actor).
    name = models.CharField(_("name of the organisation or initiative"), max_length=200)
    kind_of_actor = models.CharField(_("kind"), max_length=30, choices=ActorKind.choices, default=ActorKind.INITIATIVE)
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    contact_person = models.CharField(_("contact person (published)"), max_length=120, blank=True)
    email = models.EmailField(_("public e-mail address of the organisation"), blank=True)
    phone = models.CharField(_("public phone number"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="suggestions", verbose_name=_("languages spoken")
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="network_suggestions", verbose_name=_("fields of action")
    )
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=StepFree.choices, default=StepFree.UNKNOWN
    )
    message = models.TextField(_("message to the QM team"), blank=True)
    original = models.JSONField(
        _("entry when the correction was written"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Only the fields the suggester changed are applied on approval."),
    )

    # About the suggester: never shown publicly.
    suggester_name = models.CharField(_("your name"), max_length=120, blank=True)
    suggester_email = models.EmailField(_("your e-mail address"))
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    moderator_comment = models.TextField(
        _("moderator's comment"), blank=True, help_text=_("Sent to the suggester with the decision.")
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="network_suggestion_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SuggestionKind.values), name="network_suggestion_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="network_suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind_of_actor__in=ActorKind.values), name="network_suggestion_actor_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(step_free__in=StepFree.values), name="network_suggestion_step_free_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=SuggestionKind.CORRECTION) | Q(actor__isnull=False),
                name="network_suggestion_correction_has_actor",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | ~Q(status=SuggestionStatus.UNCONFIRMED),
                name="network_suggestion_unconfirmed_has_no_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def proposed_values(self) -> dict:
        """The proposed entry as plain values (relations as sorted id lists), keyed like Actor."""
        values = {field: getattr(self, field) for field in SUGGESTED_FIELDS if field != "kind"}
        values["kind"] = self.kind_of_actor
        for relation in SUGGESTED_RELATIONS:
            values[relation] = sorted(item.pk for item in getattr(self, relation).all())
        return values

    def changes(self) -> dict:
        """For a correction: {field: (value when written, proposed value)} for each changed field."""
        proposed = self.proposed_values()
        return {
            field: (self.original.get(field), value)
            for field, value in proposed.items()
            if field in self.original and self.original[field] != value
        }

    def change_status(self, to: str, *, by=None, comment: str = "") -> None:
        """The only way to change the status (row lock, history row, mail): see ``WORKFLOW``."""
        transition(self, to, by=by, comment=comment or "")


def actor_snapshot(actor: Actor) -> dict:
    """The values of an actor a correction compares against (JSON-serialisable)."""
    values = {field: getattr(actor, field) for field in SUGGESTED_FIELDS}
    for relation in SUGGESTED_RELATIONS:
        values[relation] = sorted(item.pk for item in getattr(actor, relation).all())
    return values


class SuggestionEvent(SuggestionStatusChangeBase):
    """History of a suggestion: who changed its status when, with which comment."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("suggestion")
    )

    class Meta(SuggestionStatusChangeBase.Meta):
        verbose_name = _("history entry")


# The one workflow of suggestions (apps/core/suggestions.py): confirmed by the signed link,
# approved (creates or corrects the actor) or rejected by the QM team.
WORKFLOW = suggestion_workflow(
    Suggestion,
    history=SuggestionEvent,
    moderators=role(Role.QM_TEAM),
    decision_template="network/email/decision",
    created="actor",
)
