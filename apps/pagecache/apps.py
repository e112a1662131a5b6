from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "apps.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Watch the SQL of every connection (reads of rendered pages, writes everywhere).
        from django.core.signals import setting_changed

        from . import cache

        cache.connect()
        setting_changed.connect(cache.clear_local_memo, dispatch_uid="pagecache_clear_local_memo")
