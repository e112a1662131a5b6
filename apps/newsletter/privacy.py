"""Privacy plug-in (see apps/accounts/privacy.py): the newsletter subscription of the person's
address, with the dates of the request and of the consent. Erasure ends it."""

from apps.accounts.privacy import rows

from .models import Subscription


def export(user) -> dict:
    return {"newsletter subscriptions": rows(Subscription.objects.filter(email__iexact=user.email))}


def erase(user) -> None:
    Subscription.objects.filter(email__iexact=user.email).delete()
