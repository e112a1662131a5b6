import threading
import time

from django.utils.functional import SimpleLazyObject

from .models import Page, SiteSettings
from .pagecache import data_version

# Settings, logos and menu pages are on every page but change rarely: each worker process keeps
# them (measured by ``make bench``: three queries and ~0.5 ms fewer per page) until the page
# cache's data version changes, which every write does (pagecache.py), or for at most
# SITE_CACHE_SECONDS. The objects are shared: read them, never save them.
SITE_CACHE_SECONDS = 300
_cache = {"expires": 0.0, "data": None, "version": None}
_lock = threading.Lock()


def clear_site_cache(**kwargs) -> None:
    """Forget the cached settings and menu pages (on a settings change in tests)."""
    with _lock:
        _cache["expires"], _cache["data"] = 0.0, None


def _load() -> dict:
    data = _cache["data"]
    version = data_version()
    if data is not None and _cache["expires"] > time.monotonic() and _cache["version"] == version:
        return data
    settings = SiteSettings.load()
    settings.logo_list = list(settings.logos.all())
    pages = list(Page.objects.published().exclude(menu=Page.Menu.NONE).only("title", "slug", "menu", "order"))
    data = {
        "settings": settings,
        "menu": {
            "about": [page for page in pages if page.menu == Page.Menu.ABOUT],
            "footer": [page for page in pages if page.menu == Page.Menu.FOOTER],
        },
    }
    with _lock:
        _cache["expires"], _cache["data"], _cache["version"] = time.monotonic() + SITE_CACHE_SECONDS, data, version
    return data


def cached_site_settings() -> SiteSettings:
    """The site settings row from the per-process cache (read-only use: never save it)."""
    return _load()["settings"]


def site(request):
    """Site settings and menu pages for the base layout, loaded only when a template uses them."""
    return {
        "site_settings": SimpleLazyObject(lambda: _load()["settings"]),
        "menu_pages": SimpleLazyObject(lambda: _load()["menu"]),
    }
