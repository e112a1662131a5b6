from django.utils.functional import SimpleLazyObject

from apps.pagecache.cache import clear_local_memo, local_memo

from .models import Page, SiteSettings

# Settings, logos and menu pages are on every page but change rarely: each worker process keeps
# them until one of their tables is written (apps/pagecache/cache.py) or for at most
# SITE_CACHE_SECONDS. The objects are shared: read them, never save them.
SITE_CACHE_SECONDS = 300


def clear_site_cache(**kwargs) -> None:
    """Forget the kept settings and menu pages (on a settings change in tests)."""
    clear_local_memo()


def _compute() -> dict:
    settings = SiteSettings.load()
    settings.logo_list = list(settings.logos.all())
    pages = list(Page.objects.published().exclude(menu=Page.Menu.NONE).only("title", "slug", "menu", "order"))
    return {
        "settings": settings,
        "menu": {
            "about": [page for page in pages if page.menu == Page.Menu.ABOUT],
            "footer": [page for page in pages if page.menu == Page.Menu.FOOTER],
        },
    }


def _load() -> dict:
    return local_memo("pages:site", _compute, SITE_CACHE_SECONDS)


def cached_site_settings() -> SiteSettings:
    """The site settings row kept in this process (read-only use: never save it)."""
    return _load()["settings"]


def site(request):
    """Site settings and menu pages for the base layout, loaded only when a template uses them
    (once per request: checking the kept value costs a cache round trip)."""
    loaded = SimpleLazyObject(_load)
    return {
        "site_settings": SimpleLazyObject(lambda: loaded["settings"]),
        "menu_pages": SimpleLazyObject(lambda: loaded["menu"]),
    }
