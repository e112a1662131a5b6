"""Writes that touch several models or send mail: submitting, confirming and moderating suggestions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.links import reverse_absolute
from apps.core.mail import queue_mail
from apps.core.signing import expired_before, make_token, read_token_or_none

from .models import (
    SUGGESTED_FIELDS,
    SUGGESTED_RELATIONS,
    Actor,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    actor_snapshot,
)

CONFIRM_PURPOSE = "network.suggestion.confirm"  # settings.SIGNED_LINK_MAX_AGE


def suggestion_token(suggestion: Suggestion) -> str:
    return make_token(CONFIRM_PURPOSE, suggestion.pk)


def suggestion_from_token(token: str) -> Suggestion | None:
    """The suggestion a valid, unexpired confirmation token names, else None."""
    pk = read_token_or_none(CONFIRM_PURPOSE, token)
    return None if pk is None else Suggestion.objects.select_related("actor").filter(pk=pk).first()


@transaction.atomic
def suggestion_submit(*, form, actor: Actor | None) -> Suggestion:
    """Save a visitor's suggestion (unconfirmed) and mail the confirmation link to the suggester."""
    suggestion = form.save(commit=False)
    if actor is not None:
        suggestion.kind = SuggestionKind.CORRECTION
        suggestion.actor = actor
        suggestion.original = actor_snapshot(actor)
    else:
        suggestion.kind = SuggestionKind.NEW_ENTRY
    suggestion.save()
    form.save_m2m()
    link = reverse_absolute("network:suggestion_confirm", token=suggestion_token(suggestion))
    queue_mail(
        to=suggestion.suggester_email,
        template="network/email/confirm",
        context={"suggestion": suggestion, "link": link},
    )
    return suggestion


@transaction.atomic
def suggestion_confirm(*, suggestion: Suggestion) -> bool:
    """Confirm the suggester's e-mail address. False if it was already confirmed. The QM office
    is told by the hourly office digest (apps/notifications/office.py)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.UNCONFIRMED:
        return False
    suggestion.change_status(SuggestionStatus.NEW, comment=_("E-mail address confirmed."))
    return True


def _apply(actor: Actor, values: dict, fields) -> None:
    for field in fields:
        if field in SUGGESTED_RELATIONS:
            continue
        setattr(actor, field, values[field])


@transaction.atomic
def suggestion_approve(*, suggestion: Suggestion, by, comment: str = "") -> Actor:
    """Approve: a new entry creates a published actor; a correction applies the fields the
    suggester changed (fields the QM team changed meanwhile stay as they are). Mails the suggester."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.NEW:
        raise ValidationError(_("Only confirmed suggestions awaiting moderation can be approved."), code="not_new")
    values = suggestion.proposed_values()
    if suggestion.kind == SuggestionKind.NEW_ENTRY:
        actor = Actor(slug=Actor.unique_slug(suggestion.name), is_published=True)
        _apply(actor, values, SUGGESTED_FIELDS)
        actor.full_clean()
        actor.save()
        actor.languages.set(values["languages"])
        actor.fields_of_action.set(values["fields_of_action"])
        suggestion.actor = actor
        suggestion.save(update_fields=["actor"])
    else:
        actor = suggestion.actor
        changed = suggestion.changes()
        _apply(actor, values, changed)
        actor.full_clean()
        actor.save()
        for relation in SUGGESTED_RELATIONS:
            if relation in changed:
                getattr(actor, relation).set(values[relation])
    # The workflow mails the decision to the suggester.
    suggestion.change_status(SuggestionStatus.APPROVED, by=by, comment=comment or suggestion.moderator_comment)
    return actor


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, by, comment: str = "") -> None:
    """Reject a suggestion; a confirmed suggester gets the reason by e-mail (the workflow's mail)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.change_status(SuggestionStatus.REJECTED, by=by, comment=comment or suggestion.moderator_comment)


def unconfirmed_purge(*, now=None) -> int:
    """Delete suggestions whose e-mail address was not confirmed while the link was valid."""
    cutoff = expired_before(CONFIRM_PURPOSE, now)
    deleted, _rows = Suggestion.objects.filter(status=SuggestionStatus.UNCONFIRMED, created_at__lt=cutoff).delete()
    return deleted
