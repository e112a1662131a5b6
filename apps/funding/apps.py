from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "apps.funding"
    label = "funding"
    verbose_name = _("Project funding")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.paging import bump_count_version

        from .models import Application

        # The funded projects list caches its total (apps.paging); changed applications renew it.
        post_save.connect(bump_count_version, sender=Application, dispatch_uid="funding_count_version_save")
        post_delete.connect(bump_count_version, sender=Application, dispatch_uid="funding_count_version_delete")
