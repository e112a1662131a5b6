"""Privacy plug-in (see apps/accounts/privacy.py): a council member's seats. They are part of the
council's record (attendance, votes, minutes) and stay; once the account is erased they name nobody."""

from apps.accounts.privacy import rows

from .models import Membership


def export(user) -> dict:
    return {"council seats": rows(Membership.objects.filter(user=user))}


def erase(user) -> None:
    """Seats stay with the council's record; the account they point to is anonymised."""
