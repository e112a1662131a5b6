"""Rows of the shared services: the durable outbox of mails and the scheduler's job clock."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SUBJECT_MAX_LENGTH = 200


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingMail(models.Model):
    """One mail of the portal, written in the same transaction as the data it reports and sent
    by the worker (apps/core/mail.py): a rolled-back transaction leaves no mail behind."""

    Status = MailStatus

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    template = models.CharField(_("mail"), max_length=200, blank=True, help_text=_("Template the mail was made from."))
    recipients = models.TextField(_("recipients"), help_text=_("One address per line."))
    reply_to = models.TextField(_("reply to"), blank=True, help_text=_("One address per line."))
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("text"))
    headers = models.JSONField(_("further headers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_mail_status_next_idx"),
            models.Index(fields=["-created_at", "-id"], name="core_mail_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MailStatus.values), name="core_outgoingmail_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="core_outgoingmail_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return self.recipients.splitlines()

    @property
    def reply_to_list(self) -> list[str]:
        return self.reply_to.splitlines()


class ScheduledJob(models.Model):
    """The clock of one periodic job (apps/<app>/jobs.py): whichever worker first moves
    ``next_run_at`` on (a conditional UPDATE) runs it, so two workers never run a slot twice."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_host = models.CharField(_("last run by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
