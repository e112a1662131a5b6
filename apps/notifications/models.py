"""Who is told what: each person's choice per kind of notification, the digest items waiting
for the daily or weekly digest, the record of announcements already fanned out, the office's
notices waiting for the hourly digest and the reminders about forwarded concerns.

Preferences and digest items are keyed by the e-mail address (lower case), so people without
an account (an idea or action fund application sent with an e-mail address only) can change
their settings through the signed link in every notification too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    IDEA_STATUS = "idea_status", _("Status of my ideas and concerns")
    IDEA_COMMENT = "idea_comment", _("Comments on my ideas and concerns")
    APPLICATION = "application", _("My applications (project funding and action fund)")
    CALL = "call", _("New calls for proposals")
    COUNCIL_MEETING = "council_meeting", _("Council meetings")
    JURY_ROUND = "jury_round", _("Jury rounds opened for me")
    NEWS = "news", _("News")


class Choice(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


#: What a person gets without having chosen.
DEFAULTS = {
    Kind.IDEA_STATUS: Choice.IMMEDIATE,
    Kind.IDEA_COMMENT: Choice.DAILY,
    Kind.APPLICATION: Choice.IMMEDIATE,
    Kind.CALL: Choice.WEEKLY,
    Kind.COUNCIL_MEETING: Choice.IMMEDIATE,
    Kind.JURY_ROUND: Choice.IMMEDIATE,
    Kind.NEWS: Choice.OFF,
}

DIGESTS = (Choice.DAILY, Choice.WEEKLY)


class Preference(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    choice = models.CharField(_("setting"), max_length=10, choices=Choice.choices)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        ordering = ["email", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="notifications_preference_unique"),
            models.CheckConstraint(condition=models.Q(choice__in=Choice.values), name="notifications_pref_choice"),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_kind_display()} → {self.get_choice_display()}"


class DigestItem(models.Model):
    """One notification waiting for its recipient's digest; unique per address, kind and the
    object it reports, so a digest never lists one twice."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("digest"), max_length=10, choices=[(c.value, c.label) for c in DIGESTS])
    object_key = models.CharField(_("object"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["email", "kind", "object_key"], name="notifications_digest_item_unique")
        ]
        indexes = [
            models.Index(
                fields=["frequency", "email"], condition=models.Q(sent_at__isnull=True), name="notif_digest_due_idx"
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Broadcast(models.Model):
    """An announcement (a call, news post, meeting, jury round, comment) already fanned out."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_key = models.CharField(_("object"), max_length=200)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("announcement sent")
        verbose_name_plural = _("announcements sent")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_key"], name="notifications_broadcast_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.object_key}"


class OfficeKind(models.TextChoices):
    IDEA = "idea", _("New ideas and concerns")
    COMMENT = "comment", _("Comments waiting for moderation")
    FUNDING = "funding", _("Funding applications submitted")
    FUNDING_PAYMENT = "funding_payment", _("Payment requests of funded projects")
    FUNDING_PROOF = "funding_proof", _("Proofs of use of funded projects")
    ACTIONFUND = "actionfund", _("Action fund applications submitted")
    SUGGESTION = "suggestion", _("Directory suggestions")
    FEEDBACK = "feedback", _("Accessibility feedback")
    FORWARDED = "forwarded", _("Forwarded concerns without an answer")


class OfficeRecipients(models.Model):
    """Where the office's notices of one kind go (without a row: the office address of the site
    settings)."""

    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices, unique=True)
    addresses = models.TextField(
        _("addresses"), blank=True, help_text=_("One e-mail address per line; empty: nobody is told.")
    )

    class Meta:
        verbose_name = _("office notification address")
        verbose_name_plural = _("office notification addresses")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def address_list(self) -> list[str]:
        return [line.strip() for line in self.addresses.splitlines() if line.strip()]


class OfficeNotice(models.Model):
    """Something that came in for the QM office, waiting for the hourly digest of its kind."""

    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices)
    object_key = models.CharField(_("object"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("office notice")
        verbose_name_plural = _("office notices")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_key"], name="notifications_office_unique")]
        indexes = [models.Index(fields=["kind", "sent_at"], name="notif_office_kind_sent_idx")]

    def __str__(self) -> str:
        return self.summary


class ForwardReminder(models.Model):
    """A reminder sent about a concern forwarded to an office that has not answered."""

    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, related_name="forward_reminders", verbose_name=_("concern")
    )
    sent_at = models.DateTimeField(_("sent at"))
    to_office = models.BooleanField(_("office reminded too"), default=False)

    class Meta:
        verbose_name = _("reminder about a forwarded concern")
        verbose_name_plural = _("reminders about forwarded concerns")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["idea", "-sent_at"], name="notif_forward_idea_idx")]

    def __str__(self) -> str:
        return f"{self.idea_id} @ {self.sent_at:%Y-%m-%d}"
