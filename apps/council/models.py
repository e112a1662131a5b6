"""The residents' council (Quartiersrat): terms, seats, meetings, agenda, attendance, decisions.

The rules of procedure (quorum, majority, seats, resident share, public mode) are data in
``CouncilSettings`` because every QM area's rules differ. A decision's result is computed
from the attendance and the votes by ``services.decision_record`` and never typed in.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.files import DOCUMENT, IMAGES, RandomName, UploadField, private_storage
from apps.core.workflow import StatusChangeBase, Step, Workflow, role

PDF_HELP = _("PDF, at most 20 MB.")


class QuorumRule(models.TextChoices):
    MORE_THAN_HALF = "more_than_half", _("More than half of the voting members present")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the voting members present")


class MajorityRule(models.TextChoices):
    SIMPLE = "simple", _("Simple majority: more yes than no votes (abstentions do not count, a tie fails)")
    TWO_THIRDS_FUNDING = (
        "two_thirds_funding",
        _("Two thirds of the votes cast for funding decisions, simple majority otherwise"),
    )


class PublicMode(models.TextChoices):
    PUBLIC = "public", _("Public")
    NOT_PUBLIC = "not_public", _("Not public")
    ON_REGISTRATION = "registration", _("Guests on registration")


class CouncilSettings(models.Model):
    """The council's rules of procedure and public intro; a single row, edited in the admin.

    A single row rather than fields on each term: the rules of procedure usually outlive a
    term, and decisions keep a snapshot of the rule they were computed with.
    """

    intro = models.TextField(
        _("introduction (Markdown)"), blank=True, help_text=_("Shown at the top of the public council page.")
    )
    quorum_rule = models.CharField(
        _("quorum"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MORE_THAN_HALF
    )
    majority_rule = models.CharField(
        _("majority"), max_length=20, choices=MajorityRule.choices, default=MajorityRule.SIMPLE
    )
    seats_min = models.PositiveSmallIntegerField(_("minimum number of seats"), default=15)
    seats_max = models.PositiveSmallIntegerField(_("maximum number of seats"), default=25)
    resident_share_percent = models.PositiveSmallIntegerField(
        _("minimum resident share of voting seats (%)"),
        default=51,
        help_text=_("Residents must hold at least this share of the voting seats (51 % = more than half)."),
    )
    public_mode = models.CharField(
        _("meetings by default"), max_length=20, choices=PublicMode.choices, default=PublicMode.PUBLIC
    )

    class Meta:
        verbose_name = _("council settings")
        verbose_name_plural = _("council settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="council_settings_singleton"),
            models.CheckConstraint(
                condition=models.Q(quorum_rule__in=QuorumRule.values), name="council_settings_quorum_rule_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(majority_rule__in=MajorityRule.values), name="council_settings_majority_rule_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(public_mode__in=PublicMode.values), name="council_settings_public_mode_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(seats_max__gte=models.F("seats_min")), name="council_settings_seats_max_gte_min"
            ),
            models.CheckConstraint(
                condition=models.Q(resident_share_percent__gte=1, resident_share_percent__lte=100),
                name="council_settings_resident_share_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Council settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "CouncilSettings":
        """The one settings row, created with the defaults of DOMAIN.md on first use."""
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class TermQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Term(models.Model):
    """A council term (Wahlperiode), usually two years."""

    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. Wahlperiode 2025–2027"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    election_date = models.DateField(_("election date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="council_term_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def seat_problems(self, council_settings: CouncilSettings | None = None, day=None) -> list[str]:
        """What breaks the rules of procedure in the term's active voting seats (empty when fine)."""
        council_settings = council_settings or CouncilSettings.load()
        seats = list(self.memberships.active(day).filter(has_vote=True).values_list("seat_type", flat=True))
        total, residents = len(seats), seats.count(SeatType.RESIDENT)
        problems = []
        if total < council_settings.seats_min or total > council_settings.seats_max:
            problems.append(
                _("The term has %(total)s voting seats; the rules ask for %(min)s to %(max)s.")
                % {"total": total, "min": council_settings.seats_min, "max": council_settings.seats_max}
            )
        if not resident_majority(residents=residents, total=total, percent=council_settings.resident_share_percent):
            problems.append(
                _("Residents hold %(residents)s of %(total)s voting seats; they need at least %(percent)s %%.")
                % {"residents": residents, "total": total, "percent": council_settings.resident_share_percent}
            )
        return problems


def resident_majority(*, residents: int, total: int, percent: int) -> bool:
    """True when residents hold at least ``percent`` % of ``total`` voting seats (and there are seats)."""
    return total > 0 and residents * 100 >= percent * total


class SeatType(models.TextChoices):
    RESIDENT = "resident", _("Resident (elected)")
    ACTOR = "actor", _("Local actor (appointed)")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy")
    SPEAKER = "speaker", _("Speaker")


class MembershipQuerySet(models.QuerySet):
    def active(self, day=None):
        """Seats held on ``day`` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )

    def voting(self):
        return self.filter(has_vote=True)


class Membership(models.Model):
    """A seat on the council in one term; a person holds at most one active seat per term."""

    SeatType = SeatType
    Role = MemberRole

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("term"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("user account"),
        help_text=_("Optional: members without an account get no confidential papers online."),
    )
    display_name = models.CharField(
        _("display name"), max_length=120, help_text=_("e.g. first name and initial; public only with consent.")
    )
    seat_type = models.CharField(_("seat"), max_length=20, choices=SeatType.choices, default=SeatType.RESIDENT)
    organisation = models.CharField(
        _("organisation represented"),
        max_length=300,
        blank=True,
        help_text=_("For local actors; an actor seat may be shared by up to three organisations."),
    )
    actors = models.ManyToManyField(
        "network.Actor",
        blank=True,
        related_name="council_memberships",
        verbose_name=_("directory entries"),
        help_text=_("The represented organisations' entries in the network directory (at most three)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    has_vote = models.BooleanField(
        _("voting right"), default=True, help_text=_("The QM team and administration staff never have a vote.")
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while the seat is held."))
    # Contact for invitations (never public): members without an account get letters by post,
    # or e-mail when they gave an address and agreed to invitations by e-mail.
    full_name = models.CharField(
        _("full name"), max_length=160, blank=True, help_text=_("For letters and lists; never published.")
    )
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("For members without an account; never published.")
    )
    consent_email = models.BooleanField(
        _("agrees to invitations by e-mail"),
        default=False,
        help_text=_("Members without an account get e-mail only with this consent; otherwise a letter."),
    )
    postal_address = models.TextField(_("postal address"), blank=True, help_text=_("For letters; never published."))
    consent_name = models.BooleanField(_("consents to be named publicly"), default=False)
    consent_photo = models.BooleanField(_("consents to a public photo"), default=False)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    photo = UploadField(
        _("photo"),
        upload_to=RandomName("council/photos"),
        storage=private_storage,  # served by council:member_photo only with consent
        blank=True,
        accept=IMAGES,
        max_mb=5,
        help_text=_("Shown only with consent to a public photo."),
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["term", "seat_type", "display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "user"],
                condition=models.Q(valid_until__isnull=True, user__isnull=False),
                name="council_membership_one_active_per_person_and_term",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="council_membership_until_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(seat_type__in=SeatType.values), name="council_membership_seat_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=MemberRole.values), name="council_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.term})"

    @property
    def letter_name(self) -> str:
        """The name on a letter or list: the full name, else the display name."""
        return self.full_name or self.display_name

    @property
    def invitation_email(self) -> str:
        """Where an invitation by e-mail goes: the account's address, else the recorded address
        with consent; "" means the member is invited by post."""
        if self.user_id and self.user.is_active:
            return self.user.email
        if self.email and self.consent_email:
            return self.email
        return ""

    def clean(self):
        super().clean()
        if self.has_vote and self.user_id and self.user.is_staff:
            raise ValidationError({"has_vote": _("QM team and administration staff never have a vote.")})
        if self.term_id and self.valid_from and not (self.term.starts_on <= self.valid_from <= self.term.ends_on):
            raise ValidationError({"valid_from": _("The seat must begin within the term.")})


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invited")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(
            starts_at__gte=now or timezone.now(), status__in=[MeetingStatus.PLANNED, MeetingStatus.INVITED]
        ).order_by("starts_at")


class Meeting(models.Model):
    """A council meeting (Sitzung), numbered across terms ("42. Sitzung")."""

    Status = MeetingStatus
    PublicMode = PublicMode

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("term"))
    number = models.PositiveIntegerField(_("number"), unique=True, help_text=_("The meeting's running number."))
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    public_mode = models.CharField(
        _("public"),
        max_length=20,
        choices=PublicMode.choices,
        blank=True,
        help_text=_("Empty: the council's default from the council settings."),
    )
    invitation_text = models.TextField(_("invitation text (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    minutes_public = models.TextField(_("public minutes (Markdown)"), blank=True)
    minutes_public_pdf = UploadField(
        _("public minutes (PDF)"),
        upload_to=RandomName("council/minutes"),
        storage=private_storage,
        blank=True,
        accept=DOCUMENT,
        max_mb=20,
        help_text=PDF_HELP,
    )
    minutes_internal = models.TextField(
        _("internal minutes (Markdown)"),
        blank=True,
        help_text=_("Only for council members of the term and the QM team."),
    )
    minutes_internal_pdf = UploadField(
        _("internal minutes (PDF)"),
        upload_to=RandomName("council/minutes"),
        storage=private_storage,
        blank=True,
        accept=DOCUMENT,
        max_mb=20,
        help_text=PDF_HELP,
    )
    minutes_approved_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("minutes approved in meeting"),
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MeetingStatus.values), name="council_meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(public_mode__in=[*PublicMode.values, ""]), name="council_meeting_public_mode_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="council_meeting_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="council_meeting_status_start")]

    def __str__(self) -> str:
        return str(_("%(number)s. meeting") % {"number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("council:meeting_detail", kwargs={"pk": self.pk})


class MeetingStatusChange(StatusChangeBase):
    """History of a meeting's status: who changed it, when, and why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("meeting")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=MeetingStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=MeetingStatus.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=MeetingStatus.values, to_status__in=MeetingStatus.values),
                name="council_meetingstatuschange_status_valid",
            )
        ]


QM = role(Role.QM_TEAM)
CANCEL = Step(_("Cancel the meeting"), by=QM, mail=False)
HELD = Step(_("Mark as held"), by=QM, mail=False)
# The invitations (one mail per member, with the agenda) are sent by services.meeting_invite.
INVITE = Step(_("Send the invitation"), by=QM, mail=False)

MEETING_WORKFLOW = Workflow(
    Meeting,
    history=MeetingStatusChange,
    states={
        MeetingStatus.PLANNED: {
            MeetingStatus.INVITED: INVITE,
            MeetingStatus.HELD: HELD,
            MeetingStatus.CANCELLED: CANCEL,
        },
        MeetingStatus.INVITED: {
            MeetingStatus.INVITED: INVITE,
            MeetingStatus.HELD: HELD,
            MeetingStatus.CANCELLED: CANCEL,
        },
        MeetingStatus.HELD: {
            MeetingStatus.MINUTES_APPROVED: Step(_("Mark the minutes as approved"), by=QM, mail=False)
        },
    },
)


class AgendaItem(models.Model):
    """A numbered item (TOP) on a meeting's agenda; confidential items are for the term's members only."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("item number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), blank=True)
    is_confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Only council members of the term and the QM team see it.")
    )
    funding_applications = models.ManyToManyField(
        "funding.Application",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("funding applications"),
        help_text=_("The project applications this item decides on (presented to the council)."),
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="council_agendaitem_unique_position"),
        ]
        # The public decision list: its count leaves out the few confidential items (an anti-join
        # over the first index), its term filter reads the public items of the term's meetings
        # from the second alone.
        indexes = [
            models.Index(fields=["id"], condition=models.Q(is_confidential=True), name="council_item_confidential_idx"),
            models.Index(
                fields=["meeting", "id"], condition=models.Q(is_confidential=False), name="council_item_public_idx"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Item %(position)s: %(title)s") % {"position": self.position, "title": self.title})


class AgendaDocument(models.Model):
    """A PDF attached to an agenda item; stored privately, streamed by a permission-checked view."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agenda item")
    )
    title = models.CharField(_("title"), max_length=200)
    file = UploadField(
        _("file"),
        upload_to=RandomName("council/documents"),
        storage=private_storage,
        accept=DOCUMENT,
        max_mb=20,
        help_text=PDF_HELP,
    )
    is_internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Internal documents are for council members of the term and the QM team, even on a public item."),
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agenda_item", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:document_download", kwargs={"pk": self.pk})

    @property
    def is_confidential(self) -> bool:
        return self.is_internal or self.agenda_item.is_confidential


class Attendance(models.Model):
    """A member of the meeting's term who was present; the quorum is computed from these rows."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "membership__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="council_attendance_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.display_name} – {self.meeting}"

    def clean(self):
        super().clean()
        if self.meeting_id and self.membership_id and self.membership.term_id != self.meeting.term_id:
            raise ValidationError({"membership": _("Only members of the meeting's term can attend.")})


class DecisionResult(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    NOT_QUORATE = "not_quorate", _("Not quorate")


class VoteMethod(models.TextChoices):
    """How the council voted; the QM team counts and enters the result in every case."""

    SHOW_OF_HANDS = "show_of_hands", _("By show of hands")
    PAPER_BALLOT = "paper_ballot", _("By paper ballot")


class DecisionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(agenda_item__is_confidential=False)

    def public_to_count(self):
        """The rows of ``public()`` written as "not on a confidential item": PostgreSQL counts them
        with an anti-join over the few confidential items instead of joining every item (half the
        CPU at 20,000 decisions). For counts only: a sorted, limited list plans badly with it."""
        return self.exclude(agenda_item__in=AgendaItem.objects.filter(is_confidential=True))


class Decision(models.Model):
    """A vote on a motion under an agenda item.

    The counts of voting members, present voters and recusals are a snapshot taken by
    ``services.decision_record`` together with the rules in force, so the result stays
    reproducible when memberships or settings change later.
    """

    Result = DecisionResult

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("agenda item")
    )
    motion = models.TextField(_("motion"))
    is_funding_decision = models.BooleanField(
        _("funding decision"), default=False, help_text=_("Funding decisions may need two thirds (council settings).")
    )
    vote_method = models.CharField(
        _("how the council voted"),
        max_length=20,
        choices=VoteMethod.choices,
        default=VoteMethod.SHOW_OF_HANDS,
        help_text=_("The counted hands or ballots are entered below by the QM team."),
    )
    votes_yes = models.PositiveSmallIntegerField(_("yes"), default=0)
    votes_no = models.PositiveSmallIntegerField(_("no"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    recused = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="recusals",
        verbose_name=_("recused (befangen)"),
        help_text=_("Members present who declared a conflict of interest: they do not vote on this item."),
    )
    voting_members = models.PositiveSmallIntegerField(_("voting members of the term"), default=0, editable=False)
    present_voting = models.PositiveSmallIntegerField(_("voting members present"), default=0, editable=False)
    recused_count = models.PositiveSmallIntegerField(_("recused"), default=0, editable=False)
    quorum_rule = models.CharField(_("quorum rule applied"), max_length=20, choices=QuorumRule.choices, editable=False)
    majority_rule = models.CharField(
        _("majority rule applied"), max_length=20, choices=MajorityRule.choices, editable=False
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, editable=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Integration point: a decision on an item linked to funding applications calls
    # ``services.decision_apply_to_funding`` which moves each application to recommended /
    # not_recommended through the funding app's workflow method (audited there).

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(votes_yes__gte=0), name="council_decision_votes_yes_gte_0"),
            models.CheckConstraint(condition=models.Q(votes_no__gte=0), name="council_decision_votes_no_gte_0"),
            models.CheckConstraint(
                condition=models.Q(votes_abstain__gte=0), name="council_decision_votes_abstain_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(present_voting__lte=models.F("voting_members")),
                name="council_decision_present_lte_members",
            ),
            models.CheckConstraint(
                condition=models.Q(recused_count__lte=models.F("present_voting")),
                name="council_decision_recused_lte_present",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    present_voting__gte=models.F("recused_count")
                    + models.F("votes_yes")
                    + models.F("votes_no")
                    + models.F("votes_abstain")
                ),
                name="council_decision_votes_lte_present_minus_recused",
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=DecisionResult.values), name="council_decision_result_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(vote_method__in=VoteMethod.values), name="council_decision_vote_method_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_rule__in=QuorumRule.values), name="council_decision_quorum_rule_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(majority_rule__in=MajorityRule.values), name="council_decision_majority_rule_valid"
            ),
        ]
        # The public decision list filtered by result counts its rows from this index alone.
        indexes = [models.Index(fields=["result", "agenda_item"], name="council_decision_result_idx")]

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.get_result_display()}"

    @property
    def eligible_voters(self) -> int:
        """Voting members present for this item: present minus recused."""
        return self.present_voting - self.recused_count

    @property
    def entry_note(self) -> str:
        """ "By show of hands, counted and entered by … on …" for the history."""
        who = self.recorded_by
        by = (who.get_full_name() or who.display_name) if who else ""
        return str(
            _("%(method)s, counted and entered by %(by)s on %(date)s")
            % {
                "method": self.get_vote_method_display(),
                "by": by or _("the QM team"),
                "date": timezone.localtime(self.recorded_at).strftime("%d.%m.%Y %H:%M"),
            }
        )


def is_quorate(*, rule: str, voting_members: int, present_for_item: int) -> bool:
    """Quorum: more than half (default) or at least two thirds of the voting members present.

    ``present_for_item`` is the voting members present minus those recused on the item:
    a recused member does not count as present for that item.
    """
    if voting_members <= 0:
        return False
    if rule == QuorumRule.TWO_THIRDS:
        return 3 * present_for_item >= 2 * voting_members
    return 2 * present_for_item > voting_members


def is_adopted(*, rule: str, is_funding_decision: bool, yes: int, no: int) -> bool:
    """Majority of the votes cast (yes + no; abstentions are not cast).

    Simple: more yes than no, a tie fails. Two-thirds rule for funding decisions: at least
    two thirds of the votes cast are yes (and at least one vote is cast).
    """
    if rule == MajorityRule.TWO_THIRDS_FUNDING and is_funding_decision:
        cast = yes + no
        return cast > 0 and 3 * yes >= 2 * cast
    return yes > no


def compute_result(
    *, quorum_rule, majority_rule, voting_members, present_for_item, is_funding_decision, yes, no
) -> str:
    if not is_quorate(rule=quorum_rule, voting_members=voting_members, present_for_item=present_for_item):
        return DecisionResult.NOT_QUORATE
    if is_adopted(rule=majority_rule, is_funding_decision=is_funding_decision, yes=yes, no=no):
        return DecisionResult.ADOPTED
    return DecisionResult.REJECTED


class DecisionTotal(models.Model):
    """The number of public decisions (not on a confidential item) per term and result, kept by
    PostgreSQL triggers on the decisions, agenda items and meetings (migration 0012) in the
    writing transaction, so the decision list's total is a sum of a few rows instead of a count
    of every decision after each write. Not kept on SQLite (the list counts there)."""

    term_id = models.BigIntegerField()
    result = models.CharField(max_length=20)
    decisions = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term_id", "result"], name="council_decisiontotal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.term_id}/{self.result}: {self.decisions}"


def public_decision_total(*, term_id: int | None = None, result: str = "") -> int | None:
    """The number of public decisions in the term and with the result (either may be empty), from
    the totals the triggers keep (kept with ``memo()`` until a decision, agenda item or meeting
    is written); None where no trigger keeps them (not PostgreSQL): count then."""
    from django.db import connection

    from apps.pagecache.cache import depends_on, memo

    if connection.vendor != "postgresql":
        return None
    conditions, params = ["TRUE"], []
    if term_id is not None:
        conditions.append("term_id = %s")
        params.append(term_id)
    if result:
        conditions.append("result = %s")
        params.append(result)
    sql = f'SELECT COALESCE(SUM(decisions), 0) FROM "{DecisionTotal._meta.db_table}" WHERE {" AND ".join(conditions)}'  # noqa: S608 - fixed column names

    def total() -> int:
        # The triggers write the totals, which the page cache does not see: a write to the tables
        # they follow retires the kept total.
        depends_on(Decision._meta.db_table, AgendaItem._meta.db_table, Meeting._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    return memo(f"council:decision-total:{term_id or ''}:{result}", total)
