import pytest
from django.core.cache import cache


@pytest.fixture
def no_page_cache(settings):
    """Every request renders: the queries of a page are what a visitor after a change causes."""
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def settings_rows(db):
    """The single settings rows exist, as on any running site (their first use creates them)."""
    from apps.council.models import CouncilSettings
    from apps.pages.models import SiteSettings

    CouncilSettings.load()
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(street="Beispielstraße 12", postcode="10997")


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Ids are absolute URLs under SITE_URL, whatever host the request came to."""
    settings.SITE_URL = "https://kiez.example.org"
