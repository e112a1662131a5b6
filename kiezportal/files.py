"""Upload handling shared by every app: non-guessable names, private storage, checks.

Public images (slides, news, idea photos) go to the default storage under MEDIA_ROOT.
Documents that are not public (confidential council papers, application attachments,
receipts) go to the "private" storage, which has no URL: a view that checks
permissions streams them with ``FileResponse``.
"""

import secrets
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _


class PrivateStorage(LazyObject):
    """The "private" storage of settings.STORAGES, looked up when first used (like Django's
    default_storage), so a changed STORAGES setting (tests) reaches fields defined at import."""

    def _setup(self):
        self._wrapped = storages["private"]


private_media = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        private_media._wrapped = empty


def private_storage():
    """The storage for non-public documents (a callable, so migrations stay stable)."""
    return private_media


@deconstructible
class RandomName:
    """``upload_to`` that keeps the extension but replaces the name with a random token."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"{self.folder}/{secrets.token_urlsafe(24)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


@deconstructible
class MaxFileSize:
    """Validator: the file is at most ``megabytes`` MB."""

    def __init__(self, megabytes: int):
        self.megabytes = megabytes

    def __call__(self, file) -> None:
        if file.size > self.megabytes * 1024 * 1024:
            raise ValidationError(
                _("The file is too large (at most %(max)s MB)."),
                code="file_too_large",
                params={"max": self.megabytes},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSize) and other.megabytes == self.megabytes


def validate_pdf(file) -> None:
    """Validator: the upload is a real PDF (checked by its first bytes, not its name)."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    header = file.read(5)
    file.seek(position)
    if header != b"%PDF-":
        raise ValidationError(_("Please upload a PDF file."), code="not_pdf")
