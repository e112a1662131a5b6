"""Project funding (Projektfonds, Baufonds): funds, calls for proposals, applications, grant
notices, payment requests and proofs of use.

Status changes go through ``apps.core.workflow.transition`` following the three declarations at
the end of this module (``WORKFLOW`` for applications, ``PAYMENT_WORKFLOW``, ``PROOF_WORKFLOW``):
row lock, role check, guard, one history row, the mail. The services in ``services.py`` and
``grants.py`` do the domain work around a step (the grant notice, a payment request) and call it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.files import DOCUMENT, RandomName, UploadField, private_storage
from apps.core.money import euro, percent_text
from apps.core.office import EntrySource, OfficeEntry
from apps.core.signing import make_token
from apps.core.workflow import Actor, Mail, StatusChangeBase, Step, Workflow, owner, role

ZERO = Decimal("0.00")
# The provider's status page without an account (applications the office entered): needed until
# the final proof of use years later, so the link does not expire; it shows only that application.
STATUS_LINK = "funding.application.status"
MONEY = {"max_digits": 10, "decimal_places": 2}
# Path segments under /foerderung/ that belong to pages, never to a call.
RESERVED_CALL_SLUGS = frozenset({"antraege", "mittel", "quartiersrat", "traeger-werden"})

OLD_LEGAL_NOTICE = (
    "Dieser Projektaufruf ist kein Vergabeverfahren nach § 7 oder § 55 LHO. Ein Rechtsanspruch auf "
    "Förderung besteht nicht. Kosten für die Antragstellung werden nicht erstattet."
)
DEFAULT_LEGAL_NOTICE = (
    "Dieser Projektaufruf ist kein Interessenbekundungsverfahren gemäß § 7 LHO und keine Ausschreibung "
    "im Sinne des § 55 LHO. Ein Rechtsanspruch auf Förderung besteht nicht. Kosten für die Antragstellung "
    "werden nicht erstattet."
)


def validate_call_slug(value: str) -> None:
    if value in RESERVED_CALL_SLUGS:
        raise ValidationError(_("This address is reserved; please choose another slug."), code="reserved_slug")


class FundKind(models.TextChoices):
    PROJECT = "projektfonds", _("Project fund (Projektfonds)")
    BUILDING = "baufonds", _("Building fund (Baufonds)")
    NETWORK = "netzwerkfonds", _("Network fund (Netzwerkfonds, before 2021)")


class Fund(models.Model):
    """A fund with its rules (minimum amount, maximum duration, own share of private providers)."""

    Kind = FundKind

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    minimum_amount = models.DecimalField(_("minimum requested amount"), **MONEY, default=Decimal("5000.00"))
    max_duration_years = models.PositiveSmallIntegerField(
        _("maximum duration (years)"), default=4, validators=[MinValueValidator(1)]
    )
    own_share_percent = models.DecimalField(
        _("own share of private providers (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_legacy = models.BooleanField(
        _("legacy fund"), default=False, help_text=_("Kept for old records only; no new calls.")
    )

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["is_legacy", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FundKind.values), name="funding_fund_kind_valid"),
            models.CheckConstraint(condition=Q(minimum_amount__gte=0), name="funding_fund_minimum_non_negative"),
            models.CheckConstraint(condition=Q(max_duration_years__gte=1), name="funding_fund_duration_positive"),
            models.CheckConstraint(
                condition=Q(own_share_percent__gte=0, own_share_percent__lte=100),
                name="funding_fund_own_share_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def published(self):
        """Public calls; the Baufonds has none (its building projects are entered by the QM team)."""
        return self.filter(is_published=True).exclude(fund__kind=FundKind.BUILDING)

    def open(self, *, now=None):
        return self.published().filter(deadline__gt=now or timezone.now())


class Call(models.Model):
    """A call for proposals (Projektaufruf); providers are only chosen through a published call."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, validators=[validate_call_slug])
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="calls", verbose_name=_("fund"))
    fields_of_action = models.ManyToManyField(
        "actionplan.FieldOfAction", related_name="calls", verbose_name=_("fields of action"), blank=True
    )
    description = models.TextField(_("what is wanted"), help_text=_("Markdown."))
    how_to_apply = models.TextField(_("how to apply"), blank=True, help_text=_("Markdown."))
    budget = models.DecimalField(_("budget available"), **MONEY)
    deadline = models.DateTimeField(_("submission deadline"), help_text=_("Date and time, Berlin time."))
    project_start = models.DateField(_("project period from"))
    project_end = models.DateField(_("project period until"))
    legal_notice = models.TextField(_("legal notice"), default=DEFAULT_LEGAL_NOTICE)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-deadline"]
        indexes = [models.Index(fields=["is_published", "deadline"], name="funding_call_pub_deadline_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="funding_call_budget_non_negative"),
            models.CheckConstraint(
                condition=Q(project_end__gte=F("project_start")),
                name="funding_call_period_valid",
                violation_error_message=_("The project period must not end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_CALL_SLUGS)),
                name="funding_call_slug_not_reserved",
                violation_error_message=_("This address is reserved; please choose another slug."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:call_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.is_published and self.fund_id and self.fund.kind == FundKind.BUILDING:
            raise ValidationError(
                {"is_published": _("The Baufonds has no public call: keep it unpublished and enter the building "
                                   "projects as applications.")}
            )  # fmt: skip

    def is_open(self, *, now=None) -> bool:
        return self.is_published and (now or timezone.now()) < self.deadline


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FORMAL_CHECK = "formal_check", _("Formal check")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    COUNCIL = "council", _("Presented to the council")
    RECOMMENDED = "recommended", _("Recommended by the council")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended by the council")
    SELECTED = "selected", _("Selected by the steering committee")
    NOT_SELECTED = "not_selected", _("Not selected by the steering committee")
    # The value "approved" is kept for the rows recorded before the grant notice was modelled.
    APPROVED = "approved", _("Grant notice issued by the district")
    REJECTED = "rejected", _("Rejected")
    RUNNING = "running", _("Running")
    REPORTED = "reported", _("Final proof of use submitted")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus
EDITABLE_STATUSES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
# Statuses whose requested amount counts against the call's budget.
COMMITTED_STATUSES = frozenset({S.RECOMMENDED, S.SELECTED, S.APPROVED, S.RUNNING, S.REPORTED, S.CLOSED})
# Funded projects, shown publicly on /projekte/.
FUNDED_STATUSES = frozenset({S.APPROVED, S.RUNNING, S.REPORTED, S.CLOSED})
COUNCIL_STATUSES = frozenset({S.COUNCIL, S.RECOMMENDED, S.NOT_RECOMMENDED})
# After the grant notice: payment requests and proofs of use.
GRANTED_STATUSES = frozenset({S.APPROVED, S.RUNNING, S.REPORTED, S.CLOSED})
# Payments are requested once the grant notice is issued, while the project runs.
PAYABLE_STATUSES = frozenset({S.APPROVED, S.RUNNING})
# Before a decision: the applicant may withdraw.
WITHDRAWABLE_STATUSES = frozenset(
    {S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK, S.CHANGES_REQUESTED, S.COUNCIL, S.RECOMMENDED, S.NOT_RECOMMENDED, S.SELECTED}
)


class ProviderKind(models.TextChoices):
    PRIVATE = "private", _("Private provider (association, company, initiative)")
    PUBLIC = "public", _("Public body (school, authority)")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see all, council members those presented to the council, providers their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        condition = Q(owner=user)
        if user.has_role(Role.COUNCIL):
            condition |= Q(council_presented_at__isnull=False)
        return self.filter(condition)

    def owned_by(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def funded(self):
        return self.filter(status__in=sorted(FUNDED_STATUSES))

    def presented_to_council(self):
        return self.filter(council_presented_at__isnull=False)

    def committed(self):
        return self.filter(status__in=COMMITTED_STATUSES)


class Application(OfficeEntry):
    """A project application (Projektantrag): project outline plus cost plan.

    Drafts may be incomplete; ``completeness_errors()`` says what a submission still needs.
    The requested amount is always cost total minus own share and co-funding (database constraint).
    A provider applies with an account (``owner``); for a provider without one, the QM team enters
    the application (``OfficeEntry``: source, who entered it, the recorded consent) and the provider
    follows it by a signed status link sent by letter or e-mail. A database constraint holds one of
    the two.
    """

    Status = ApplicationStatus
    ProviderKind = ProviderKind

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        help_text=_("The provider's account; empty for an application the office enters for a provider without one."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Provider
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    provider_kind = models.CharField(
        _("kind of provider"), max_length=10, choices=ProviderKind.choices, default=ProviderKind.PRIVATE
    )
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True, help_text=_("e.g. e. V., gGmbH"))
    address = models.TextField(_("postal address"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Project
    title = models.CharField(_("project title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    field_of_action = models.ForeignKey(
        "actionplan.FieldOfAction",
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
    )
    measure = models.ForeignKey(
        "actionplan.Measure",
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("action plan measure"),
        null=True,
        blank=True,
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    # Money
    cost_total = models.DecimalField(_("cost plan total"), **MONEY, default=ZERO, editable=False)
    own_share = models.DecimalField(_("own share"), **MONEY, default=ZERO)
    co_funding = models.DecimalField(_("co-funding by others"), **MONEY, default=ZERO)
    requested_amount = models.DecimalField(_("requested amount"), **MONEY, default=ZERO, editable=False)
    # Workflow dates
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    council_presented_at = models.DateTimeField(_("presented to the council at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    council_rank = models.PositiveSmallIntegerField(
        _("council's ranking"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Place in the council's ranking of the call's applications (1 = first)."),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="funding_app_owner_idx"),
            models.Index(fields=["call", "status"], name="funding_app_call_status_idx"),
            models.Index(fields=["status", "-decided_at"], name="funding_app_status_decided_idx"),
            models.Index(fields=["-council_presented_at"], name="funding_app_council_idx"),
            # /projekte/: funded projects, newest decision first, read in index order up to the page.
            models.Index(
                fields=["-decided_at", "-id"],
                condition=Q(status__in=sorted(FUNDED_STATUSES)),
                name="funding_app_funded_idx",
            ),
            # /projekte/?field=: the count of a field's funded projects, searched or not, read from
            # the index alone (PostgreSQL; the search's LIKE is checked on the included columns);
            # the field of action page's count and sum of the field's projects, too.
            models.Index(
                fields=["field_of_action"],
                include=["title", "organisation", "requested_amount"],
                condition=Q(status__in=sorted(FUNDED_STATUSES)),
                name="funding_app_funded_field_cov",
            ),
            # The field of action page's count and sum per measure, from the index alone.
            models.Index(
                fields=["measure"],
                include=["requested_amount"],
                condition=Q(status__in=sorted(FUNDED_STATUSES)),
                name="funding_app_funded_measure_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="funding_app_status_valid"),
            models.CheckConstraint(
                condition=Q(provider_kind__in=ProviderKind.values), name="funding_app_provider_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(cost_total__gte=0, own_share__gte=0, co_funding__gte=0, requested_amount__gte=0),
                name="funding_app_amounts_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(requested_amount=F("cost_total") - F("own_share") - F("co_funding")),
                name="funding_app_requested_is_total_minus_shares",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="funding_app_period_valid",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="funding_app_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(council_rank__isnull=True) | Q(council_rank__gte=1), name="funding_app_rank_positive"
            ),
            models.UniqueConstraint(
                fields=["call", "council_rank"],
                condition=Q(council_rank__isnull=False),
                name="funding_app_one_application_per_rank",
                violation_error_message=_("Another application of this call has this place in the ranking."),
            ),
            models.CheckConstraint(
                condition=Q(entry_source__in=EntrySource.values), name="funding_app_entry_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(entry_source=EntrySource.ONLINE) | Q(consent_recorded_on__isnull=False),
                name="funding_app_office_entry_has_consent",
            ),
            # A provider's account, or an entry the office made with the person's consent.
            models.CheckConstraint(
                condition=Q(owner__isnull=False)
                | (~Q(entry_source=EntrySource.ONLINE) & Q(consent_recorded_on__isnull=False)),
                name="funding_app_owner_or_office_entry",
                violation_error_message=_(
                    "An application without a provider's account must be entered by the office, with the day the "
                    "person agreed to the data processing."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Untitled application"))

    def get_absolute_url(self) -> str:
        return reverse("funding:application_detail", kwargs={"pk": self.pk})

    def get_project_url(self) -> str:
        return reverse("funding:project_detail", kwargs={"pk": self.pk})

    def get_status_url(self) -> str:
        """The provider's status page by signed link (for applications the office entered)."""
        return reverse("funding:status", kwargs={"token": make_token(STATUS_LINK, self.pk)})

    @property
    def is_building_project(self) -> bool:
        return self.call.fund.kind == FundKind.BUILDING

    def granted_amount(self) -> Decimal | None:
        notice = getattr(self, "grant_notice", None)
        return notice.amount if notice else None

    def paid_request_total(self) -> Decimal:
        """Payment requests not refused (requested or paid): what counts against the grant."""
        total = self.payment_requests.exclude(status=PaymentStatus.REFUSED).aggregate(s=models.Sum("amount"))["s"]
        return total or ZERO

    def recalculate(self, cost_total: Decimal | None = None) -> None:
        """Set the cost total (from the saved lines unless given) and the requested amount."""
        if cost_total is None:
            cost_total = self.cost_lines.aggregate(total=models.Sum("amount"))["total"] or ZERO
        self.cost_total = cost_total
        self.requested_amount = cost_total - self.own_share - self.co_funding

    def minimum_own_share(self) -> Decimal:
        if self.provider_kind != ProviderKind.PRIVATE:
            return ZERO
        return (self.cost_total * self.call.fund.own_share_percent / 100).quantize(Decimal("0.01"))

    def completeness_errors(self) -> dict[str, list[str]]:
        """What a submission still needs, by field name (``"__all__"`` for the whole application)."""
        errors: dict[str, list[str]] = {}

        def add(field, message):
            errors.setdefault(field, []).append(str(message))

        required = [
            "organisation", "legal_form", "address", "contact_person", "email", "phone", "title", "summary",
            "goals", "target_groups", "field_of_action", "measure", "location", "start_date", "end_date",
        ]  # fmt: skip
        if self.entered_by_office:  # a provider without e-mail or phone wrote or came to the office
            required = [name for name in required if name not in ("email", "phone")]
        for name in required:
            if getattr(self, self._meta.get_field(name).attname) in (None, ""):
                add(name, _("This field is required for the submission."))
        fund = self.call.fund
        if self.cost_total <= 0:
            add("__all__", _("The cost plan needs at least one line with an amount."))
        if self.own_share < self.minimum_own_share():
            add(
                "own_share",
                _("Private providers bring an own share of at least %(percent)s %% of the costs (%(amount)s).")
                % {"percent": percent_text(fund.own_share_percent), "amount": euro(self.minimum_own_share())},
            )
        if self.requested_amount < fund.minimum_amount:
            add(
                "co_funding" if self.cost_total > 0 else "__all__",
                _("The requested amount must be at least %(amount)s for this fund.")
                % {"amount": euro(fund.minimum_amount)},
            )
        if self.start_date and self.end_date:
            years = self.start_date.year + fund.max_duration_years
            try:
                limit = self.start_date.replace(year=years)
            except ValueError:  # 29 February
                limit = self.start_date.replace(year=years, day=28)
            if self.end_date > limit:
                add(
                    "end_date",
                    _("Projects in this fund run at most %(years)s years.") % {"years": fund.max_duration_years},
                )
        return errors


class CostCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    FEES = "fees", _("Fees")
    MATERIAL = "material", _("Material")
    RENT = "rent", _("Rent")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    OTHER = "other", _("Other")


class CostLine(models.Model):
    """One line of an application's cost plan (Kostenplan)."""

    Category = CostCategory

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cost_lines", verbose_name=_("application")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("cost plan line")
        verbose_name_plural = _("cost plan")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=CostCategory.values), name="funding_costline_category_valid"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_costline_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return self.description


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    FINAL_REPORT = "final_report", _("Final report")


class Attachment(models.Model):
    """A PDF attached to an application, kept in private storage and streamed by a checked view."""

    Kind = AttachmentKind

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    file = UploadField(
        _("file"),
        storage=private_storage,
        upload_to=RandomName("funding/attachments"),
        accept=DOCUMENT,
        max_mb=20,
        help_text=_("PDF, at most 20 MB."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AttachmentKind.values), name="funding_attachment_kind_valid")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:attachment_download", kwargs={"pk": self.pk})


class StatusChange(StatusChangeBase):
    """The history of an application: who changed its status, when, and why (oldest first)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *ApplicationStatus.values])
                & Q(to_status__in=ApplicationStatus.values),
                name="funding_statuschange_status_valid",
            )
        ]


# --- After the council: grant notice, payment requests, proof of use ---------------------------


class GrantNotice(models.Model):
    """The district's grant notice (Zuwendungsbescheid), recorded by the QM team: date, file
    number, amount and the notice itself (PDF, private storage)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant_notice", verbose_name=_("application")
    )
    issued_on = models.DateField(_("date of the notice"))
    file_number = models.CharField(_("file number"), max_length=80, help_text=_("The district's Aktenzeichen."))
    amount = models.DecimalField(_("granted amount"), **MONEY)
    document = UploadField(
        _("grant notice (PDF)"),
        storage=private_storage,
        upload_to=RandomName("funding/grant_notices"),
        accept=DOCUMENT,
        max_mb=20,
        help_text=_("PDF, at most 20 MB."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("grant notice")
        verbose_name_plural = _("grant notices")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_grant_amount_positive")]

    def __str__(self) -> str:
        return f"{self.file_number} ({self.application})"

    def get_absolute_url(self) -> str:
        return reverse("funding:grant_notice_download", kwargs={"pk": self.pk})


class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PAID = "paid", _("Paid out")
    REFUSED = "refused", _("Refused")


class PaymentRequest(models.Model):
    """A payment request (Mittelabruf) against the grant notice. The sum of an application's
    requests that are not refused never exceeds the granted amount: ``grants.payment_request_create``
    checks it with the application row locked, so two requests at once cannot both pass."""

    Status = PaymentStatus

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="payment_requests", verbose_name=_("application")
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    purpose = models.CharField(_("for"), max_length=200, blank=True, help_text=_("e.g. first quarter, fees"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["application", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_payment_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="funding_payment_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=PaymentStatus.PAID) | Q(paid_on__isnull=False), name="funding_payment_paid_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {euro(self.amount)} ({self.get_status_display()})"


class ProofKind(models.TextChoices):
    INTERIM = "interim", _("Interim proof of use")
    FINAL = "final", _("Final proof of use")


class ProofStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, being checked")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Sent back")


class ProofOfUse(models.Model):
    """A proof of use (Verwendungsnachweis): the report (Sachbericht) and the numerical statement
    (zahlenmäßiger Nachweis), uploaded by the provider and checked by the QM team."""

    Kind = ProofKind
    Status = ProofStatus

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="proofs", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_end = models.DateField(_("covers the period until"))
    report = UploadField(
        _("report (Sachbericht)"),
        storage=private_storage,
        upload_to=RandomName("funding/proofs"),
        accept=DOCUMENT,
        max_mb=20,
        help_text=_("PDF, at most 20 MB."),
    )
    statement = UploadField(
        _("numerical statement (zahlenmäßiger Nachweis)"),
        storage=private_storage,
        upload_to=RandomName("funding/proofs"),
        accept=DOCUMENT,
        max_mb=20,
        blank=True,
        help_text=_("PDF, at most 20 MB."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    check_comment = models.TextField(_("result of the check"), blank=True)

    class Meta:
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")
        ordering = ["application", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProofKind.values), name="funding_proof_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ProofStatus.values), name="funding_proof_status_valid"),
            # One proof at a time is being checked.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status=ProofStatus.SUBMITTED),
                name="funding_proof_one_being_checked",
                violation_error_message=_("A proof of use of this project is still being checked."),
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(kind=ProofKind.FINAL, status=ProofStatus.ACCEPTED),
                name="funding_proof_one_final_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.application}"

    def report_url(self) -> str:
        return reverse("funding:proof_download", kwargs={"pk": self.pk, "part": "sachbericht"})

    def statement_url(self) -> str:
        return reverse("funding:proof_download", kwargs={"pk": self.pk, "part": "nachweis"}) if self.statement else ""


class PaymentStatusChange(StatusChangeBase):
    """The history of a payment request: requested, paid out or refused (who, when, why)."""

    payment = models.ForeignKey(
        PaymentRequest, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("payment request")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=PaymentStatus.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *PaymentStatus.values]) & Q(to_status__in=PaymentStatus.values),
                name="funding_paymentstatuschange_status_valid",
            )
        ]


class ProofStatusChange(StatusChangeBase):
    """The history of a proof of use: submitted, accepted or sent back (who, when, why)."""

    proof = models.ForeignKey(
        ProofOfUse, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("proof of use")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ProofStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProofStatus.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *ProofStatus.values]) & Q(to_status__in=ProofStatus.values),
                name="funding_proofstatuschange_status_valid",
            )
        ]


# --- Workflows ----------------------------------------------------------------------------
#
# Who decides: the applicant submits, answers, withdraws and reports; the QM team checks and
# presents to the council; the council votes and ranks (recorded by a council member or the QM
# team); the steering committee (QM, district, Senate department; for the Baufonds the district
# and the Senate department) selects and the district's funding office issues the grant notice
# and pays out: the QM team records those decisions, it does not take them.


def check_budget(application: Application, *, statuses) -> None:
    """Lock the call row, then refuse when the amounts of the call's applications in ``statuses``
    plus this one would exceed the call's budget. The lock serialises concurrent checks."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    others = Application.objects.filter(call=call, status__in=statuses).exclude(pk=application.pk)
    committed = others.aggregate(total=models.Sum("requested_amount"))["total"] or ZERO
    if committed + application.requested_amount > call.budget:
        raise ValidationError(
            _("The call's budget is not enough: %(free)s left, %(asked)s requested.")
            % {"free": euro(call.budget - committed), "asked": euro(application.requested_amount)},
            code="budget_exceeded",
        )


def _complete(application: Application, by, comment: str) -> None:
    errors = application.completeness_errors()
    if errors:
        raise ValidationError(errors)


def _before_deadline_and_complete(application: Application, by, comment: str) -> None:
    """A first submission: before the call's deadline (Berlin time; ``submitted_at`` is the moment
    of the step) and complete. The Baufonds has no public call: its projects are not submitted."""
    if not application.call.is_open(now=application.submitted_at):
        raise ValidationError(_("The deadline of this call has passed."), code="deadline_passed")
    _complete(application, by, comment)


def _building_project(application: Application, by, comment: str) -> None:
    """Only a building project (Baufonds), entered by the QM team, goes from its draft to the
    council; a provider's application is submitted and checked first."""
    if not application.is_building_project:
        raise ValidationError(
            _("An application in status “%(from)s” cannot change to “%(to)s”.")
            % {"from": S.DRAFT.label, "to": S.COUNCIL.label},
            code="invalid_transition",
        )


def _within_committed_budget(application: Application, by, comment: str) -> None:
    check_budget(application, statuses=COMMITTED_STATUSES)


def _grant_notice_recorded(application: Application, by, comment: str) -> None:
    """The district's notice is recorded (``grants.grant_notice_record``), at most the requested
    amount, and the funded applications stay within the call's budget."""
    notice = GrantNotice.objects.filter(application=application).first()
    if notice is None:
        raise ValidationError(_("There is no grant notice for this project yet."), code="no_grant_notice")
    if notice.amount > application.requested_amount:
        raise ValidationError(
            {"amount": _("The grant cannot exceed the requested amount (%(amount)s).")
             % {"amount": euro(application.requested_amount)}}
        )  # fmt: skip
    check_budget(application, statuses=FUNDED_STATUSES)


def _proofs(application: Application, status: str):
    return application.proofs.filter(kind=ProofKind.FINAL, status=status)


def _final_proof_being_checked(application: Application, by, comment: str) -> None:
    if not _proofs(application, ProofStatus.SUBMITTED).exists():
        raise ValidationError(_("The final proof of use has not been submitted yet."), code="no_final_proof")


def _final_proof_accepted(application: Application, by, comment: str) -> None:
    if not _proofs(application, ProofStatus.ACCEPTED).exists():
        raise ValidationError(_("The final proof of use has not been accepted yet."), code="proof_not_accepted")


def _no_final_proof_being_checked(application: Application, by, comment: str) -> None:
    if _proofs(application, ProofStatus.SUBMITTED).exists():
        raise ValidationError(_("A proof of use of this project is still being checked."))


def _applicant_addresses(application: Application) -> list[str]:
    addresses = {application.email} if application.email else set()
    if application.owner_id is not None:
        addresses.add(application.owner.email)
    return sorted(addresses)


def _application_link(application: Application, change) -> dict:
    """The provider's page; for an application the office entered (no account) the signed status page."""
    from apps.core.links import absolute_url, reverse_absolute

    if application.owner_id is None:
        return {"application": application, "link": absolute_url(application.get_status_url())}
    return {"application": application, "link": reverse_absolute("funding:application_detail", pk=application.pk)}


def _steering_label(application: Application, *, selected: bool):
    """The steering committee selects Projektfonds projects; for the Baufonds the district and the
    Senate department decide."""
    if application.is_building_project:
        return (_("Decision of the district and the Senate department: selected") if selected
                else _("Decision of the district and the Senate department: not selected"))  # fmt: skip
    return (_("Selection of the steering committee: selected") if selected
            else _("Selection of the steering committee: not selected"))  # fmt: skip


QM = role(Role.QM_TEAM)
# The applicant's steps: the provider's account, or — for an application the office entered for a
# provider without one (apps/core/office.py) — the QM team acting on the provider's letter, call or visit.
APPLICANT = (
    owner("owner", label=_("the applicant")),
    Actor(
        _("the QM team (for a provider without an account)"),
        lambda application, user: application.owner_id is None and QM.allows(application, user),
    ),
)
# The council votes and ranks; a council member or the QM team records its vote.
COUNCIL_VOTE = role(Role.COUNCIL, Role.QM_TEAM)
# Decisions taken outside the portal, recorded by the QM team.
STEERING = Actor(_("the QM team (recording the steering committee's selection)"), QM.test)
DISTRICT = Actor(_("the QM team (recording the district's decision)"), QM.test)
# Every step tells the applicant (their notification setting decides).
STATUS_MAIL = Mail(
    "funding/email/status_changed", to=_applicant_addresses, context=_application_link, kind="application"
)

WITHDRAW = Step(_("Withdraw application"), by=APPLICANT)
REJECT_AFTER_CHECK = Step(
    _("Rejection (QM team after the formal check, or notice of the district)"), by=QM, stamp="decided_at"
)
REJECT_BY_DISTRICT = Step(
    _("Rejection (QM team after the formal check, or notice of the district)"), by=DISTRICT, stamp="decided_at"
)

WORKFLOW = Workflow(
    Application,
    history=StatusChange,
    mail=STATUS_MAIL,
    groups={
        "editable": EDITABLE_STATUSES,
        "committed": COMMITTED_STATUSES,
        "funded": FUNDED_STATUSES,
        "granted": GRANTED_STATUSES,
        "payable": PAYABLE_STATUSES,
    },
    states={
        S.DRAFT: {
            S.SUBMITTED: Step(
                _("Submit application"), by=APPLICANT, stamp="submitted_at", guard=_before_deadline_and_complete
            ),
            S.COUNCIL: Step(
                _("QM team: present to the council"),
                by=QM,
                stamp=("submitted_at", "council_presented_at"),
                guard=_building_project,
            ),
            S.WITHDRAWN: WITHDRAW,
        },
        S.SUBMITTED: {S.FORMAL_CHECK: Step(_("QM team: start the formal check"), by=QM), S.WITHDRAWN: WITHDRAW},
        S.FORMAL_CHECK: {
            S.CHANGES_REQUESTED: Step(_("QM team: request changes from the applicant"), by=QM, comment_required=True),
            S.COUNCIL: Step(_("QM team: present to the council"), by=QM, stamp="council_presented_at"),
            S.REJECTED: REJECT_AFTER_CHECK,
            S.WITHDRAWN: WITHDRAW,
        },
        S.CHANGES_REQUESTED: {
            S.SUBMITTED: Step(_("Answer and resubmit"), by=APPLICANT, stamp="submitted_at", guard=_complete),
            S.WITHDRAWN: WITHDRAW,
        },
        S.COUNCIL: {
            S.RECOMMENDED: Step(
                _("Vote of the council: recommended (with its place in the ranking)"),
                by=COUNCIL_VOTE,
                guard=_within_committed_budget,
            ),
            S.NOT_RECOMMENDED: Step(_("Vote of the council: not recommended"), by=COUNCIL_VOTE),
            S.WITHDRAWN: WITHDRAW,
        },
        S.RECOMMENDED: {
            S.SELECTED: Step(
                _("Selection of the steering committee: selected"),
                by=STEERING,
                label_for=lambda application: _steering_label(application, selected=True),
            ),
            S.NOT_SELECTED: Step(
                _("Selection of the steering committee: not selected"),
                by=STEERING,
                label_for=lambda application: _steering_label(application, selected=False),
            ),
            S.WITHDRAWN: WITHDRAW,
        },
        S.NOT_RECOMMENDED: {S.WITHDRAWN: WITHDRAW},
        S.SELECTED: {
            S.APPROVED: Step(
                _("Notice of the district: grant notice (Zuwendungsbescheid) issued"),
                by=DISTRICT,
                stamp="decided_at",
                guard=_grant_notice_recorded,
            ),
            S.REJECTED: REJECT_BY_DISTRICT,
            S.WITHDRAWN: WITHDRAW,
        },
        S.APPROVED: {S.RUNNING: Step(_("Project has started (payments can be requested)"), by=QM)},
        S.RUNNING: {
            S.REPORTED: Step(_("Submit a proof of use"), by=APPLICANT, guard=_final_proof_being_checked),
        },
        S.REPORTED: {
            S.CLOSED: Step(
                _("Proof of use checked by the QM team: accepted (the final one closes the project)"),
                by=QM,
                guard=_final_proof_accepted,
            ),
            S.RUNNING: Step(
                _("Proof of use checked by the QM team: sent back (say what is missing)"),
                by=QM,
                comment_required=True,
                guard=_no_final_proof_being_checked,
            ),
        },
    },
)


def _payment_of_a_granted_project(payment: PaymentRequest, by, comment: str) -> None:
    """The application row is locked first (``lock``): its status cannot change meanwhile."""
    if payment.application.status not in GRANTED_STATUSES:
        raise ValidationError(_("There is no grant notice for this project yet."), code="no_grant_notice")


def _paid_today_unless_dated(payment: PaymentRequest) -> list[str]:
    if payment.paid_on is None:
        payment.paid_on = timezone.localdate()
    return ["paid_on"]


def _payment_text(payment: PaymentRequest, change) -> dict:
    from django.utils.formats import date_format

    if change.to_status == PaymentStatus.PAID:
        text = _("Payment of %(amount)s paid out on %(date)s.") % {
            "amount": euro(payment.amount), "date": date_format(payment.paid_on, "SHORT_DATE_FORMAT")}  # fmt: skip
    else:
        text = _("Payment request of %(amount)s refused: %(reason)s") % {
            "amount": euro(payment.amount), "reason": change.comment}  # fmt: skip
    return {**_application_link(payment.application, change), "comment": text}


def _payment_addresses(payment: PaymentRequest) -> list[str]:
    return _applicant_addresses(payment.application)


PAYMENT_WORKFLOW = Workflow(
    PaymentRequest,
    history=PaymentStatusChange,
    lock=("application",),
    mail=Mail("funding/email/status_changed", to=_payment_addresses, context=_payment_text, kind="application"),
    states={
        PaymentStatus.REQUESTED: {
            PaymentStatus.PAID: Step(
                _("Paid out by the district (today)"),
                by=DISTRICT,
                stamp="decided_at",
                guard=_payment_of_a_granted_project,
                effect=_paid_today_unless_dated,
            ),
            PaymentStatus.REFUSED: Step(
                _("Refused by the district"), by=DISTRICT, stamp="decided_at", comment_required=True
            ),
        },
    },
)


def _proof_checkable(proof: ProofOfUse, by, comment: str) -> None:
    """The application row is locked first (``lock``): a final proof is checked while the project
    is "final proof of use submitted", an interim one while it runs."""
    expected = S.REPORTED if proof.kind == ProofKind.FINAL else S.RUNNING
    if proof.application.status != expected:
        raise ValidationError(
            _("The project is “%(status)s”: this proof of use cannot be checked now.")
            % {"status": proof.application.get_status_display()},
            code="proof_not_checkable",
        )


def _proof_text(proof: ProofOfUse, change) -> dict:
    if change.to_status == ProofStatus.ACCEPTED:
        text = _("%(kind)s checked and accepted by the QM team.") % {"kind": proof.get_kind_display()}
    else:
        text = _("%(kind)s sent back by the QM team: %(reason)s") % {
            "kind": proof.get_kind_display(), "reason": change.comment}  # fmt: skip
    return {**_application_link(proof.application, change), "comment": text}


def _proof_addresses(proof: ProofOfUse) -> list[str]:
    return _applicant_addresses(proof.application)


PROOF_WORKFLOW = Workflow(
    ProofOfUse,
    history=ProofStatusChange,
    lock=("application",),
    mail=Mail("funding/email/status_changed", to=_proof_addresses, context=_proof_text, kind="application"),
    states={
        ProofStatus.SUBMITTED: {
            ProofStatus.ACCEPTED: Step(
                _("Proof of use checked by the QM team: accepted (the final one closes the project)"),
                by=QM,
                stamp="checked_at",
                guard=_proof_checkable,
            ),
            ProofStatus.RETURNED: Step(
                _("Proof of use checked by the QM team: sent back (say what is missing)"),
                by=QM,
                stamp="checked_at",
                comment_required=True,
                guard=_proof_checkable,
            ),
        },
    },
)
