"""The menu pages kept per process are kept per language: their order is by the title in the
current language."""

import pytest
from django.utils import translation

from apps.pages.context_processors import _load, clear_site_cache
from apps.pages.models import Page

from .factories import PageFactory

pytestmark = pytest.mark.django_db


def test_menu_order_follows_each_language():
    clear_site_cache()
    PageFactory(title_de="Apfel", title_en="Zoo", slug="a", menu=Page.Menu.ABOUT, order=1, is_published=True)
    PageFactory(title_de="Zebra", title_en="Apple", slug="z", menu=Page.Menu.ABOUT, order=1, is_published=True)
    with translation.override("de"):
        assert [page.slug for page in _load()["menu"]["about"]] == ["a", "z"]
    with translation.override("en"):
        assert [page.slug for page in _load()["menu"]["about"]] == ["z", "a"]
    with translation.override("de"):
        assert [page.slug for page in _load()["menu"]["about"]] == ["a", "z"]
