"""Reading and writing each person's settings (rows only where a choice was saved)."""

from django.db import transaction

from .models import DEFAULTS, Choice, Kind, Preference


def choices_for(emails, kind) -> dict[str, str]:
    """``{address (lower case): choice}`` for one kind, in one query."""
    emails = {email.lower() for email in emails}
    saved = dict(Preference.objects.filter(kind=kind, email__in=emails).values_list("email", "choice"))
    return {email: saved.get(email, DEFAULTS[Kind(kind)]) for email in emails}


def settings_of(email: str, kinds=None) -> dict[str, str]:
    """``{kind: choice}`` of one address for ``kinds`` (all kinds by default)."""
    kinds = list(kinds or Kind.values)
    saved = dict(Preference.objects.filter(email=email.lower(), kind__in=kinds).values_list("kind", "choice"))
    return {kind: saved.get(kind, DEFAULTS[Kind(kind)]) for kind in kinds}


@transaction.atomic
def save(email: str, values: dict) -> None:
    """Store ``{kind: choice}`` for the address."""
    email = email.lower()
    for kind, choice in values.items():
        Preference.objects.update_or_create(email=email, kind=Kind(kind), defaults={"choice": Choice(choice)})
