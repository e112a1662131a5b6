"""Privacy plug-in (see apps/accounts/privacy.py): event suggestions sent from the person's
address. Erasure deletes them (the events they led to are the organisers' public data)."""

from apps.accounts.privacy import rows

from .models import EventSuggestion


def export(user) -> dict:
    return {"event suggestions": rows(EventSuggestion.objects.filter(suggester_email__iexact=user.email))}


def erase(user) -> None:
    EventSuggestion.objects.filter(suggester_email__iexact=user.email).delete()
