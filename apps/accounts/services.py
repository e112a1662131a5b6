"""Privacy self-service: "Meine Daten herunterladen" (a ZIP with JSON and the person's uploads)
and "Konto löschen" (each app erases or anonymises its part, then the account row is emptied).
The apps contribute through their ``privacy`` modules (see apps/accounts/privacy.py); the QM team
runs the same erasure from the admin."""

import io
import json
import zipfile
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from apps.core import plugins

PRIVACY_MODULE = "privacy"


def retention_years() -> int:
    return settings.FUNDING_RETENTION_YEARS


def personal_data_export(*, user) -> bytes:
    """A ZIP archive: ``daten.json`` with every section the apps hold about ``user`` and
    ``uploads/<app>/<file>`` with the person's uploads."""
    data = {"exported_at": timezone.now(), "sections": {}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for module in plugins.app_modules(PRIVACY_MODULE):
            app = module.__name__.split(".")[1]
            data["sections"].update(module.export(user))
            for upload in getattr(module, "uploads", lambda user: [])(user):
                try:
                    with upload.open("rb") as handle:
                        archive.writestr(f"uploads/{app}/{PurePosixPath(upload.name).name}", handle.read())
                except FileNotFoundError:
                    continue
        archive.writestr("daten.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    return buffer.getvalue()


@transaction.atomic
def account_erase(*, user) -> None:
    """Erase a person's account: every app deletes what is theirs or anonymises what must be kept
    (funding and action fund applications for the retention period); then the account row keeps
    no personal data and can no longer log in. Records that point to it (jury votes, council seats,
    kept applications) stay intact and name nobody."""
    for module in plugins.app_modules(PRIVACY_MODULE):
        module.erase(user)
    addresses = {user.email.lower(), *(a.lower() for a in user.emailaddress_set.values_list("email", flat=True))}
    AccessAttempt.objects.filter(username__in=addresses).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"geloescht-{user.pk}@konto.invalid"
    user.first_name = user.last_name = user.display_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).update(
        object_repr=user.email
    )


def personal_data_purge(*, now=None) -> dict[str, int]:
    """Delete decided applications FUNDING_RETENTION_YEARS after the decision (each app's
    ``privacy.purge(now=...)`` returns how many it deleted). Submissions never confirmed by e-mail
    are deleted earlier by the apps' own jobs (ideas, action fund, directory)."""
    now = now or timezone.now()
    counts = {}
    for module in plugins.app_modules(PRIVACY_MODULE):
        purge = getattr(module, "purge", None)
        if purge is not None:
            counts[module.__name__.split(".")[1]] = purge(now=now)
    return counts


def retention_cutoff(now):
    """Decided applications older than this are purged."""
    from datetime import timedelta

    return now - timedelta(days=365 * settings.FUNDING_RETENTION_YEARS)
