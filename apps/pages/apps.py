from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "apps.pages"
    label = "pages"
    verbose_name = _("Pages, news and site settings")

    def ready(self):
        # Cache invalidation only (no domain logic): the layout's cached settings and menu.
        from django.core.signals import setting_changed
        from django.db.models.signals import post_delete, post_save

        from .context_processors import clear_site_cache
        from .models import FundingLogo, Page, SiteSettings

        for model in (SiteSettings, FundingLogo, Page):
            post_save.connect(clear_site_cache, sender=model, dispatch_uid=f"clear_site_cache_save_{model.__name__}")
            post_delete.connect(clear_site_cache, sender=model, dispatch_uid=f"clear_site_cache_del_{model.__name__}")
        # Tests change settings around every test and roll back the database: start clean.
        setting_changed.connect(clear_site_cache, dispatch_uid="clear_site_cache_setting")

        # Page cache: every committed write starts a new data version (apps/pages/pagecache.py);
        # so does the start of the web server (kiezportal/wsgi.py: new code, new templates).
        from django.db.models.signals import m2m_changed

        from .pagecache import bump_after_commit

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_after_commit, dispatch_uid=f"page_cache_{id(signal)}")
