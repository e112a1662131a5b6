"""Privacy plug-in (see apps/accounts/privacy.py): directory suggestions sent from the person's
address. Erasure deletes them (the directory entries they led to are the organisations' data)."""

from apps.accounts.privacy import rows
from apps.accounts.services import retention_cutoffs

from .models import Suggestion, SuggestionStatus


def export(user) -> dict:
    return {"directory suggestions": rows(Suggestion.objects.filter(suggester_email__iexact=user.email))}


def erase(user) -> None:
    Suggestion.objects.filter(suggester_email__iexact=user.email).delete()


def purge(*, now) -> int:
    """Suggestions never confirmed by e-mail, after UNCONFIRMED_RETENTION_DAYS."""
    unconfirmed_before, _decided_before = retention_cutoffs(now)
    stale = Suggestion.objects.filter(status=SuggestionStatus.UNCONFIRMED, created_at__lt=unconfirmed_before)
    return stale.delete()[1].get(Suggestion._meta.label, 0)
