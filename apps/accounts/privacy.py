"""Privacy plug-ins: each app may have a ``privacy`` module (found by ``apps.core.plugins``) with

- ``export(user) -> dict``: ``{section name: [row, ...]}`` of what the app holds about ``user``,
- ``uploads(user) -> list`` (optional): the person's uploaded files (``FieldFile``),
- ``erase(user) -> None``: delete what belongs to the person, or anonymise what must be kept.

``apps.accounts.services`` collects them for "Meine Daten herunterladen" and "Konto löschen", so
accounts imports no domain app. This module is the accounts app's own plug-in and holds the
helpers the others use."""

from allauth.account.models import EmailAddress

ERASED = "–"  # what an anonymised text field shows


def rows(queryset, *, exclude=()) -> list[dict]:
    """Every stored column of each object (uploads as their file name), for the export."""
    result = []
    for obj in queryset:
        row = {}
        for field in obj._meta.concrete_fields:
            if field.name in exclude:
                continue
            value = getattr(obj, field.attname)
            if hasattr(value, "name") and hasattr(value, "storage"):
                value = value.name or ""
            row[field.name] = value
        result.append(row)
    return result


def export(user) -> dict:
    return {
        "account": rows([user], exclude=("password",)),
        "roles": [{"group": name} for name in user.groups.values_list("name", flat=True)],
        "e-mail addresses": rows(EmailAddress.objects.filter(user=user)),
    }


def erase(user) -> None:
    """The account row itself is anonymised last by the service."""
