"""The newsletter: subscriptions without an account (double opt-in) and the issues the QM team
composes from news posts and calendar events and sends through the mail queue.

A subscription is a request until the person confirms it with the link mailed to them
(``confirmed_at`` is the date of consent); nothing else is ever sent before. Unsubscribing deletes
the row (and with it the record of which issues went to the address). ``Delivery`` is one row per
issue and subscription, unique, so sending an issue again never mails anybody twice.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import OutgoingMail
from apps.events.models import Event
from apps.pages.models import NewsPost


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(
        _("confirmed (consent given)"), null=True, blank=True, editable=False, db_index=True
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscription_email_unique")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class IssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)


class Issue(models.Model):
    """One newsletter: an introduction, selected news posts and events."""

    subject = models.CharField(_("subject"), max_length=150)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Plain text at the top of the mail."))
    news_posts = models.ManyToManyField(NewsPost, blank=True, related_name="+", verbose_name=_("news posts"))
    events = models.ManyToManyField(Event, blank=True, related_name="+", verbose_name=_("events"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """An issue queued for one subscription (at most once)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("issue"))
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    mail = models.ForeignKey(
        OutgoingMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("mail")
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="newsletter_delivery_once"),
        ]
        indexes = [models.Index(fields=["subscription"], name="newsletter_delivery_sub_idx")]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscription}"
