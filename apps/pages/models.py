from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.accounts.roles import Role
from apps.core.files import CAPTIONS, IMAGES, VIDEOS, RandomName, UploadField, UploadImageField
from apps.core.workflow import StatusChangeBase, Step, Workflow, role

IMAGE_HELP = _("JPEG, PNG or WebP, at most 5 MB.")


OPEN_DATA_LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung 2.0"
OPEN_DATA_LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


class ConceptName(models.TextChoices):
    """The kind of concept the area works with; its name appears in the navigation and texts."""

    IHEK = "ihek", _("IHEK")
    ACTION_PLAN = "action_plan", _("Action plan")
    FINAL_PLAN = "final_plan", _("Final plan")


class SiteSettings(models.Model):
    """Everything specific to one QM area; a single row, edited in the admin."""

    area_name = models.CharField(_("area name"), max_length=120, default="Quartiersmanagement")
    council_name = models.CharField(
        _("name of the residents' council"), max_length=120, default="Quartiersrat", help_text=_("e.g. WrangelkiezRat")
    )
    jury_name = models.CharField(
        _("name of the action fund jury"),
        max_length=120,
        default="Aktionsfondsjury",
        help_text=_("e.g. Aktionsfondsbeirat or Vergabejury"),
    )
    concept_kind = models.CharField(
        _("concept of the area"),
        max_length=20,
        choices=ConceptName.choices,
        default=ConceptName.IHEK,
        help_text=_("The IHEK, or in the exit phase the action plan or final plan; named so in the menu and texts."),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    office_name = models.CharField(_("office name"), max_length=120, default="Vor-Ort-Büro")
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Berlin")
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("public e-mail address"), blank=True)
    team_names = models.TextField(
        _("team"), blank=True, help_text=_("Names of the QM team as they may be published, one per line.")
    )
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences about the site; pages without a description of their own use it."),
    )
    funding_line = models.TextField(
        _("funding programme line"),
        blank=True,
        default="Gefördert im Städtebauförderprogramm „Sozialer Zusammenhalt“ (bis 2020 „Soziale Stadt“).",
    )
    open_data_licence_name = models.CharField(
        _("open data licence"),
        max_length=200,
        default=OPEN_DATA_LICENCE_NAME,
        help_text=_("The licence of the published data (OParl API, funding figures as CSV/JSON)."),
    )
    open_data_licence_url = models.URLField(
        _("open data licence (address)"), default=OPEN_DATA_LICENCE_URL, help_text=_("The licence text.")
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="pages_sitesettings_singleton")]

    def __str__(self) -> str:
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The one settings row (created by a data migration; again with defaults if deleted)."""
        try:
            return cls.objects.get(pk=1)
        except cls.DoesNotExist:
            cls.objects.bulk_create([cls(pk=1)], ignore_conflicts=True)
            return cls.objects.get(pk=1)

    @property
    def concept_name(self) -> str:
        """The concept's name in the current language (IHEK, Aktionsplan, Abschlussplan)."""
        return str(ConceptName(self.concept_kind).label) if self.concept_kind in ConceptName.values else ""

    def names(self) -> dict[str, str]:
        """The names the office chose, for format placeholders in translated texts."""
        return {"council": self.council_name, "jury": self.jury_name, "concept": self.concept_name}

    @property
    def team_list(self) -> list[str]:
        return [name.strip() for name in self.team_names.splitlines() if name.strip()]


class FundingLogo(models.Model):
    """A logo of the funding bodies shown in the footer."""

    site = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="logos", verbose_name=_("site"))
    image = UploadField(_("image"), upload_to=RandomName("logos"), accept=IMAGES, max_mb=5)
    alt_text = models.CharField(_("alternative text"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("funding logo")
        verbose_name_plural = _("funding logos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


def require_image_alt(obj) -> None:
    """An image needs its alternative text in German, the language every other falls back to
    (a database constraint holds it too; this turns it into a message next to the field)."""
    field = f"image_alt_{settings.LANGUAGE_CODE}"
    if obj.image and not (getattr(obj, field, None) or obj.image_alt):
        raise ValidationError({field: _("An image needs an alternative text.")})


class SlideQuerySet(models.QuerySet):
    def visible(self, now=None):
        now = now or timezone.now()
        return self.filter(visible_from__lte=now).filter(
            models.Q(visible_until__isnull=True) | models.Q(visible_until__gt=now)
        )


class Slide(models.Model):
    """A highlight on the home page slider."""

    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), blank=True)
    image = UploadImageField(
        _("image"),
        upload_to=RandomName("slides"),
        blank=True,
        accept=IMAGES,
        max_mb=5,
        help_text=IMAGE_HELP,
        width_field="image_width",
        height_field="image_height",
    )
    # Stored on upload, so the page gives the browser the size without opening the file (no layout shift).
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("alternative text"), max_length=200, blank=True, help_text=_("Describe the image for blind readers.")
    )
    link_url = models.CharField(_("link"), max_length=300, blank=True, help_text=_("e.g. /ideen/ or https://…"))
    link_text = models.CharField(_("link text"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    visible_from = models.DateTimeField(_("visible from"), default=timezone.now)
    visible_until = models.DateTimeField(_("visible until"), null=True, blank=True)

    objects = SlideQuerySet.as_manager()

    class Meta:
        verbose_name = _("slide")
        verbose_name_plural = _("slides")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visible_until__isnull=True) | models.Q(visible_until__gt=models.F("visible_from")),
                name="pages_slide_until_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""), name="pages_slide_image_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        require_image_alt(self)


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class PageMenu(models.TextChoices):
    ABOUT = "about", _("About the QM (main menu)")
    FOOTER = "footer", _("Footer (legal pages)")
    EASY_READ = "easy", _("Leichte Sprache (easy-to-read section)")
    NONE = "none", _("No menu")


class Page(models.Model):
    """A content page at /seiten/<slug>/, written in Markdown."""

    Menu = PageMenu

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences; empty: the beginning of the text."),
    )
    menu = models.CharField(_("menu"), max_length=10, choices=Menu.choices, default=Menu.ABOUT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        ordering = ["menu", "order", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(menu__in=PageMenu.values), name="pages_page_menu_valid")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.menu == PageMenu.EASY_READ:
            return reverse("pages:easy_read_page", kwargs={"slug": self.slug})
        return reverse("pages:page_detail", kwargs={"slug": self.slug})


class NewsPostQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(is_published=True, published_at__lte=now or timezone.now())


class NewsPost(models.Model):
    """A news item (Aktuelles)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    teaser = models.TextField(_("teaser"), max_length=500)
    body = models.TextField(_("text (Markdown)"), blank=True)
    image = UploadImageField(
        _("image"),
        upload_to=RandomName("news"),
        blank=True,
        accept=IMAGES,
        max_mb=5,
        help_text=IMAGE_HELP,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("alternative text"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("publish date"), default=timezone.now, db_index=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The public news list and feed: published posts, newest first (also deep pages).
            models.Index(
                fields=["-published_at", "-id"], condition=models.Q(is_published=True), name="pages_news_published_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""), name="pages_newspost_image_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:news_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        require_image_alt(self)


# --- Accessibility statement, feedback and sign language (BITV 2.0 §§ 4, 7, 12) -------------


class AccessibilityStatement(models.Model):
    """The Erklärung zur Barrierefreiheit at /seiten/barrierefreiheit/: every part the EU model
    statement (Implementing Decision (EU) 2018/1523) and § 12 BITV 2.0 ask for, as fields the
    office edits in the admin. A single row; the items it lists are ``NonAccessibleContent``."""

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("self-assessment")
        EXTERNAL = "external", _("assessment by a third party")

    intro = models.TextField(
        _("introduction (Markdown)"),
        blank=True,
        help_text=_("Which site the statement covers and what the office does for accessibility."),
    )
    compliance = models.CharField(
        _("compliance status"), max_length=10, choices=Compliance.choices, default=Compliance.PARTIAL
    )
    standard = models.CharField(
        _("standard"),
        max_length=200,
        default="BITV 2.0 (WCAG 2.1 AA, EN 301 549)",
        help_text=_("The requirements the site is measured against."),
    )
    # The dates may be empty in the row created with defaults; the admin form asks for them.
    assessed_on = models.DateField(_("date of the assessment"), null=True)
    method = models.CharField(_("method of the assessment"), max_length=10, choices=Method.choices, default=Method.SELF)
    assessed_by = models.CharField(
        _("assessed by"), max_length=200, blank=True, help_text=_("e.g. the QM team, or the testing body's name.")
    )
    method_details = models.TextField(
        _("how the site was tested (Markdown)"),
        blank=True,
        help_text=_("Tools, pages, browsers and assistive technology."),
    )
    prepared_on = models.DateField(_("statement prepared on"), null=True)
    reviewed_on = models.DateField(_("statement last reviewed on"), null=True, blank=True)
    feedback_address = models.TextField(
        _("postal address for feedback"), blank=True, help_text=_("Empty: the office's address from the site settings.")
    )
    feedback_email = models.EmailField(
        _("e-mail address for feedback"), blank=True, help_text=_("Empty: the office's e-mail address.")
    )
    feedback_phone = models.CharField(
        _("phone for feedback"), max_length=40, blank=True, help_text=_("Empty: the office's phone number.")
    )
    answer_days = models.PositiveSmallIntegerField(
        _("answer deadline in days"),
        default=30,
        help_text=_("Feedback is answered within this many days (the law asks for one month); the statement names it."),
    )
    conciliation_name = models.CharField(
        _("conciliation body"),
        max_length=200,
        default="Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)",
    )
    conciliation_contact = models.TextField(_("conciliation body: address and contact"), blank=True)
    conciliation_url = models.URLField(_("conciliation body: website"), blank=True)
    conciliation_text = models.TextField(
        _("conciliation procedure (Markdown)"),
        blank=True,
        help_text=_("When and how people can start a conciliation procedure."),
    )
    enforcement_name = models.CharField(_("enforcement body"), max_length=200, blank=True)
    enforcement_contact = models.TextField(_("enforcement body: address and contact"), blank=True)
    enforcement_url = models.URLField(_("enforcement body: website"), blank=True)
    enforcement_text = models.TextField(_("enforcement procedure (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="pages_a11ystatement_singleton"),
            models.CheckConstraint(
                condition=models.Q(compliance__in=["full", "partial", "none"]), name="pages_a11ystatement_compliance"
            ),
            models.CheckConstraint(
                condition=models.Q(method__in=["self", "external"]), name="pages_a11ystatement_method"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Accessibility statement"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("pages:accessibility_statement")

    @classmethod
    def load(cls) -> "AccessibilityStatement":
        """The one statement (created with defaults when missing)."""
        try:
            return cls.objects.get(pk=1)
        except cls.DoesNotExist:
            cls.objects.bulk_create([cls(pk=1)], ignore_conflicts=True)
            return cls.objects.get(pk=1)

    def due_date(self, received):
        """The day an answer to feedback received at ``received`` is due."""
        return timezone.localdate(received) + timedelta(days=self.answer_days)


class NonAccessibleContent(models.Model):
    """One item of the statement's list of content that is not accessible, with the reason and
    the accessible alternative."""

    class Reason(models.TextChoices):
        NON_COMPLIANCE = "noncompliance", _("not compliant with the requirements")
        BURDEN = "burden", _("disproportionate burden")
        OUT_OF_SCOPE = "scope", _("not within the scope of the law")

    statement = models.ForeignKey(
        AccessibilityStatement, on_delete=models.CASCADE, related_name="items", verbose_name=_("statement")
    )
    content = models.CharField(_("content"), max_length=300, help_text=_("What is not accessible, and where."))
    reason = models.CharField(_("reason"), max_length=15, choices=Reason.choices, default=Reason.NON_COMPLIANCE)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Why, and until when it is fixed."))
    alternative = models.TextField(_("accessible alternative"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("non-accessible content")
        verbose_name_plural = _("non-accessible content")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason__in=["noncompliance", "burden", "scope"]), name="pages_nonaccessible_reason"
            )
        ]

    def __str__(self) -> str:
        return self.content


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AccessibilityFeedback.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(wants_answer=True, due_on__lt=today or timezone.localdate())


class AccessibilityFeedback(models.Model):
    """A barrier someone reported with the form "Barriere melden" (anonymous if they like).
    The office answers within the statement's deadline when an e-mail address is given."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("feedback status", "open")
        ANSWERED = "answered", pgettext_lazy("feedback status", "answered")

    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    page_url = models.CharField(_("page"), max_length=300, blank=True)
    message = models.TextField(_("message"), max_length=3000)
    wants_answer = models.BooleanField(_("wants an answer"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "answered"]), name="pages_a11yfeedback_status"
            ),
            models.CheckConstraint(
                condition=models.Q(wants_answer=False) | ~models.Q(email=""), name="pages_a11yfeedback_answer_has_email"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(answered_at__isnull=False),
                name="pages_a11yfeedback_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.created_at):%d.%m.%Y %H:%M}: {self.message[:60]}"

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.status == self.Status.OPEN and self.wants_answer and self.due_on and self.due_on < timezone.localdate()
        )


class AccessibilityFeedbackStatusChange(StatusChangeBase):
    """History of a feedback message: who marked it answered, when."""

    feedback = models.ForeignKey(
        AccessibilityFeedback,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("accessibility feedback"),
    )
    from_status = models.CharField(_("from"), max_length=10, choices=AccessibilityFeedback.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=AccessibilityFeedback.Status.choices)

    class Meta(StatusChangeBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=["", "open", "answered"], to_status__in=["open", "answered"]),
                name="pages_a11yfeedbackchange_status_valid",
            )
        ]


# Open → answered, the only change of status: the QM office answered (or needed not answer).
FEEDBACK_WORKFLOW = Workflow(
    AccessibilityFeedback,
    history=AccessibilityFeedbackStatusChange,
    states={
        AccessibilityFeedback.Status.OPEN: {
            AccessibilityFeedback.Status.ANSWERED: Step(
                _("Mark as answered"), by=role(Role.QM_TEAM), stamp="answered_at", mail=False
            )
        }
    },
)


class SignLanguageVideoQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class SignLanguageVideo(models.Model):
    """Information in German Sign Language (DGS) at /gebaerdensprache/ (BITV 2.0 § 4): a video
    with its full text alternative shown on the page, and optional captions (WebVTT)."""

    title = models.CharField(_("title"), max_length=200)
    video = UploadField(
        _("video"),
        upload_to=RandomName("signlanguage"),
        blank=True,
        accept=VIDEOS,
        max_mb="UPLOAD_VIDEO_MAX_MB",
        help_text=_("MP4 or WebM (size limit: setting UPLOAD_VIDEO_MAX_MB). Without a video the text is shown."),
    )
    captions = UploadField(
        _("captions (WebVTT)"),
        upload_to=RandomName("signlanguage"),
        blank=True,
        accept=CAPTIONS,
        max_mb=1,
        help_text=_("Optional: a .vtt file with the German captions, at most 1 MB."),
    )
    transcript = models.TextField(
        _("text alternative (Markdown)"), help_text=_("Everything the video says, in written German.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = SignLanguageVideoQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign language video")
        verbose_name_plural = _("sign language videos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def video_mime(self) -> str:
        return "video/webm" if self.video.name.endswith(".webm") else "video/mp4"
