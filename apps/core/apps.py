"""What every app shares and nothing domain-specific: absolute links, the mail path, signed
links, files, money formatting, the audited status-change base. Domain apps import core;
core imports no domain app (tests/test_architecture.py)."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Shared services")

    def ready(self) -> None:
        from django.apps import apps

        from . import checks  # noqa: F401 - registers the system checks
        from .sites import sync_site

        # After the sites framework's own receiver has created its default row.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"), dispatch_uid="core_sync_site")

        from .files import configure_pillow

        configure_pillow()
