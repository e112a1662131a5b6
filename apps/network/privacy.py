"""Privacy plug-in (see apps/accounts/privacy.py): directory suggestions sent from the person's
address. Erasure deletes them (the directory entries they led to are the organisations' data)."""

from apps.accounts.privacy import rows

from .models import Suggestion


def export(user) -> dict:
    return {"directory suggestions": rows(Suggestion.objects.filter(suggester_email__iexact=user.email))}


def erase(user) -> None:
    Suggestion.objects.filter(suggester_email__iexact=user.email).delete()
