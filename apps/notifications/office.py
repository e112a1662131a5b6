"""The QM office is told what came in: each source below writes an ``OfficeNotice`` when its
row is saved (a history row of a new idea, a submitted application, a confirmed directory
suggestion; a comment waiting for moderation; a provider's payment request or proof of use; an
accessibility feedback message), and the hourly
job mails one digest per kind to that kind's addresses (``OfficeRecipients`` in the admin, else
the office address of the site settings) — at most one per kind and hour.

A new source is one line in ``SOURCES``; a model that is not installed (yet) is skipped."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.urls import NoReverseMatch
from django.utils import timezone, translation

from apps.core.links import reverse_absolute
from apps.core.mail import queue_mail
from apps.core.money import euro
from apps.core.sites import site_identity

from .models import OfficeKind, OfficeNotice, OfficeRecipients

#: A second digest of a kind waits until this long after the last one.
MIN_INTERVAL = timedelta(minutes=55)


def admin_link(obj) -> str:
    meta = obj._meta
    try:
        return reverse_absolute(f"admin:{meta.app_label}_{meta.model_name}_change", obj.pk)
    except NoReverseMatch:
        return reverse_absolute("admin:index")


def key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


@dataclass(frozen=True)
class Source:
    kind: OfficeKind
    model: str  # "app_label.ModelName"
    when: Callable  # (row) -> bool: is this a notice?
    about: Callable = lambda row: row  # the object the notice is about (listed once)


def _online(obj) -> bool:
    """Not typed in by the QM team for someone at the office (apps/core/office.py): they know."""
    return getattr(obj, "entry_source", "online") == "online"


def _by_provider(user) -> bool:
    """Sent by the provider, not entered by the QM team (from a letter): the team knows those."""
    return user is not None and not user.is_staff


SOURCES = [
    Source(
        OfficeKind.IDEA,
        "ideas.StatusChange",
        lambda row: row.to_status == "new" and _online(row.idea),
        lambda r: r.idea,
    ),
    Source(OfficeKind.COMMENT, "ideas.Comment", lambda row: row.status == "pending"),
    Source(
        OfficeKind.FUNDING,
        "funding.StatusChange",
        lambda row: row.to_status == "submitted" and _online(row.application),
    ),
    Source(OfficeKind.FUNDING_PAYMENT, "funding.PaymentRequest", lambda row: _by_provider(row.requested_by)),
    Source(OfficeKind.FUNDING_PROOF, "funding.ProofOfUse", lambda row: _by_provider(row.submitted_by)),
    Source(
        OfficeKind.ACTIONFUND,
        "actionfund.ApplicationEvent",
        lambda row: row.to_status == "submitted" and _online(row.application),
    ),
    Source(
        OfficeKind.SUGGESTION, "network.SuggestionEvent", lambda row: row.to_status == "new", lambda r: r.suggestion
    ),
    Source(OfficeKind.FEEDBACK, "pages.AccessibilityFeedback", lambda row: True),
]


def _summary(kind: str, obj) -> str:
    if kind in (OfficeKind.FUNDING, OfficeKind.ACTIONFUND):
        application = obj.application
        return f"{application} (#{application.pk})"[:300]
    if kind == OfficeKind.FUNDING_PAYMENT:
        return f"{obj.application} (#{obj.application_id}): {euro(obj.amount)}"[:300]
    if kind == OfficeKind.FUNDING_PROOF:
        return f"{obj.application} (#{obj.application_id}): {obj.get_kind_display()}"[:300]
    if kind == OfficeKind.COMMENT:
        return f"{obj.idea}: {obj.text}"[:300]
    if kind == OfficeKind.FEEDBACK and obj.wants_answer:
        return f"{obj} [→ {obj.email}, {obj.due_on:%d.%m.%Y}]"[-300:]
    return str(obj)[:300]


def notice(kind: str, obj) -> None:
    """Record that ``obj`` came in (once per kind and object)."""
    # A payment request links to its own admin page (where it is marked paid); a proof of use to its project.
    to_application = (OfficeKind.FUNDING, OfficeKind.ACTIONFUND, OfficeKind.FUNDING_PROOF)
    link_target = obj.application if kind in to_application else obj
    with translation.override(settings.LANGUAGE_CODE):  # the digest is in the office's language
        summary = _summary(kind, obj)
    OfficeNotice.objects.bulk_create(
        [OfficeNotice(kind=kind, object_key=key(obj), summary=summary, link=admin_link(link_target))],
        ignore_conflicts=True,
    )


def _receiver(source: Source):
    def receive(sender, instance, created, raw=False, **kwargs):
        if created and not raw and source.when(instance):
            notice(source.kind, source.about(instance))

    return receive


_receivers = []  # strong references: signals keep weak ones


def connect() -> None:
    for source in SOURCES:
        try:
            model = apps.get_model(source.model)
        except LookupError:
            continue  # e.g. the accessibility feedback before it exists
        receiver = _receiver(source)
        _receivers.append(receiver)
        post_save.connect(receiver, sender=model, dispatch_uid=f"notifications.office.{source.model}")


def addresses(kind: str) -> list[str]:
    row = OfficeRecipients.objects.filter(kind=kind).first()
    if row is not None:
        return row.address_list
    email = site_identity().email
    return [email] if email else []


def _lock(kind: str) -> None:
    """Two runs at once (a job started by hand beside the scheduler's) take turns per kind, so the
    second sees the first one's digest and waits for the next hour (SQLite writes one at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"notifications.office.{kind}"])


def send_office_digest(kind: str, *, now=None) -> int:
    """One mail with every waiting notice of ``kind``; returns how many it lists (0: nothing
    waiting, or the last digest of this kind went out less than an hour ago)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(kind)
        if OfficeNotice.objects.filter(kind=kind, sent_at__gt=now - MIN_INTERVAL).exists():
            return 0
        notices = list(
            OfficeNotice.objects.select_for_update(skip_locked=True)
            .filter(kind=kind, sent_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not notices:
            return 0
        to = addresses(kind)
        if to:
            queue_mail(
                to=to,
                template="notifications/email/office",
                context={"kind": OfficeKind(kind).label, "notices": notices, "count": len(notices)},
                language=settings.LANGUAGE_CODE,  # the office's language
            )
        OfficeNotice.objects.filter(pk__in=[item.pk for item in notices]).update(sent_at=now)
    return len(notices)


def office_digests(*, now=None) -> int:
    """Scheduled job (hourly): one digest per kind with something waiting; returns mails queued."""
    now = now or timezone.now()
    kinds = set(OfficeNotice.objects.filter(sent_at__isnull=True).values_list("kind", flat=True).distinct())
    return sum(1 for kind in sorted(kinds) if send_office_digest(kind, now=now))


def prune(*, now=None, days: int = 60) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _rows = OfficeNotice.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
