from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "apps.ideas"
    label = "ideas"
    verbose_name = _("Ideas and concerns")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.paging import bump_count_version

        from .models import Idea

        # The idea list caches its total (apps.paging); new, changed or deleted ideas renew it.
        post_save.connect(bump_count_version, sender=Idea, dispatch_uid="ideas_count_version_save")
        post_delete.connect(bump_count_version, sender=Idea, dispatch_uid="ideas_count_version_delete")
