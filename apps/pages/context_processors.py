from django.db import connections
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

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


# The SQL of the three queries, compiled once per process and language (the menu's order is by
# the title in the current language), with the attribute each column fills: building a query costs
# more CPU than running it, and after any write to these tables every page of every worker runs
# them again. On PostgreSQL with client-side binding (Django's default) the three go to the server
# in one round trip.
_compiled: dict[tuple, list[tuple]] = {}


def _compile(db: str) -> list[tuple]:
    """(model, SQL, params, attnames, converters) of each query."""
    compiled = []
    for queryset in _querysets():
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        columns = [expression for expression, _sql, _alias in compiler.select]
        attnames = [column.target.attname for column in columns]
        converters = compiler.get_converters(columns)
        compiled.append((queryset.model, sql, tuple(params), attnames, converters, compiler))
    return compiled


def _fetch(db: str) -> list[list]:
    """The instances of the three queries."""
    connection = connections[db]
    key = (get_language(), db, connection.vendor)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(db)
    results = []
    with connection.cursor() as cursor:
        together = connection.vendor == "postgresql" and not connection.settings_dict["OPTIONS"].get(
            "server_side_binding"
        )
        if together:
            cursor.execute("; ".join(sql for _model, sql, *_ in compiled), [p for item in compiled for p in item[2]])
        for index, (model, sql, params, attnames, converters, compiler) in enumerate(compiled):
            if not together:
                cursor.execute(sql, params)
            elif index:
                cursor.nextset()
            rows = cursor.fetchall()
            if converters:
                rows = compiler.apply_converters(rows, converters)
            results.append([model.from_db(db, attnames, row) for row in rows])
    return results


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
