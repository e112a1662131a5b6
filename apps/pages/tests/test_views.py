from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.pages.models import Slide

from .factories import NewsPostFactory, PageFactory, SlideFactory

pytestmark = pytest.mark.django_db

# Base layout: site settings, logos and menu pages, plus the page's own queries; each app's
# home-page box may add one or two.
MAX_QUERIES = 8
HOME_MAX_QUERIES = 15


@pytest.fixture(autouse=True)
def site_settings():
    """The settings row exists in every real install (created on first use)."""
    from apps.pages.models import SiteSettings

    return SiteSettings.load()


def test_home_shows_visible_slides_in_order(client, django_assert_max_num_queries):
    SlideFactory(title="Zweiter", order=2)
    SlideFactory(title="Erster", order=1)
    SlideFactory(title="Abgelaufen", visible_until=timezone.now() - timedelta(minutes=1),
                 visible_from=timezone.now() - timedelta(days=2))  # fmt: skip
    SlideFactory(title="Zukünftig", visible_from=timezone.now() + timedelta(days=1))
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    assert "pages/home.html" in [t.name for t in response.templates]
    titles = [slide.title for slide in response.context["slides"]]
    assert titles == ["Erster", "Zweiter"]
    content = response.content.decode()
    assert "Abgelaufen" not in content and "Zukünftig" not in content


def test_slide_visibility_queryset_respects_until_boundary():
    now = timezone.now()
    slide = SlideFactory(visible_from=now - timedelta(days=1), visible_until=now)
    assert slide not in Slide.objects.visible(now=now)
    assert slide in Slide.objects.visible(now=now - timedelta(seconds=1))


def test_page_detail_renders_markdown_without_scripts(client, django_assert_max_num_queries):
    page = PageFactory(body="# Titel\n\n**fett**\n\n<script>alert('x')</script>\n\n[link](javascript:alert(1))")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "pages/page_detail.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "<strong>fett</strong>" in body
    assert "<script>alert" not in body
    assert "javascript:alert" not in body


def test_unpublished_page_is_404(client):
    page = PageFactory(is_published=False)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_news_list_is_paginated_and_hides_future_posts(client, django_assert_max_num_queries):
    for _ in range(25):
        NewsPostFactory()
    NewsPostFactory(title="Noch geheim", published_at=timezone.now() + timedelta(days=1))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("pages:news_list"))
    assert response.status_code == 200
    assert len(response.context["posts"]) == 10
    assert "Noch geheim" not in response.content.decode()
    assert client.get(reverse("pages:news_list") + "?page=3").status_code == 200


def test_news_detail_and_feed(client, django_assert_max_num_queries):
    post = NewsPostFactory(title="Kiezfest")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "pages/news_detail.html" in [t.name for t in response.templates]
    with django_assert_max_num_queries(MAX_QUERIES):
        feed = client.get(reverse("pages:news_feed"))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Kiezfest" in feed.content.decode()


def test_future_news_post_is_404(client):
    post = NewsPostFactory(published_at=timezone.now() + timedelta(days=1))
    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("language", "expected"), [("de", "Aktuelles"), ("en", "News")]
)  # fmt: skip
def test_pages_render_in_german_and_english(client, language, expected):
    client.cookies["django_language"] = language
    response = client.get(reverse("pages:news_list"))
    assert f'lang="{language}"' in response.content.decode()
    assert f"<h1>{expected}</h1>" in response.content.decode()


def test_german_is_the_default_language(client):
    response = client.get(reverse("pages:home"))
    assert 'lang="de"' in response.content.decode()
    assert "Zum Inhalt springen" in response.content.decode()


def test_404_page_keeps_the_layout(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_healthz_answers_with_database_round_trip(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
