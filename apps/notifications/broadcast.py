"""Announcements fanned out to the people who want them (a scheduled job, see jobs.py): new
calls for proposals and news posts to every verified account, new council meetings to council
members, jury rounds opened to the jurors of the round's fund year, and newly published comments
to the author of the idea. A ``Broadcast`` row makes each go out once; each recipient's setting
decides immediately / digest / off (``queue_mail(kind=...)``, see mailrouting.py).

The job looks at objects and not at signals, so scheduled news, calls published by a later
edit and comments approved in bulk are all caught; only recent ones count (``WINDOWS``), so
installing this app does not announce the archive."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from apps.accounts.roles import Role
from apps.actionfund.models import Round, RoundStatus
from apps.core.links import absolute_url
from apps.core.mail import queue_mail
from apps.council.models import Meeting, MeetingStatus
from apps.funding.models import Call
from apps.ideas.models import Comment, CommentStatus
from apps.pages.models import NewsPost

from .models import DEFAULTS, Broadcast, Choice, Kind, Preference


def verified_accounts():
    """Active accounts with a verified e-mail address (the only ones announcements go to)."""
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=verified)


def subscribed(users, kind: str) -> list[str]:
    """The addresses of ``users`` whose setting for ``kind`` is not "off" (for a kind that is off
    by default, only those who switched it on: one query either way)."""
    if DEFAULTS[Kind(kind)] == Choice.OFF:
        wanted = Preference.objects.filter(kind=kind).exclude(choice=Choice.OFF).values("email")
        users = users.alias(lower_email=Lower("email")).filter(lower_email__in=wanted)  # stored in lower case
    return sorted(set(users.values_list("email", flat=True)))


def _council_members():
    return verified_accounts().filter(Q(groups__name=Role.COUNCIL)).distinct()


@dataclass(frozen=True)
class Source:
    kind: Kind
    template: str
    candidates: Callable  # (now) -> queryset of objects to announce
    recipients: Callable  # (object) -> list of addresses (before the settings)
    context: Callable = lambda obj: {"link": absolute_url(obj)}


def _call_candidates(now):
    return Call.objects.published().filter(deadline__gt=now, created_at__gte=now - timedelta(days=60))


def _news_candidates(now):
    return NewsPost.objects.published(now).filter(published_at__gte=now - timedelta(days=7))


def _meeting_candidates(now):
    return Meeting.objects.filter(
        status__in=[MeetingStatus.PLANNED, MeetingStatus.INVITED],
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=90),
    )


def _round_candidates(now):
    return Round.objects.filter(status=RoundStatus.OPEN, opened_at__gte=now - timedelta(days=14)).select_related(
        "fund_year"
    )


def _comment_candidates(now):
    return (
        Comment.objects.filter(status=CommentStatus.APPROVED, created_at__gte=now - timedelta(days=30))
        .exclude(idea__email="")
        .select_related("idea", "author")
    )


def _comment_recipients(comment) -> list[str]:
    if comment.author.email.lower() == comment.idea.email.lower():
        return []
    return [comment.idea.email]


def _jurors(round) -> list[str]:
    jurors = round.fund_year.jurors.filter(is_active=True, pk__in=verified_accounts().values("pk"))
    return subscribed(jurors, Kind.JURY_ROUND)


SOURCES = [
    Source(
        Kind.CALL,
        "notifications/email/call",
        _call_candidates,
        lambda call: subscribed(verified_accounts(), Kind.CALL),
    ),
    Source(
        Kind.NEWS,
        "notifications/email/news",
        _news_candidates,
        lambda post: subscribed(verified_accounts(), Kind.NEWS),
    ),
    Source(
        Kind.COUNCIL_MEETING,
        "notifications/email/council_meeting",
        _meeting_candidates,
        lambda meeting: subscribed(_council_members(), Kind.COUNCIL_MEETING),
    ),
    Source(Kind.JURY_ROUND, "notifications/email/jury_round", _round_candidates, _jurors),
    Source(
        Kind.IDEA_COMMENT,
        "notifications/email/comment",
        _comment_candidates,
        _comment_recipients,
        lambda comment: {"idea": comment.idea, "link": absolute_url(comment.idea)},
    ),
]


def key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def announce(source: Source, obj) -> int | None:
    """Fan one object out unless that was done; returns the number of addresses (None: done before)."""
    with transaction.atomic():
        row, created = Broadcast.objects.get_or_create(kind=source.kind, object_key=key(obj))
        if not created:
            return None
        recipients = source.recipients(obj)
        context = {"object": obj, **source.context(obj)}
        if recipients:
            queue_mail(to=recipients, template=source.template, context=context, kind=source.kind, about=obj)
        row.recipients = len(recipients)
        row.save(update_fields=["recipients"])
    return len(recipients)


def broadcast_new(*, now=None) -> int:
    """Scheduled job: announce every recent object not yet announced; returns how many."""
    now = now or timezone.now()
    count = 0
    for source in SOURCES:
        candidates = list(source.candidates(now))
        done = set(
            Broadcast.objects.filter(kind=source.kind, object_key__in=[key(obj) for obj in candidates]).values_list(
                "object_key", flat=True
            )
        )
        for obj in candidates:
            if key(obj) not in done and announce(source, obj) is not None:
                count += 1
    return count


def prune(*, now=None, days: int = 120) -> int:
    """Records older than every window above can go."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _rows = Broadcast.objects.filter(created_at__lt=cutoff).delete()
    return deleted
