"""The one way the portal sends mail.

``queue_mail()`` renders a mail in the recipient's language and stores it as an
``OutgoingMail`` row together with a task of the database queue (django-tasks), both in the
caller's transaction: a transaction that rolls back leaves neither, one that commits hands the
mail to the worker (``manage.py worker``), never to the SMTP server inside a web request.
``deliver()`` sends it under a row lock and marks it sent in the same transaction, so a mail
goes out once even when tasks for it are doubled; failures are retried with growing pauses
(``MAIL_RETRY_DELAYS``) and then stay "failed" in the admin, where "send again" requeues them.
"""

import logging
import smtplib
import unicodedata
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from .links import site_url
from .models import SUBJECT_MAX_LENGTH, OutgoingMail
from .plugins import app_modules
from .sites import site_identity

logger = logging.getLogger(__name__)

Status = OutgoingMail.Status
# A queued mail whose attempt is this much overdue lost its task (e.g. a worker killed mid-task).
STUCK_AFTER = timedelta(minutes=15)


def clean_header(value, limit: int = SUBJECT_MAX_LENGTH) -> str:
    """One line of at most ``limit`` characters: control characters (CR, LF, NUL, ...) and line
    separators become spaces, runs of white space one space, so no input can add a header."""
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in str(value))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mail_language(language: str | None = None) -> str:
    """The language to write in: the recipient's if known, else the language of the request that
    causes the mail (the active one), else the portal's default (German)."""
    try:
        return translation.get_supported_language_variant(language or translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _addresses(values: Iterable[str] | str | None) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    return list(dict.fromkeys(address for address in (clean_header(value, 254) for value in values) if address))


def render_mail(*, template: str, context: dict | None = None, subject=None, language: str | None = None) -> tuple:
    """``(subject, body, language)`` of a mail without the signature: ``<template>_subject.txt``
    (or ``subject``) and ``<template>.txt`` (allauth's ``_message.txt`` too) rendered in
    ``language`` (see ``mail_language``)."""
    language = mail_language(language)
    with translation.override(language):
        context = {"site": site_identity(), "site_url": site_url(), **(context or {})}
        subject = clean_header(subject if subject is not None else render_to_string(f"{template}_subject.txt", context))
        body = select_template([f"{template}.txt", f"{template}_message.txt"]).render(context).strip()
    return subject, body, language


def queue_mail(
    *,
    to: Iterable[str] | str,
    template: str,
    context: dict | None = None,
    subject=None,
    language: str | None = None,
    reply_to: Iterable[str] | str | None = None,
    headers: dict | None = None,
    kind: str | None = None,
    about=None,
    footer: str = "",
) -> OutgoingMail | None:
    """Render ``<template>_subject.txt`` (or take ``subject``) and ``<template>.txt`` (allauth's
    ``_message.txt`` too) in ``language`` (see ``mail_language``) and queue the mail to ``to``.

    Every mail gets the office's signature (area, office, address) and, unless ``reply_to`` says
    otherwise, a Reply-To with the office's address from the site settings. Call it inside the
    transaction that writes the data the mail reports.

    ``kind`` makes the mail a notification each recipient controls (immediately, in a daily or
    weekly digest, or not at all; ``about`` is the object it reports, so a digest lists it once):
    the ``mailrouting`` plug-in (apps/notifications) decides per recipient and returns the last
    mail queued at once, if any. Mails without a kind (account, password, confirmations) are
    always sent. ``footer`` goes between the text and the signature."""
    recipients = _addresses(to)
    if not recipients:
        return None
    if kind is not None:
        for module in app_modules("mailrouting"):
            return module.route(
                to=recipients,
                template=template,
                context=context,
                subject=subject,
                language=language,
                reply_to=reply_to,
                headers=headers,
                kind=kind,
                about=about,
            )
    site = site_identity()
    subject, body, language = render_mail(template=template, context=context, subject=subject, language=language)
    with translation.override(language):
        signature = render_to_string("core/email/signature.txt", {"site": site, "site_url": site_url()}).strip()
    footer = f"\n\n{footer.strip()}" if footer.strip() else ""
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            template=template[:200],
            recipients="\n".join(recipients),
            reply_to="\n".join(_addresses(reply_to if reply_to is not None else site.email)),
            subject=subject,
            body=f"{body}{footer}\n\n-- \n{signature}\n".replace("\x00", ""),
            headers={clean_header(key, 100): clean_header(value, 900) for key, value in (headers or {}).items()},
            language=language,
        )
        _enqueue(mail)
    return mail


def _enqueue(mail: OutgoingMail, *, run_after=None) -> None:
    """A task that delivers the mail (at ``run_after``), written in the current transaction."""
    from .tasks import deliver_mail

    task = deliver_mail if run_after is None else deliver_mail.using(run_after=run_after)
    if run_after is not None and not task.get_backend().supports_defer:
        return  # a backend without deferred tasks (tests' immediate backend): requeue_stuck() retries
    task.enqueue(mail.pk)


def message(mail: OutgoingMail) -> EmailMessage:
    host = urlsplit(site_url()).hostname or "localhost"
    headers = {
        "Message-ID": f"<mail.{mail.pk}.{int(mail.created_at.timestamp())}@{host}>",
        "Auto-Submitted": "auto-generated",
        "Content-Language": mail.language,
        **mail.headers,
    }
    return EmailMessage(
        mail.subject,
        mail.body,
        settings.DEFAULT_FROM_EMAIL,
        mail.recipient_list,
        reply_to=mail.reply_to_list,
        headers=headers,
    )


def is_permanent(error: Exception) -> bool:
    """Errors that a later attempt cannot cure: 5xx answers, refused recipients, bad addresses."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, BadHeaderError | ValueError | UnicodeError)


def deliver(mail_id: int) -> str:
    """Send one queued mail (the worker's task). The row stays locked while the SMTP server is
    talked to and is marked sent in the same transaction, so no second worker sends it again."""
    now = timezone.now()
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != Status.QUEUED:
            return "skipped"
        if mail.next_attempt_at and mail.next_attempt_at > now + timedelta(seconds=1):
            return "not due"  # a doubled task; the one for the next attempt comes later
        mail.attempts += 1
        try:
            message(mail).send()
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the row and retried
            _record_failure(mail, error, now)
        else:
            mail.status, mail.sent_at, mail.next_attempt_at = Status.SENT, timezone.now(), None
            mail.save(update_fields=["status", "sent_at", "next_attempt_at", "attempts"])
        return mail.status


def _record_failure(mail: OutgoingMail, error: Exception, now) -> None:
    delays = settings.MAIL_RETRY_DELAYS
    mail.last_error = f"{type(error).__name__}: {error} (attempt {mail.attempts}, {now:%Y-%m-%d %H:%M:%S %Z})"[:2000]
    if is_permanent(error) or mail.attempts > len(delays):
        mail.status, mail.next_attempt_at = Status.FAILED, None
        logger.error("mail %s failed for good: %s", mail.pk, mail.last_error)
    else:
        mail.next_attempt_at = now + timedelta(seconds=delays[mail.attempts - 1])
        _enqueue(mail, run_after=mail.next_attempt_at)
        logger.warning("mail %s not sent, next attempt at %s: %s", mail.pk, mail.next_attempt_at, mail.last_error)
    mail.save(update_fields=["status", "next_attempt_at", "attempts", "last_error"])


@transaction.atomic
def send_again(mails) -> int:
    """Queue failed mails once more with a fresh set of attempts (the admin's action)."""
    count = 0
    for mail in mails.select_for_update().filter(status=Status.FAILED):
        mail.status, mail.attempts, mail.next_attempt_at = Status.QUEUED, 0, timezone.now()
        mail.save(update_fields=["status", "attempts", "next_attempt_at"])
        _enqueue(mail)
        count += 1
    return count


def requeue_stuck(*, now=None) -> int:
    """Scheduled job: a new task for every queued mail that is long overdue (its task was lost,
    e.g. with a worker killed in the middle of it). Doubled tasks are harmless (see ``deliver``)."""
    cutoff = (now or timezone.now()) - STUCK_AFTER
    stuck = OutgoingMail.objects.filter(status=Status.QUEUED).alias(due=Coalesce(F("next_attempt_at"), F("created_at")))
    count = 0
    with transaction.atomic():
        for mail in stuck.filter(due__lt=cutoff).only("pk"):
            _enqueue(mail)
            count += 1
    return count


def prune_sent(*, now=None) -> int:
    """Scheduled job: delete sent mails after ``MAIL_KEEP_DAYS`` (they hold personal data and
    confirmation links); failed ones stay until the QM team has dealt with them."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MAIL_KEEP_DAYS)
    deleted, _rows = OutgoingMail.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()
    return deleted
