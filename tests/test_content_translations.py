"""The office's content in several languages (django-modeltranslation): translations entered in
the admin are shown in their language; where one is missing the German original shows, marked
with its language (WCAG 3.1.2)."""

import pytest
from django.urls import reverse

from apps.actionfund.tests.factories import FundYearFactory
from apps.funding.tests.factories import CallFactory
from apps.pages.models import Page
from apps.pages.tests.factories import NewsPostFactory, PageFactory

pytestmark = pytest.mark.django_db


def get(client, url, language):
    return client.get(url, headers={"accept-language": language}).content.decode()


def test_a_translated_page_shows_in_the_visitors_language_without_marking(client):
    page = PageFactory(title="Über uns", body="Wir sind das Büro.", title_en="About us", body_en="We are the office.")
    content = get(client, page.get_absolute_url(), "en")
    assert "<h1>About us</h1>" in content
    assert "We are the office." in content and "Wir sind das Büro." not in content
    # The page itself is marked nowhere (untranslated footer links, e.g. the privacy page, rightly are).
    assert 'lang="de"' not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_german_shows_where_the_translation_is_missing_and_says_so(client):
    page = PageFactory(title="Über uns", body="Wir sind das Büro.", title_en="About us")
    english = get(client, page.get_absolute_url(), "en")
    assert "<h1>About us</h1>" in english
    assert '<div lang="de"><p>Wir sind das Büro.</p>' in english
    turkish = get(client, page.get_absolute_url(), "tr")
    assert '<h1 lang="de">Über uns</h1>' in turkish
    # Arabic pages run right to left: the German fallback also gets its direction.
    arabic = get(client, page.get_absolute_url(), "ar")
    assert '<h1 lang="de" dir="ltr">Über uns</h1>' in arabic


def test_german_pages_mark_nothing(client):
    page = PageFactory(title="Über uns", title_en="About us")
    main = get(client, page.get_absolute_url(), "de").split("<main", 1)[1].split("</main>")[0]
    assert "<h1>Über uns</h1>" in main and " lang=" not in main


def test_an_empty_translation_falls_back_to_german(client):
    page = PageFactory(title="Über uns", title_tr="")
    assert '<h1 lang="de">Über uns</h1>' in get(client, page.get_absolute_url(), "tr")


def test_news_calls_and_the_action_fund_intro_are_translated(client):
    NewsPostFactory(title="Kiezfest", title_ar="احتفال الحي", teaser="Am Ufer.", teaser_ar="على ضفة النهر.")
    news = get(client, reverse("pages:news_list"), "ar")
    assert ">احتفال الحي</a>" in news and "على ضفة النهر." in news
    call = CallFactory(title="Projektaufruf Bildung", title_tr="Eğitim proje çağrısı")
    assert "<h1>Eğitim proje çağrısı</h1>" in get(client, call.get_absolute_url(), "tr")
    FundYearFactory(intro="Kleine Aktionen.", intro_en="Small actions.", is_published=True)
    assert "Small actions." in get(client, reverse("actionfund:index"), "en")


def test_code_that_writes_content_in_another_language_still_fills_the_german_original(settings):
    from django.utils import translation

    with translation.override("en"):
        page = Page.objects.create(title="Imprint", slug="imprint")
    page.refresh_from_db()
    assert page.title_de == "Imprint"


def test_the_admin_form_has_a_field_per_language_and_saves_translations(client, qm_staff):
    client.force_login(qm_staff)
    url = reverse("admin:pages_page_add")
    content = client.get(url).content.decode()
    for code in ["de", "en", "tr", "ar"]:
        assert f'name="title_{code}"' in content and f'name="body_{code}"' in content
    response = client.post(
        url,
        {"title_de": "Förderstruktur", "title_en": "How funding works", "title_tr": "", "title_ar": "",
         "body_de": "Text", "body_en": "", "body_tr": "", "body_ar": "",
         "slug": "foerderstruktur", "menu": "about", "order": 0, "is_published": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(slug="foerderstruktur")
    assert (page.title_de, page.title_en) == ("Förderstruktur", "How funding works")
    assert not page.title_tr


def test_a_pages_meta_description_is_translated_and_falls_back_to_german(client):
    page = PageFactory(meta_description="Wer wir sind.", meta_description_tr="Biz kimiz.")
    assert '<meta name="description" content="Biz kimiz.">' in get(client, page.get_absolute_url(), "tr")
    assert '<meta name="description" content="Wer wir sind.">' in get(client, page.get_absolute_url(), "ar")
