"""The ``mailrouting`` plug-in of apps/core/mail.py: ``queue_mail(kind=...)`` ends up here and
each recipient's setting decides — immediately (queued as any mail, with the settings link and
the ``List-Unsubscribe`` headers), into the daily or weekly digest (a ``DigestItem``, once per
address, kind and object) or not at all."""

import hashlib

from django.db import transaction

from apps.core.mail import queue_mail, render_mail

from . import tokens
from .models import Choice, DigestItem, Kind
from .preferences import choices_for


def object_key(about, subject: str, body: str) -> str:
    """What makes a digest item unique besides address and kind: the reported object (a model
    instance or a string), else the mail's text."""
    if about is None:
        return "mail:" + hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:40]
    if hasattr(about, "_meta") and about.pk is not None:
        return f"{about._meta.label_lower}:{about.pk}"[:200]
    return str(about)[:200]


def route(*, to, template, context, subject, language, reply_to, headers, kind, about):
    kind = Kind(kind)
    choices = choices_for(to, kind)
    last = None
    digest_items = []
    for email in to:
        choice = choices[email.lower()]
        if choice == Choice.OFF:
            continue
        if choice == Choice.IMMEDIATE:
            mail = queue_mail(
                to=[email],
                template=template,
                context=context,
                subject=subject,
                language=language,
                reply_to=reply_to,
                headers={**(headers or {}), **tokens.headers(email, [kind])},
                footer=tokens.footer(email, [kind], _language(language)),
            )
            last = mail or last
            continue
        text_subject, body, used_language = render_mail(
            template=template, context=context, subject=subject, language=language
        )
        digest_items.append(
            DigestItem(
                email=email.lower(),
                kind=kind,
                frequency=choice,
                object_key=object_key(about, text_subject, body),
                subject=text_subject,
                body=body,
                language=used_language,
            )
        )
    if digest_items:
        with transaction.atomic():
            DigestItem.objects.bulk_create(digest_items, ignore_conflicts=True)
    return last


def _language(language):
    from apps.core.mail import mail_language

    return mail_language(language)
