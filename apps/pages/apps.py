from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "apps.pages"
    label = "pages"
    verbose_name = _("Pages, news and site settings")

    def ready(self):
        # The layout's cached settings and menu follow the data version (context_processors.py);
        # tests change settings around every test and roll back the database: start clean.
        from django.core.signals import setting_changed

        from .context_processors import clear_site_cache

        setting_changed.connect(clear_site_cache, dispatch_uid="clear_site_cache_setting")
