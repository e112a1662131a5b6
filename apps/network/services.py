"""Writes that touch several models or send mail: submitting suggestions and what approving one
does to the directory; confirming and moderating them is the one path of apps/core/suggestions.py."""

from django.db import transaction

from apps.core.suggestions import Suggestions

from .models import (
    SUGGESTED_FIELDS,
    SUGGESTED_RELATIONS,
    Actor,
    Suggestion,
    SuggestionKind,
    actor_snapshot,
)

CONFIRM_PURPOSE = "network.suggestion.confirm"  # settings.SIGNED_LINK_MAX_AGE


def _apply(actor: Actor, values: dict, fields) -> None:
    for field in fields:
        if field in SUGGESTED_RELATIONS:
            continue
        setattr(actor, field, values[field])


def suggestion_apply(suggestion: Suggestion) -> Actor:
    """On approval: a new entry creates a published actor; a correction applies the fields the
    suggester changed (fields the QM team changed meanwhile stay as they are)."""
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
        return actor
    actor = suggestion.actor
    changed = suggestion.changes()
    _apply(actor, values, changed)
    actor.full_clean()
    actor.save()
    for relation in SUGGESTED_RELATIONS:
        if relation in changed:
            getattr(actor, relation).set(values[relation])
    return actor


# The QM office is told of confirmed suggestions by the hourly office digest (apps/notifications/office.py).
SUGGESTIONS = Suggestions(
    model=Suggestion,
    purpose=CONFIRM_PURPOSE,
    confirm_url="network:suggestion_confirm",
    confirm_template="network/email/confirm",
    apply=suggestion_apply,
    related=("actor",),
)
suggestion_token = SUGGESTIONS.token
suggestion_from_token = SUGGESTIONS.from_token
suggestion_confirm = SUGGESTIONS.confirm
suggestion_approve = SUGGESTIONS.approve  # returns the actor
suggestion_reject = SUGGESTIONS.reject
unconfirmed_purge = SUGGESTIONS.purge


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
    SUGGESTIONS.mail_confirmation(suggestion)
    return suggestion
