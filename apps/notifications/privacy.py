"""Privacy plug-in (see apps/accounts/privacy.py): the person's notification settings and the
digest items waiting for them, both keyed by the e-mail address."""

from apps.accounts.privacy import rows

from .models import DigestItem, Preference


def export(user) -> dict:
    email = user.email.lower()
    return {
        "notification settings": rows(Preference.objects.filter(email=email)),
        "digest items": rows(DigestItem.objects.filter(email=email)),
    }


def erase(user) -> None:
    email = user.email.lower()
    Preference.objects.filter(email=email).delete()
    DigestItem.objects.filter(email=email).delete()
