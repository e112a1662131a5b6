"""Action fund (Aktionsfonds): fund years, applications, jury rounds, votes and proof of use.

Status changes go through ``apps.core.workflow.transition`` following ``WORKFLOW`` (applications)
and ``ROUND_WORKFLOW`` (jury rounds) at the end of this module: row lock, role check, one history
row, the applicant's mail. The writes that touch several rows live in ``services.py``.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.files import DOCUMENT_OR_IMAGE, IMAGES, RandomName, UploadField, private_storage
from apps.core.money import euro
from apps.core.office import OfficeEntry
from apps.core.signing import make_token
from apps.core.workflow import SYSTEM, Actor, Mail, StatusChangeBase, Step, Workflow, owner, role

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
PROOF_DUE_DAYS = 28  # proof of use is due four weeks after the action
# Signed link purposes (settings.SIGNED_LINK_MAX_AGE): the status page (no expiry) and the e-mail
# confirmation (unconfirmed applications are deleted when it runs out).
STATUS_LINK = "actionfund.application.status"
CONFIRM_LINK = "actionfund.application.confirm"


class DecisionRule(models.TextChoices):
    MAJORITY = "majority", _("More than half of the jurors who are not biased vote yes")
    UNANIMITY = "unanimity", _("Unanimous: every juror who is not biased votes yes")


class FundYearQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """This year's published fund year (or None)."""
        return self.published().filter(year=timezone.localdate().year).first()

    def with_budget(self):
        """Annotate ``granted_total`` (money granted and not reclaimed) for overviews."""
        return self.annotate(
            granted_total=Sum("applications__granted_amount", filter=Q(applications__status__in=GRANTED_STATUSES))
        )


class FundYear(models.Model):
    """One year of the action fund with its budget, limits, decision rule and jury."""

    Rule = DecisionRule

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    budget = models.DecimalField(
        _("budget"), max_digits=10, decimal_places=2, default=Decimal("10000.00"), validators=[MinValueValidator(0)]
    )
    max_per_application = models.DecimalField(
        _("maximum per application"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1500.00"),
        validators=[MinValueValidator(0)],
        help_text=_("Including the optional lump-sum expense allowance."),
    )
    allowance_rate = models.DecimalField(
        _("expense allowance rate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.10"),
        help_text=_("Optional lump sum on top of the costs, e.g. 0.10 for 10 %."),
    )
    decision_rule = models.CharField(_("decision rule"), max_length=20, choices=Rule.choices, default=Rule.MAJORITY)
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="jury_years",
        verbose_name=_("jurors"),
        limit_choices_to={"groups__name": "Aktionsfondsjury", "is_staff": False},
        help_text=_("Residents in the action fund jury group; the QM team never votes."),
    )
    intro = models.TextField(
        _("introduction (Markdown)"), blank=True, help_text=_("Shown on the public action fund page.")
    )
    is_published = models.BooleanField(_("published"), default=True)

    objects = FundYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund year")
        verbose_name_plural = _("fund years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="actionfund_fundyear_budget_not_negative"),
            models.CheckConstraint(condition=Q(max_per_application__gt=0), name="actionfund_fundyear_max_positive"),
            models.CheckConstraint(
                condition=Q(allowance_rate__gte=0) & Q(allowance_rate__lte=1), name="actionfund_fundyear_rate_range"
            ),
            models.CheckConstraint(
                condition=Q(decision_rule__in=DecisionRule.values), name="actionfund_fundyear_rule_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Action fund %(year)s") % {"year": self.year})

    def granted_sum(self) -> Decimal:
        """Money granted this year and not reclaimed (one query)."""
        total = self.applications.filter(status__in=GRANTED_STATUSES).aggregate(s=Sum("granted_amount"))["s"]
        return total or ZERO

    def allowance_for(self, costs: Decimal) -> Decimal:
        return (costs * self.allowance_rate).quantize(CENT, rounding=ROUND_HALF_UP)

    def is_juror(self, user) -> bool:
        return bool(user.is_authenticated) and self.jurors.filter(pk=user.pk).exists()


class RoundStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Voting closed")
    DECIDED = "decided", _("Decided")


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds a juror may see: of their fund years, once voting has opened."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(fund_year__jurors=user).exclude(status=RoundStatus.PREPARING)


class Round(models.Model):
    """A jury meeting (Jurysitzung) with the applications put on it."""

    Status = RoundStatus

    fund_year = models.ForeignKey(
        FundYear, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("fund year")
    )
    date = models.DateTimeField(_("date of the jury meeting"))
    submission_deadline = models.DateTimeField(
        _("submission deadline"), help_text=_("Applications received by then can be put on this round.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("jury round")
        verbose_name_plural = _("jury rounds")
        ordering = ["-date"]
        indexes = [
            models.Index(fields=["status", "date"], name="actionfund_round_status_date"),
            # A juror's past rounds, newest first (jury_queries.past_rounds): read in index order up to the page.
            models.Index(fields=["date", "id"], name="actionfund_round_date_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="actionfund_round_status_valid"),
            models.CheckConstraint(
                condition=Q(submission_deadline__lte=models.F("date")), name="actionfund_round_deadline_before_date"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.date)
        return str(_("Jury meeting on %(date)s") % {"date": local.strftime("%d.%m.%Y")})

    def get_absolute_url(self) -> str:
        return reverse("actionfund:jury_round", kwargs={"pk": self.pk})

    def clean(self):
        """A round belongs to its fund year: the jury meets within that calendar year (Berlin time)."""
        super().clean()
        if self.fund_year_id and self.date and timezone.localtime(self.date).year != self.fund_year.year:
            raise ValidationError(
                {
                    "date": _("The jury meeting must take place in the fund year %(year)s.")
                    % {"year": self.fund_year.year}
                }
            )
        if self.date and self.submission_deadline and self.submission_deadline > self.date:
            raise ValidationError(
                {"submission_deadline": _("The submission deadline must be before the jury meeting.")}
            )

    @property
    def is_open(self) -> bool:
        return self.state.open

    @property
    def votes_visible(self) -> bool:
        """Jurors see each other's votes only once voting has closed."""
        return self.state.votes_visible


class ApplicationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
    SUBMITTED = "submitted", _("Submitted")
    FORMAL_CHECK = "formal_check", _("Formal check")
    IN_ROUND = "in_round", _("On a jury round")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    POSTPONED = "postponed", _("Postponed")
    PAID = "paid", _("Paid out")
    PROOF_SUBMITTED = "proof_submitted", _("Proof of use submitted")
    CLOSED = "closed", _("Closed")
    RECLAIMED = "reclaimed", _("Reclaimed")


S = ApplicationStatus
# Money counted against the year's budget.
GRANTED_STATUSES = [S.APPROVED, S.PAID, S.PROOF_SUBMITTED, S.CLOSED]
REALISED_STATUSES = [S.PROOF_SUBMITTED, S.CLOSED]


class Criterion(models.TextChoices):
    """The funding criteria; an application meets at least one (a boolean column each)."""

    NEIGHBOURHOOD = "crit_neighbourhood", _("Benefits the neighbourhood")
    SELF_HELP = "crit_self_help", _("Encourages self-help")
    CONTACT = "crit_contact", _("Brings neighbours into contact")
    CULTURE = "crit_culture", _("Local culture")
    IMAGE = "crit_image", _("Improves the area's image")
    CLIMATE = "crit_climate", _("Climate protection or adaptation")


class NameDisplay(models.TextChoices):
    """How the applicant's name appears with a realised project on the public page (their choice)."""

    NONE = "none", _("Not at all")
    INITIAL = "initial", _("First name and initial of the surname")
    FULL = "full", _("Full name")
    ORGANISATION = "organisation", _("Only the initiative or group")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every application; anyone else only their own (by account)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(user=user)

    def realised(self):
        return self.filter(status__in=REALISED_STATUSES)


class Application(OfficeEntry):
    """An action fund application (Aktionsfondsantrag); the QM team may enter one for a person."""

    Status = ApplicationStatus

    fund_year = models.ForeignKey(
        FundYear, on_delete=models.PROTECT, related_name="applications", verbose_name=_("fund year")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("jury round"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actionfund_applications",
        verbose_name=_("account"),
    )
    field_of_action = models.ForeignKey(
        "actionplan.FieldOfAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actionfund_applications",
        verbose_name=_("field of action"),
    )
    # Applicant
    applicant_name = models.CharField(_("your name"), max_length=120)
    initiative = models.CharField(
        _("initiative or group"), max_length=160, blank=True, help_text=_("If you apply for a group, its name.")
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Required online; the office may enter an application without one."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    # Project
    title = models.CharField(_("project title"), max_length=200)
    description = models.TextField(_("what will happen"))
    target_group = models.TextField(_("who it is for"))
    location = models.CharField(_("where"), max_length=200)
    starts_on = models.DateField(_("action starts on"))
    ends_on = models.DateField(_("action ends on"))
    participation = models.TextField(_("how neighbours take part"))
    contribution = models.TextField(_("what you contribute"), help_text=_("Volunteer work, rooms, materials or money."))
    crit_neighbourhood = models.BooleanField(Criterion.NEIGHBOURHOOD.label, default=False)
    crit_self_help = models.BooleanField(Criterion.SELF_HELP.label, default=False)
    crit_contact = models.BooleanField(Criterion.CONTACT.label, default=False)
    crit_culture = models.BooleanField(Criterion.CULTURE.label, default=False)
    crit_image = models.BooleanField(Criterion.IMAGE.label, default=False)
    crit_climate = models.BooleanField(Criterion.CLIMATE.label, default=False)
    wants_allowance = models.BooleanField(_("lump-sum expense allowance"), default=False)
    costs_total = models.DecimalField(_("costs"), max_digits=10, decimal_places=2, default=ZERO)
    allowance = models.DecimalField(_("expense allowance"), max_digits=10, decimal_places=2, default=ZERO)
    requested_amount = models.DecimalField(_("requested amount"), max_digits=10, decimal_places=2, default=ZERO)
    granted_amount = models.DecimalField(
        _("granted amount"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to grant the requested amount; enter less for a partial grant."),
    )
    consent_privacy = models.BooleanField(_("consent to data processing"), default=False)
    name_display = models.CharField(
        _("name on the public page"),
        max_length=20,
        choices=NameDisplay.choices,
        default=NameDisplay.NONE,
        help_text=_("The applicant's choice; without it the project appears without a name."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    proof_reminder_sent_at = models.DateTimeField(_("proof reminder sent"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("action fund application")
        verbose_name_plural = _("action fund applications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["fund_year", "status"], name="actionfund_app_year_status"),
            models.Index(fields=["status", "-created_at"], name="actionfund_app_status_created"),
            # The public list of realised projects, newest end first: read in index order up to the page.
            models.Index(
                fields=["-ends_on", "-id"],
                condition=Q(status__in=REALISED_STATUSES),
                name="actionfund_app_realised",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="actionfund_app_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="actionfund_app_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(name_display__in=NameDisplay.values), name="actionfund_app_name_display_valid"
            ),
            models.CheckConstraint(
                condition=Q(costs_total__gte=0) & Q(allowance__gte=0), name="actionfund_app_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(requested_amount=models.F("costs_total") + models.F("allowance")),
                name="actionfund_app_requested_is_costs_plus_allowance",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True)
                | (Q(granted_amount__gte=0) & Q(granted_amount__lte=models.F("requested_amount"))),
                name="actionfund_app_granted_within_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=GRANTED_STATUSES) | Q(granted_amount__isnull=False),
                name="actionfund_app_granted_amount_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(crit_neighbourhood=True)
                | Q(crit_self_help=True)
                | Q(crit_contact=True)
                | Q(crit_culture=True)
                | Q(crit_image=True)
                | Q(crit_climate=True),
                name="actionfund_app_at_least_one_criterion",
            ),
            models.CheckConstraint(
                condition=Q(entry_source="online") | Q(consent_recorded_on__isnull=False),
                name="actionfund_app_office_entry_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_name(self) -> str:
        """The name shown with the project on public pages, as the applicant chose; "" for none."""
        choice = self.name_display
        if choice == NameDisplay.FULL:
            return self.applicant_name
        if choice == NameDisplay.ORGANISATION:
            return self.initiative
        if choice == NameDisplay.INITIAL:
            parts = self.applicant_name.split()
            if len(parts) > 1:
                return f"{parts[0]} {parts[-1][:1]}."
            return self.applicant_name
        return ""

    @property
    def criteria_labels(self) -> list[str]:
        return [str(c.label) for c in Criterion if getattr(self, c.value)]

    @property
    def proof_due_on(self):
        return self.ends_on + timedelta(days=PROOF_DUE_DAYS)

    @property
    def status_token(self) -> str:
        return make_token(STATUS_LINK, self.pk)

    def get_status_url(self) -> str:
        return reverse("actionfund:status", kwargs={"token": self.status_token})

    def get_confirm_url(self) -> str:
        return reverse("actionfund:confirm", kwargs={"token": make_token(CONFIRM_LINK, self.pk)})

    @property
    def may_upload_proof(self) -> bool:
        return self.state.paid

    def set_amounts(self, costs_total: Decimal) -> None:
        """Compute the allowance and the requested amount from the cost items' total."""
        self.costs_total = costs_total
        self.allowance = self.fund_year.allowance_for(costs_total) if self.wants_allowance else ZERO
        self.requested_amount = self.costs_total + self.allowance


class ApplicationEvent(StatusChangeBase):
    """History of an application: every status change with who, when and why (the first row,
    from no status, is the application's receipt)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("history entry")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *ApplicationStatus.values])
                & Q(to_status__in=ApplicationStatus.values),
                name="actionfund_applicationevent_status_valid",
            )
        ]


class RoundStatusChange(StatusChangeBase):
    """History of a jury round: opened, closed, decided (who and when)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("jury round")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=RoundStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RoundStatus.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *RoundStatus.values]) & Q(to_status__in=RoundStatus.values),
                name="actionfund_roundstatuschange_status_valid",
            )
        ]


class CostKind(models.TextChoices):
    MATERIAL = "material", _("Materials, rent, food, printing")
    FEE = "fee", _("Fee for others (artists, moderators)")
    OTHER = "other", _("Other")


class CostItem(models.Model):
    """A line of the cost plan. No pay for the applicant; a fee for others needs a reason."""

    Kind = CostKind

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cost_items", verbose_name=_("application")
    )
    description = models.CharField(_("description"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MATERIAL)
    reason = models.CharField(_("reason for the fee"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(CENT)])

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="actionfund_costitem_amount_positive"),
            models.CheckConstraint(condition=Q(kind__in=CostKind.values), name="actionfund_costitem_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=CostKind.FEE) | ~Q(reason=""), name="actionfund_costitem_fee_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Attachment(models.Model):
    """An optional document or photo of an application; private, streamed by a checked view."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    file = UploadField(
        _("file"),
        upload_to=RandomName("actionfund/attachments"),
        storage=private_storage,
        accept=DOCUMENT_OR_IMAGE,
        max_mb=10,
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class VoteChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class VoteSource(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")


class Vote(models.Model):
    """A juror's vote on one application in one round; a recused (biased) juror has no choice.

    A vote is cast online by the juror, or entered from the juror's paper ballot by the QM team
    (``source`` paper, with who entered it and when). Both kinds are rows of this one table, so
    the unique constraint on juror, application and round means a juror never has an online and a
    paper vote on the same application.
    """

    Choice = VoteChoice
    Source = VoteSource

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_votes", verbose_name=_("juror")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="votes", verbose_name=_("application")
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes", verbose_name=_("jury round"))
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices, blank=True)
    recused = models.BooleanField(_("biased (does not vote)"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(_("cast"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("The QM team member who entered the paper ballot."),
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("jury vote")
        verbose_name_plural = _("jury votes")
        ordering = ["round", "application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["juror", "application", "round"], name="actionfund_vote_once_per_round"),
            models.CheckConstraint(
                condition=(Q(recused=True) & Q(choice="")) | (Q(recused=False) & Q(choice__in=VoteChoice.values)),
                name="actionfund_vote_recused_has_no_choice",
            ),
            models.CheckConstraint(condition=Q(source__in=VoteSource.values), name="actionfund_vote_source_valid"),
            models.CheckConstraint(
                condition=(Q(source=VoteSource.ONLINE) & Q(entered_at__isnull=True))
                | (Q(source=VoteSource.PAPER) & Q(entered_at__isnull=False)),
                name="actionfund_vote_paper_has_entry_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.application}: {self.label}"

    @property
    def label(self) -> str:
        if self.recused:
            return str(_("Biased"))
        # VoteChoice(...).label, not get_choice_display(), which translates every choice on each call.
        return str(VoteChoice(self.choice).label) if self.choice in VoteChoice.values else self.choice

    @property
    def is_paper(self) -> bool:
        return self.source == VoteSource.PAPER

    @property
    def source_note(self) -> str:
        """ "on paper, entered by … on …" for paper ballots; empty for online votes."""
        if not self.is_paper:
            return ""
        who = self.entered_by
        by = (who.get_full_name() or who.display_name) if who else ""
        by = by or _("the QM team")
        return str(
            _("on paper, entered by %(by)s on %(date)s")
            % {"by": by, "date": timezone.localtime(self.entered_at).strftime("%d.%m.%Y %H:%M")}
        )


@dataclass(frozen=True)
class Tally:
    """The count of one application's votes and the decision under the fund year's rule."""

    jurors: int
    yes: int
    no: int
    abstain: int
    recused: int
    rule: str
    paper: int = 0  # of the votes above, how many were entered from paper ballots

    @property
    def base(self) -> int:
        """Jurors who are not biased: the base the decision is counted on."""
        return self.jurors - self.recused

    @property
    def not_voted(self) -> int:
        return max(self.base - self.yes - self.no - self.abstain, 0)

    @property
    def approved(self) -> bool:
        if self.base <= 0:
            return False
        if self.rule == DecisionRule.UNANIMITY:
            return self.yes == self.base
        return 2 * self.yes > self.base


class ProofOfUse(models.Model):
    """Verwendungsnachweis: short report, photos and the receipts, due four weeks after the action."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="proof", verbose_name=_("application")
    )
    report = models.TextField(_("short report"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def receipts_total(self) -> Decimal:
        return sum((r.amount for r in self.receipts.all()), ZERO)


class Receipt(models.Model):
    """A line of the receipt list with the receipt itself (PDF or JPEG, private)."""

    proof = models.ForeignKey(ProofOfUse, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("proof"))
    description = models.CharField(_("description"), max_length=200)
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(CENT)])
    file = UploadField(
        _("receipt (PDF or picture)"),
        upload_to=RandomName("actionfund/receipts"),
        storage=private_storage,
        accept=DOCUMENT_OR_IMAGE,
        max_mb=10,
        help_text=_("PDF, JPEG, PNG or WebP, at most 10 MB."),
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="actionfund_receipt_amount_positive")]

    def __str__(self) -> str:
        return self.description


class ProjectPhoto(models.Model):
    """A photo of the realised action; public on the action fund page once the proof is in."""

    proof = models.ForeignKey(ProofOfUse, on_delete=models.CASCADE, related_name="photos", verbose_name=_("proof"))
    image = UploadField(
        _("photo"), upload_to=RandomName("actionfund/photos"), storage=private_storage, accept=IMAGES, max_mb=5
    )
    alt_text = models.CharField(
        _("description of the photo"), max_length=200, help_text=_("What can be seen? For people who cannot see it.")
    )
    consent_publish = models.BooleanField(
        _("may be published"),
        default=False,
        help_text=_("The people who can be recognised on the photo agree that it is shown on the action fund page."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Released by the QM team for the action fund page; only photos with consent."),
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="actionfund_photo_has_alt"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent_publish=True),
                name="actionfund_photo_published_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def is_public(self) -> bool:
        """Shown to anyone: released by the QM team (with consent) on a realised project of a published year."""
        application = self.proof.application
        return self.is_published and application.status in REALISED_STATUSES and application.fund_year.is_published


# --- Workflows ----------------------------------------------------------------------------


class BudgetExceeded(ValidationError):
    pass


def _check_grant(application: Application, by, comment: str) -> None:
    """Approving locks the fund year row, so concurrent approvals never take the year over its
    budget; the jury may grant less than requested."""
    year = FundYear.objects.select_for_update().get(pk=application.fund_year_id)
    amount = application.requested_amount if application.granted_amount is None else application.granted_amount
    if amount > application.requested_amount or amount <= 0:
        raise ValidationError(_("The granted amount must be above 0 and at most the requested amount."))
    left = year.budget - year.granted_sum()
    if amount > left:
        raise BudgetExceeded(
            _("Approving “%(title)s” (%(amount)s) would exceed the budget: %(left)s left.")
            % {"title": application.title, "amount": euro(amount), "left": euro(left)}
        )


def _grant(application: Application) -> list[str]:
    if application.granted_amount is None:
        application.granted_amount = application.requested_amount
    return ["granted_amount"]


def _no_grant(application: Application) -> list[str]:
    application.granted_amount = None
    return ["granted_amount"]


def _off_the_round(application: Application) -> list[str]:
    application.round = None
    return [*_no_grant(application), "round"]


def _applicant_address(application: Application) -> list[str]:
    return [application.email]


def _status_link(application: Application, change) -> dict:
    from apps.core.links import absolute_url

    return {"status_url": absolute_url(application.get_status_url())}


def _mail(template: str, subject, kind: str | None = "application") -> Mail:
    """A mail to the applicant; status mails are notifications (the applicant's setting decides)."""
    return Mail(f"actionfund/mail/{template}", to=_applicant_address, context=_status_link, subject=subject, kind=kind)


QM = role(Role.QM_TEAM)
APPLICANT = owner("user", label=_("the applicant"))
# The applicant without an account, through the signed link of the confirmation or status page.
SIGNED_LINK = Actor(_("the applicant (signed link)"), SYSTEM.test)
DECISION = _mail("decision", _("Decision on your action fund application"))
REJECT = Step(_("Reject"), by=QM, stamp="decided_at", effect=_no_grant, mail=DECISION)
RECLAIM = Step(_("Reclaim the grant"), by=QM, mail=_mail("reclaimed", _("Your action fund grant is reclaimed")))

WORKFLOW = Workflow(
    Application,
    history=ApplicationEvent,
    groups={"granted": GRANTED_STATUSES, "realised": REALISED_STATUSES},
    states={
        S.UNCONFIRMED: {
            S.SUBMITTED: Step(
                _("Confirm the e-mail address"),
                by=SIGNED_LINK,
                mail=_mail("received", _("Your action fund application has been received"), kind=None),
            ),
        },
        S.SUBMITTED: {S.FORMAL_CHECK: Step(_("Start the formal check"), by=QM, mail=False), S.REJECTED: REJECT},
        S.FORMAL_CHECK: {S.IN_ROUND: Step(_("Put on a jury round"), by=QM, mail=False), S.REJECTED: REJECT},
        S.IN_ROUND: {
            S.APPROVED: Step(_("Approve"), by=QM, stamp="decided_at", guard=_check_grant, effect=_grant, mail=DECISION),
            S.REJECTED: REJECT,
            S.POSTPONED: Step(_("Postpone"), by=QM, stamp="decided_at", effect=_no_grant, mail=DECISION),
            S.FORMAL_CHECK: Step(_("Take off the round"), by=QM, effect=_off_the_round, mail=False),
        },
        S.POSTPONED: {S.IN_ROUND: Step(_("Put on a jury round"), by=QM, mail=False), S.REJECTED: REJECT},
        S.APPROVED: {
            S.PAID: Step(
                _("Mark as paid out"), by=QM, mail=_mail("paid", _("Your action fund grant has been paid out"))
            ),
            S.RECLAIMED: RECLAIM,
        },
        S.PAID: {
            S.PROOF_SUBMITTED: Step(_("Submit the proof of use"), by=(APPLICANT, SIGNED_LINK), mail=False),
            S.RECLAIMED: RECLAIM,
        },
        S.PROOF_SUBMITTED: {S.CLOSED: Step(_("Close"), by=QM, mail=False), S.RECLAIMED: RECLAIM},
    },
)


def _has_applications(round: Round, by, comment: str) -> None:
    if not round.applications.exists():
        raise ValidationError(_("Put at least one application on the round before opening it."))


def _all_decided(round: Round, by, comment: str) -> None:
    if round.applications.filter(status=S.IN_ROUND).exists():
        raise ValidationError(_("Some applications of this round are not decided yet."))


ROUND_WORKFLOW = Workflow(
    Round,
    history=RoundStatusChange,
    groups={"votes_visible": [RoundStatus.CLOSED, RoundStatus.DECIDED]},
    states={
        RoundStatus.PREPARING: {
            RoundStatus.OPEN: Step(
                _("Open the round for voting"), by=QM, stamp="opened_at", guard=_has_applications, mail=False
            )
        },
        RoundStatus.OPEN: {RoundStatus.CLOSED: Step(_("Close voting"), by=QM, stamp="closed_at", mail=False)},
        RoundStatus.CLOSED: {RoundStatus.DECIDED: Step(_("Mark as decided"), by=QM, guard=_all_decided, mail=False)},
    },
)
