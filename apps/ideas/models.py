"""Ideas and concerns (Ideen und Anliegen) that residents bring in, and what became of them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.actionplan.models import FieldOfAction
from apps.core.files import IMAGES, RandomName, UploadField, private_storage
from apps.core.office import OfficeEntry
from apps.core.signing import expired_before
from apps.core.workflow import SYSTEM, Actor, Mail, StatusChangeBase, Step, Workflow, owner, role


class Office(models.Model):
    """A department of the district office (Fachabteilung) that concerns are forwarded to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    email = models.EmailField(_("e-mail address"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office (Fachabteilung)")
        verbose_name_plural = _("offices (Fachabteilungen)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IdeaKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCERN = "concern", _("Concern")


class IdeaStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Awaiting e-mail confirmation")
    NEW = "new", _("New (awaiting moderation)")
    PUBLISHED = "published", _("Published")
    IN_REVIEW = "in_review", _("In review")
    TAKEN_UP = "taken_up", _("Taken up")
    REALISED = "realised", _("Realised")
    REJECTED = "rejected", _("Rejected")
    NOT_PURSUED = "not_pursued", _("Not pursued")


#: Statuses anyone may see on the public pages.
PUBLIC_STATUSES = (
    IdeaStatus.PUBLISHED,
    IdeaStatus.IN_REVIEW,
    IdeaStatus.TAKEN_UP,
    IdeaStatus.REALISED,
    IdeaStatus.NOT_PURSUED,
)
#: Statuses in which residents may still support an entry.
OPEN_STATUSES = (IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW, IdeaStatus.TAKEN_UP)
#: Targets that need a text: a reason e-mailed to the submitter (rejected) or a public answer.
ANSWER_REQUIRED = (IdeaStatus.REJECTED, IdeaStatus.NOT_PURSUED)


class IdeaQuerySet(models.QuerySet):
    def public(self):
        """Entries anyone may see: published or later, not hidden by the QM team."""
        return self.filter(status__in=PUBLIC_STATUSES, is_hidden=False)

    def visible_to(self, user):
        """Public entries; the QM team sees everything, a submitter also their own entries."""
        if user.is_authenticated and user.is_staff:
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(status__in=PUBLIC_STATUSES, is_hidden=False)
                | models.Q(submitter=user, status__in=[*PUBLIC_STATUSES, IdeaStatus.NEW])
            )
        return self.public()

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def in_field(self, field_of_action):
        return self.filter(field_of_action=field_of_action)

    def moderation_queue(self):
        return self.filter(status=IdeaStatus.NEW)

    def expired_unconfirmed(self, now=None):
        """Unconfirmed entries whose confirmation link has run out."""
        cutoff = expired_before("ideas.confirm", now)
        return self.filter(status=IdeaStatus.UNCONFIRMED, created_at__lt=cutoff)

    def search(self, text: str):
        """Full-text search: German stemming on PostgreSQL, a plain contains-search elsewhere."""
        from django.db import connection

        text = text.strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            return self.annotate(search=search_vector()).filter(
                search=SearchQuery(text, config="german", search_type="websearch")
            )
        return self.filter(models.Q(title__icontains=text) | models.Q(description__icontains=text))


def search_vector():
    """The search document; the GIN index of migration 0002 is built on exactly this expression."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", "description", config="german")


class Idea(OfficeEntry):
    """An idea for the neighbourhood or a concern the QM passes on to the administration."""

    Kind = IdeaKind
    Status = IdeaStatus

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("field of action"),
    )
    location = models.CharField(
        _("location in the area"), max_length=200, blank=True, help_text=_("e.g. a street, square or park")
    )
    photo = UploadField(
        _("photo"),
        upload_to=RandomName("ideas"),
        storage=private_storage,  # served by ideas:photo, which shows it only with the entry
        blank=True,
        accept=IMAGES,
        max_mb=5,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. We remove location and camera data from the file."),
    )
    photo_alt = models.CharField(
        _("description of the photo"),
        max_length=200,
        blank=True,
        help_text=_("Describe what the photo shows, for people who cannot see it."),
    )
    display_name = models.CharField(
        _("name to show publicly"),
        max_length=80,
        blank=True,
        help_text=_("Only if you agree that it is shown with your entry; leave empty to stay anonymous."),
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Never shown publicly. Required online; the office may leave it empty."),
    )
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("For letters from the office (entries made by the office); never public."),
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("submitted by (account)"),
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"))
    ip_hash = models.CharField(_("hashed IP address"), max_length=64, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    is_hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden entries are not shown on the public pages.")
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("forwarded to office"),
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    office_answer = models.TextField(_("answer of the office"), blank=True, help_text=_("Shown publicly."))
    office_answered_on = models.DateField(_("answered on"), null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea or concern")
        verbose_name_plural = _("ideas and concerns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=IdeaKind.values), name="ideas_idea_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=IdeaStatus.values), name="ideas_idea_status_valid"),
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""), name="ideas_idea_photo_has_alt"
            ),
            models.CheckConstraint(
                condition=models.Q(office__isnull=True) | models.Q(kind=IdeaKind.CONCERN),
                name="ideas_idea_only_concerns_forwarded",
            ),
            models.CheckConstraint(
                condition=models.Q(office__isnull=True, forwarded_at__isnull=True)
                | models.Q(office__isnull=False, forwarded_at__isnull=False),
                name="ideas_idea_forwarded_with_date",
            ),
            models.CheckConstraint(
                condition=models.Q(office__isnull=False) | models.Q(office_answer="", office_answered_on__isnull=True),
                name="ideas_idea_office_answer_needs_office",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=False) | ~models.Q(status__in=PUBLIC_STATUSES),
                name="ideas_idea_public_has_publish_date",
            ),
            models.CheckConstraint(
                condition=models.Q(entry_source="online") | models.Q(consent_recorded_on__isnull=False),
                name="ideas_idea_office_entry_has_consent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status__in=PUBLIC_STATUSES, is_hidden=False),
                name="ideas_public_newest_idx",
            ),
            models.Index(
                fields=["-support_count", "-published_at"],
                condition=models.Q(status__in=PUBLIC_STATUSES, is_hidden=False),
                name="ideas_public_supported_idx",
            ),
            # The action plan counts the ideas taken up per field of action (actionplan.progress).
            models.Index(
                fields=["field_of_action"],
                condition=models.Q(status__in=[IdeaStatus.TAKEN_UP, IdeaStatus.REALISED], is_hidden=False),
                name="ideas_taken_up_field_idx",
            ),
            models.Index(fields=["ip_hash", "created_at"], name="ideas_ip_recent_idx"),
            models.Index(fields=["status", "created_at"], name="ideas_status_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and not self.is_hidden

    @property
    def is_open_for_support(self) -> bool:
        return self.status in OPEN_STATUSES and not self.is_hidden

    @property
    def public_name(self) -> str:
        """The submitter's name only if they entered one to be shown; else "anonymous"."""
        return self.display_name or str(_("anonymous"))


class ModerationQueue(Idea):
    """The entries waiting for moderation, as their own admin list."""

    class Meta:
        proxy = True
        # Django builds titles and actions from these ("Neueingang zur Änderung auswählen",
        # "Ausgewählte Neueingänge löschen"): nouns that read naturally in those phrases.
        verbose_name = _("incoming entry")
        verbose_name_plural = _("incoming entries")


class StatusChange(StatusChangeBase):
    """One step of an entry's status history: who, when, and the answer given (``comment``).

    Rows of public statuses (see ``is_public``) are shown on the entry's page with their answer.
    ``linked_record`` keeps a readable snapshot of a linked funding or action fund application,
    so the history still says what was meant if that record is deleted later.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("entry"))
    from_status = models.CharField(_("from status"), max_length=20, choices=IdeaStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=IdeaStatus.choices)
    comment = models.TextField(
        _("answer"), blank=True, help_text=_("Public answer of the QM team; for a rejection the reason sent by e-mail.")
    )
    linked_record = models.CharField(_("linked application"), max_length=300, blank=True)
    funding_application = models.ForeignKey(
        "funding.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_status_changes",
        verbose_name=_("funding application"),
    )
    actionfund_application = models.ForeignKey(
        "actionfund.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_status_changes",
        verbose_name=_("action fund application"),
    )

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=IdeaStatus.values), name="ideas_statuschange_from_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(to_status__in=IdeaStatus.values), name="ideas_statuschange_to_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(funding_application__isnull=True) | models.Q(actionfund_application__isnull=True),
                name="ideas_statuschange_one_linked_application",
            ),
        ]
        indexes = [models.Index(fields=["idea", "at"], name="ideas_history_idea_idx")]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def is_public(self) -> bool:
        return self.to_status in PUBLIC_STATUSES


class Support(models.Model):
    """A resident account supports an entry (at most once)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("entry"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="ideas_support_one_per_user")]

    def __str__(self) -> str:
        return f"{self.user} → {self.idea}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def visible_to(self, user):
        """Published comments, plus the user's own comments that wait for moderation."""
        if user.is_authenticated:
            return self.filter(
                models.Q(status=CommentStatus.APPROVED) | models.Q(author=user, status=CommentStatus.PENDING)
            )
        return self.approved()


class Comment(models.Model):
    """A comment by a resident account, public after moderation (at once for the QM team)."""

    Status = CommentStatus

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("entry"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_comments", verbose_name=_("author")
    )
    text = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CommentStatus.values), name="ideas_comment_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["idea", "status", "created_at"], name="ideas_comment_idea_idx")]

    def __str__(self) -> str:
        return f"{self.author.public_name}: {self.text[:40]}"

    @property
    def is_pending(self) -> bool:
        return self.status == CommentStatus.PENDING


class CommentStatusChange(StatusChangeBase):
    """History of a comment's moderation: who published or rejected it when, and why (``comment``)."""

    idea_comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("comment")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=CommentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=CommentStatus.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=["", *CommentStatus.values], to_status__in=CommentStatus.values),
                name="ideas_commentstatuschange_status_valid",
            )
        ]


# --- Workflow -----------------------------------------------------------------------------


def _submitter_address(idea: Idea) -> list[str]:
    return [idea.email] if idea.email else []


def _entry_link(idea: Idea, change) -> dict:
    from apps.core.links import absolute_url

    return {"idea": idea, "link": absolute_url(idea)}


QM = role(Role.QM_TEAM)
SUBMITTER = owner("submitter", label=_("the submitter"))
# Without an account the submitter confirms by the signed link of the confirmation mail.
SIGNED_LINK = Actor(_("the submitter (signed link)"), SYSTEM.test)
# Notifications: the submitter's setting decides (immediately, digest, off).
ANSWER = Mail("ideas/email/status_changed", to=_submitter_address, context=_entry_link, kind="idea_status")
NOT_PURSUED = Step(_("Mark as not pursued (public reason)"), by=QM, comment_required=True)

WORKFLOW = Workflow(
    Idea,
    history=StatusChange,
    mail=ANSWER,
    groups={"public": PUBLIC_STATUSES, "open": OPEN_STATUSES},
    states={
        IdeaStatus.UNCONFIRMED: {
            IdeaStatus.NEW: Step(_("Confirm the entry"), by=(SUBMITTER, SIGNED_LINK), stamp="confirmed_at", mail=False)
        },
        IdeaStatus.NEW: {
            IdeaStatus.PUBLISHED: Step(_("Approve and publish"), by=QM, stamp="published_at"),
            IdeaStatus.REJECTED: Step(
                _("Reject (reason is e-mailed)"),
                by=QM,
                comment_required=True,
                mail=Mail("ideas/email/rejected", to=_submitter_address, context=_entry_link, kind="idea_status"),
            ),
        },
        IdeaStatus.PUBLISHED: {
            IdeaStatus.IN_REVIEW: Step(_("Mark as in review"), by=QM),
            IdeaStatus.TAKEN_UP: Step(_("Mark as taken up"), by=QM),
            IdeaStatus.NOT_PURSUED: NOT_PURSUED,
        },
        IdeaStatus.IN_REVIEW: {
            IdeaStatus.TAKEN_UP: Step(_("Mark as taken up"), by=QM),
            IdeaStatus.NOT_PURSUED: NOT_PURSUED,
        },
        IdeaStatus.TAKEN_UP: {
            IdeaStatus.REALISED: Step(_("Mark as realised"), by=QM),
            IdeaStatus.NOT_PURSUED: NOT_PURSUED,
        },
    },
)

# Comment moderation: the QM team publishes or rejects; a published comment can still be taken
# down, a rejected one published after all. Nobody is mailed.
PUBLISH_COMMENT = Step(_("Approve and publish"), by=QM, mail=False)
REJECT_COMMENT = Step(_("Reject"), by=QM, mail=False)

COMMENT_WORKFLOW = Workflow(
    Comment,
    history=CommentStatusChange,
    states={
        CommentStatus.PENDING: {CommentStatus.APPROVED: PUBLISH_COMMENT, CommentStatus.REJECTED: REJECT_COMMENT},
        CommentStatus.APPROVED: {CommentStatus.REJECTED: REJECT_COMMENT},
        CommentStatus.REJECTED: {CommentStatus.APPROVED: PUBLISH_COMMENT},
    },
)


class PublicTotal(models.Model):
    """How many public entries (published or later, not hidden) there are of each kind, field of
    action and status. On PostgreSQL a trigger on the ideas table keeps the rows (migration 0012:
    every insert, delete and change of kind, field, status or hidden flag, also bulk updates), so
    the list's total is a sum of a few rows instead of a count of every entry after each write."""

    kind = models.CharField(max_length=10)
    field_key = models.IntegerField(default=0, help_text="The field of action's id; 0: none.")
    status = models.CharField(max_length=20)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "field_key", "status"], name="ideas_publictotal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.field_key}/{self.status}: {self.entries}"


def public_total(*, kind: str = "", field_of_action=None, status: str = "") -> int | None:
    """The number of public entries with the list's filters (kind, field of action, status), from
    the totals the trigger keeps (and kept with ``memo()`` until the ideas table is written); None
    where no trigger keeps them (not PostgreSQL): count then."""
    from django.db import connection

    from apps.pagecache.cache import depends_on, memo

    if connection.vendor != "postgresql":
        return None
    conditions, params = ["TRUE"], []
    for column, value in (("kind", kind), ("status", status)):
        if value:
            conditions.append(f"{column} = %s")
            params.append(value)
    if field_of_action is not None:
        conditions.append("field_key = %s")
        params.append(field_of_action.pk)
    # Plain SQL: the query builder would cost more than the sum over a hundred rows.
    sql = f"SELECT COALESCE(SUM(entries), 0) FROM {PublicTotal._meta.db_table} WHERE {' AND '.join(conditions)}"  # noqa: S608 - fixed column names

    def total() -> int:
        # The trigger writes the totals, which the page cache does not see: a write to the ideas
        # table retires the kept total.
        depends_on(Idea._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    return memo(f"ideas:public-total:{kind}:{getattr(field_of_action, 'pk', '')}:{status}", total)
