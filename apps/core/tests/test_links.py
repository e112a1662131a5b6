"""SITE_URL: the one base of absolute links, its system check and the Site row kept in step."""

import pytest
from django.contrib.sites.models import Site
from django.core.checks import run_checks
from django.urls import reverse

from apps.core.checks import check_site_url
from apps.core.links import absolute_url, path_of, rebase, reverse_absolute, site_host
from apps.core.sites import sync_site


class Thing:
    def get_absolute_url(self):
        return "/ideen/7/"


def test_absolute_url_joins_paths_and_objects_onto_site_url(settings):
    settings.SITE_URL = "https://kiez.example.org"
    assert absolute_url("/ideen/") == "https://kiez.example.org/ideen/"
    assert absolute_url("ideen/") == "https://kiez.example.org/ideen/"
    assert absolute_url(Thing()) == "https://kiez.example.org/ideen/7/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"
    assert reverse_absolute("pages:news_list") == "https://kiez.example.org/aktuelles/"
    assert rebase("http://testserver/konto/passwort/?a=1#x") == "https://kiez.example.org/konto/passwort/?a=1#x"
    assert site_host() == "kiez.example.org"


def test_path_of_builds_the_paths_reverse_would_for_every_pk():
    detail = path_of("events:detail")
    for pk in (1, 7, 98, 9876543210, 12345678901234):
        assert detail(pk) == reverse("events:detail", kwargs={"pk": pk})
    with pytest.raises(ValueError):
        detail("1/../admin")
    with pytest.raises(Exception):  # noqa: B017 - a view without that argument
        path_of("pages:news_list")


@pytest.mark.parametrize(
    ("debug", "value", "error"),
    [
        (False, "", "core.E001"),
        (False, "https://example.com", "core.E003"),
        (False, "https://www.example.com/", "core.E003"),
        (True, "kiez.example.org", "core.E002"),
        (False, "https://kiez.example.org/portal/", "core.E002"),
        (False, "http://kiez.example.org", "core.W001"),
        (False, "https://kiez.example.org", None),
        (True, "", None),
    ],
)
def test_site_url_check(settings, debug, value, error):
    settings.DEBUG = debug
    settings.SITE_URL = value
    assert [message.id for message in check_site_url()] == ([error] if error else [])


def test_site_url_check_runs_with_the_other_checks(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://example.com"
    assert "core.E003" in [message.id for message in run_checks()]


@pytest.mark.django_db
def test_site_row_follows_site_url_and_area_name(settings):
    from apps.pages.models import SiteSettings

    settings.SITE_URL = "https://kiez.example.org"
    SiteSettings.objects.update_or_create(pk=1, defaults={"area_name": "QM Spreekiez"})
    sync_site()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("kiez.example.org", "QM Spreekiez")


def test_url_tag_keeps_paths_without_arguments_and_behaves_as_djangos(rf, settings):
    from django.template import Context, Template
    from django.urls import NoReverseMatch, reverse

    from apps.core.links import fixed_reverse

    assert fixed_reverse("pages:news_list") == reverse("pages:news_list") == "/aktuelles/"
    template = Template(
        "{% url 'pages:news_list' %}|{% url 'pages:page_detail' 'impressum' %}|"
        "{% url 'no-such-name' as missing %}[{{ missing }}]{% url 'pages:home' as home %}{{ home }}"
    )
    assert template.render(Context({})) == "/aktuelles/|/seiten/impressum/|[]/"
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-name' %}").render(Context({}))
    settings.ROOT_URLCONF = "apps.core.tests.urls_elsewhere"
    assert fixed_reverse("elsewhere") == "/anderswo/"


def test_static_urls_are_the_manifests_and_kept(tmp_path, settings):
    from apps.core.staticfiles import StaticFilesStorage

    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {"css/a.css": "css/a.123456789abc.css"}, "version": "1.1", "hash": "x"}'
    )
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("css/a.css") == "/static/css/a.123456789abc.css"
    storage.hashed_files = {}  # a kept URL needs no second look into the manifest
    assert storage.url("css/a.css") == "/static/css/a.123456789abc.css"
    with pytest.raises(ValueError):
        storage.url("css/missing.css")
