"""Interface languages: German, English (British formats), Turkish and Arabic (right to left)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation

pytestmark = pytest.mark.django_db


def get(client, name, language):
    return client.get(reverse(name), headers={"accept-language": language})


def test_arabic_pages_are_right_to_left_with_the_rtl_stylesheet(client):
    content = get(client, "pages:home", "ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert "bootstrap.rtl.min.css" in content
    assert "bootstrap.min.css" not in content


@pytest.mark.parametrize("language", ["de", "en", "tr"])
def test_other_languages_are_left_to_right(client, language):
    content = get(client, "pages:home", language).content.decode()
    assert f'<html lang="{language}" dir="ltr">' in content
    assert "bootstrap.min.css" in content and "bootstrap.rtl" not in content


def test_language_switch_names_each_language_in_itself(client):
    content = get(client, "pages:home", "en").content.decode()
    for code, name in [("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربيّة")]:
        assert f'value="{code}" lang="{code}"' in content
        assert f">{name}</option>" in content


def test_switching_to_turkish_keeps_the_page(client):
    response = client.post(reverse("set_language"), {"language": "tr", "next": reverse("ideas:list")})
    assert response.status_code == 302 and response["Location"] == reverse("ideas:list")
    assert '<html lang="tr" dir="ltr">' in client.get(reverse("ideas:list")).content.decode()


MOMENT = datetime.datetime(2026, 11, 28, 18, 30)


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime", "amount"),
    [
        ("de", "28.11.2026", "28.11.2026 18:30", "1.500,00"),
        ("en", "28/11/2026", "28/11/2026, 18:30", "1,500.00"),
        ("tr", "28.11.2026", "28.11.2026 18:30", "1.500,00"),
        ("ar", "28/11/2026", "28/11/2026 18:30", "1.500,00"),
    ],
)
def test_formats_per_language(language, short_date, short_datetime, amount):
    with translation.override(language):
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_datetime
        assert formats.time_format(MOMENT.time()) == "18:30"
        assert formats.number_format(Decimal("1500.00"), decimal_pos=2, force_grouping=True) == amount


def test_british_dates_are_accepted_in_english_forms():
    from django import forms

    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("28/11/2026") == MOMENT.date()
    with translation.override("tr"):
        assert forms.DateField().clean("28.11.2026") == MOMENT.date()


TURKISH_PAGES = [
    ("pages:home", "Son haberler"),
    ("pages:news_list", "<h1>Haberler</h1>"),
    ("ideas:list", "<h1>Fikirler ve talepler</h1>"),
    ("ideas:new", "<h1>Fikir veya talep gönderin</h1>"),
    ("actionfund:index", "<h1>Eylem Fonu</h1>"),
    ("council:index", "Yaklaşan toplantılar"),
    ("network:list", "<h1>Mahalle ağı rehberi</h1>"),
    ("actionplan:index", "<h1>IHEK</h1>"),  # the concept named in the site settings (default)
    ("funding:call_list", "<h1>Proje desteği: açık çağrılar</h1>"),
]


@pytest.mark.parametrize(("name", "heading"), TURKISH_PAGES)
def test_main_pages_in_turkish(client, name, heading):
    response = get(client, name, "tr")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="tr" dir="ltr">' in content
    assert heading in content
    # The header and navigation are Turkish too.
    assert ">Ana sayfa</a>" in content and ">Dili değiştir</button>" in content
