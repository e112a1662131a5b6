"""Subscribing (double opt-in), confirming, unsubscribing, and sending an issue through the queue."""

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.core.links import absolute_url, reverse_absolute
from apps.core.mail import mail_language, queue_mail
from apps.core.signing import expired_before, make_token, read_token_or_none
from apps.core.sites import site_identity

from .models import Delivery, Issue, Subscription

CONFIRM_PURPOSE = "newsletter.confirm"  # settings.SIGNED_LINK_MAX_AGE
UNSUBSCRIBE_PURPOSE = "newsletter.unsubscribe"
ISSUE_TEMPLATE = "newsletter/email/issue"


def _token(purpose: str, subscription: Subscription) -> str:
    return make_token(purpose, {"s": subscription.pk, "e": subscription.email.lower()})


def _from_token(purpose: str, token: str, queryset=None) -> Subscription | None:
    value = read_token_or_none(purpose, token)
    if not isinstance(value, dict) or not isinstance(value.get("s"), int):
        return None
    queryset = queryset if queryset is not None else Subscription.objects.all()
    return queryset.filter(pk=value["s"], email__iexact=str(value.get("e", ""))).first()


def confirm_url(subscription: Subscription) -> str:
    return reverse_absolute("newsletter:confirm", token=_token(CONFIRM_PURPOSE, subscription))


def unsubscribe_url(subscription: Subscription) -> str:
    return reverse_absolute("newsletter:unsubscribe", token=_token(UNSUBSCRIBE_PURPOSE, subscription))


def subscribe(*, email: str, language: str | None = None) -> None:
    """Ask the address to confirm. An address that is confirmed already gets nothing (and the page
    says the same as for a new one, so nobody learns who subscribed)."""
    language = mail_language(language)
    try:
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
            if subscription is not None and subscription.is_confirmed:
                return
            if subscription is None:
                subscription = Subscription.objects.create(email=email, language=language)
            else:  # asked again: a fresh link period
                subscription.language, subscription.created_at = language, timezone.now()
                subscription.save(update_fields=["language", "created_at"])
            queue_mail(
                to=subscription.email,
                template="newsletter/email/confirm",
                context={"link": confirm_url(subscription)},
                language=language,
            )
    except IntegrityError:  # the same address at the same moment: the other request mails
        return


def subscription_to_confirm(token: str) -> Subscription | None:
    return _from_token(CONFIRM_PURPOSE, token)


@transaction.atomic
def confirm(subscription: Subscription) -> bool:
    """Record the consent. False if it was given before."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_confirmed:
        return False
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    return True


def subscription_to_end(token: str) -> Subscription | None:
    return _from_token(UNSUBSCRIBE_PURPOSE, token)


def unsubscribe(subscription: Subscription) -> None:
    """End the subscription: the row and its delivery records are deleted at once."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def unsubscribe_headers(subscription: Subscription) -> dict:
    """RFC 2369 List-Unsubscribe with RFC 8058 one-click: mail programs POST to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def issue_content(issue: Issue) -> dict:
    """The issue's published news posts and its events with their next date (from now)."""
    now = timezone.now()
    events = (
        issue.events.filter(is_published=True)
        .select_related("actor")
        .annotate(next_start=Min("occurrences__starts_at", filter=Q(occurrences__starts_at__gte=now)))
        .order_by("next_start", "starts_at", "pk")
    )
    return {
        "posts": [
            {"title": post.title, "teaser": post.teaser, "url": absolute_url(post)}
            for post in issue.news_posts.published().order_by("-published_at", "-pk")
        ],
        "events": [
            {"title": event.title, "when": event.next_start, "place": event.place, "url": absolute_url(event)}
            for event in events
            if event.next_start is not None
        ],
    }


def issue_context(issue: Issue, subscription: Subscription, content: dict) -> dict:
    return {
        "issue": issue,
        **content,
        "subscription": subscription,
        "unsubscribe_url": unsubscribe_url(subscription) if subscription.pk else "",
    }


def preview(issue: Issue, subscription: Subscription, language: str) -> str:
    """The mail's text as a subscriber gets it (for the admin's preview)."""
    with translation.override(language):
        context = {"site": site_identity(), **issue_context(issue, subscription, issue_content(issue))}
        body = render_to_string(f"{ISSUE_TEMPLATE}.txt", context).strip()
        signature = render_to_string("core/email/signature.txt", context).strip()
    return f"{body}\n\n-- \n{signature}\n"


def send_issue(issue: Issue, *, by) -> int:
    """Queue the issue for every confirmed subscription that has not had it; returns how many.

    The issue row is locked, and ``Delivery`` is unique per issue and subscription, so sending
    twice (a double click, two QM team members at once) never mails anybody twice."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        content = issue_content(issue)
        pending = Subscription.objects.confirmed().exclude(deliveries__issue=issue).order_by("pk")
        count = 0
        for subscription in pending:
            mail = queue_mail(
                to=subscription.email,
                template=ISSUE_TEMPLATE,
                subject=issue.subject,
                context=issue_context(issue, subscription, content),
                language=subscription.language,
                headers=unsubscribe_headers(subscription),
            )
            Delivery.objects.create(issue=issue, subscription=subscription, mail=mail)
            count += 1
        if issue.sent_at is None:
            issue.sent_at, issue.sent_by = timezone.now(), by
            issue.save(update_fields=["sent_at", "sent_by"])
    return count


def unconfirmed_purge(*, now=None) -> int:
    """Delete subscription requests whose confirmation link has expired."""
    deleted, _rows = (
        Subscription.objects.unconfirmed().filter(created_at__lt=expired_before(CONFIRM_PURPOSE, now)).delete()
    )
    return deleted
