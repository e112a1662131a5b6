import threading
import time

from django.utils.functional import SimpleLazyObject

from .models import Page, SiteSettings

# Settings, logos and menu pages are on every page but change rarely: each worker process keeps
# them for a minute (measured by ``make bench``: three queries and ~0.5 ms fewer per page).
# Saving or deleting one of them clears the copy of the process that did it (see apps.py); the
# other workers follow within SITE_CACHE_SECONDS. The objects are shared: read them, never save them.
SITE_CACHE_SECONDS = 60
_cache = {"expires": 0.0, "data": None}
_lock = threading.Lock()


def clear_site_cache(**kwargs) -> None:
    """Signal receiver: forget the cached settings and menu pages."""
    with _lock:
        _cache["expires"], _cache["data"] = 0.0, None


def _load() -> dict:
    data = _cache["data"]
    if data is not None and _cache["expires"] > time.monotonic():
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
        _cache["expires"], _cache["data"] = time.monotonic() + SITE_CACHE_SECONDS, data
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
