from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from apps.core.compiled import compiled, run
from apps.pagecache.cache import clear_local_memo, local_memo

from .models import FundingLogo, Page, SiteSettings

# Settings, logos and menu pages are on every page but change rarely: each worker process keeps
# them until one of their tables is written (apps/pagecache/cache.py) or for at most
# SITE_CACHE_SECONDS. The objects are shared: read them, never save them.
SITE_CACHE_SECONDS = 300


def clear_site_cache(**kwargs) -> None:
    """Forget the kept settings and menu pages (on a settings change in tests)."""
    clear_local_memo()


def _querysets():
    return (
        SiteSettings.objects.filter(pk=1),
        FundingLogo.objects.filter(site_id=1),
        Page.objects.published().exclude(menu=Page.Menu.NONE).only("title", "slug", "menu", "order"),
    )


def _fetch(db: str) -> list[list]:
    """The instances of the three queries, compiled once per process and language (the menu is
    ordered by the title in the current language) and sent in one round trip (apps/core/compiled.py):
    after any write to these tables every page of every worker runs them again."""
    statements = compiled("pages:site", lambda: dict(enumerate(_querysets())), db)
    rows = run(db, statements)
    return [statement.instances(db, rows[name]) for name, statement in statements.items()]


def _compute() -> dict:
    found, logos, pages = _fetch(SiteSettings.objects.db)
    settings = found[0] if found else SiteSettings.load()
    settings.logo_list = logos
    return {
        "settings": settings,
        "menu": {
            "about": [page for page in pages if page.menu == Page.Menu.ABOUT],
            "footer": [page for page in pages if page.menu == Page.Menu.FOOTER],
        },
    }


def _load() -> dict:
    # Per language: the menu is ordered by the title in the current language.
    return local_memo(f"pages:site:{get_language()}", _compute, SITE_CACHE_SECONDS)


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
