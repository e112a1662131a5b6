"""Shared accessibility helpers: machine-readable dates, error summaries, page titles after a
failed submit, favicon, meta descriptions and image sizes (issue 18)."""

import datetime
import io
import re
import zoneinfo

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from apps.pages.models import SiteSettings
from apps.pages.templatetags.kiez import error_anchor, error_item, machine_datetime

from .factories import NewsPostFactory, PageFactory, SlideFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_machine_datetime_has_whole_seconds_in_local_time():
    value = datetime.datetime(2026, 11, 28, 17, 30, 5, 503752, tzinfo=datetime.UTC)
    assert machine_datetime(value) == "2026-11-28T18:30:05+01:00"
    assert machine_datetime(datetime.date(2026, 11, 28)) == "2026-11-28"
    assert machine_datetime(None) == ""


class SampleForm(forms.Form):
    consent = forms.BooleanField(label="Ich bin einverstanden.")
    where = forms.CharField(label="Wo?")
    kind = forms.ChoiceField(label="Art", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    criteria = forms.MultipleChoiceField(
        label="Kriterien", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )


def test_error_summary_links_groups_to_their_first_input_and_reads_cleanly():
    form = SampleForm(data={})
    assert not form.is_valid()
    assert error_anchor(form["kind"]) == "id_kind_0"
    assert error_anchor(form["criteria"]) == "id_criteria_0"
    assert error_anchor(form["where"]) == "id_where"
    required = form.fields["where"].error_messages["required"]
    assert error_item(form["consent"], required) == f"Ich bin einverstanden: {required}"
    assert error_item(form["where"], required) == f"Wo? {required}"
    html = Template('{% include "includes/_form_errors.html" %}').render(Context({"form": form}))
    assert 'href="#id_kind_0"' in html and 'href="#"' not in html
    assert ".:" not in html and "?:" not in html


@pytest.mark.django_db
def test_page_title_starts_with_error_after_a_failed_submit(client):
    response = client.post(reverse("ideas:new"), {"title": "Bänke"})
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.startswith("Fehler: ")
    title = re.search(r"<title>(.*?)</title>", client.get(reverse("ideas:new")).content.decode(), re.S).group(1)
    assert not title.startswith("Fehler")


@pytest.mark.django_db
def test_wrong_login_shows_its_error_once(client):
    response = client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong-password"})
    content = response.content.decode()
    assert content.count("Die E-Mail-Adresse und/oder das Passwort sind leider falsch.") == 1
    assert "<title>Fehler: " in content


@pytest.mark.django_db
def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header


@pytest.mark.django_db
def test_every_page_has_a_meta_description(client):
    settings = SiteSettings.load()
    settings.meta_description = "Das Portal des Quartiersmanagements."
    settings.save()
    page = PageFactory(body="Wer wir sind und was wir tun.")
    described = PageFactory(meta_description="Eigene Beschreibung.")
    post = NewsPostFactory(teaser="Das Kiezfest findet statt.")
    expected = {
        reverse("pages:home"): "Das Portal des Quartiersmanagements.",
        page.get_absolute_url(): "Wer wir sind und was wir tun.",
        described.get_absolute_url(): "Eigene Beschreibung.",
        post.get_absolute_url(): "Das Kiezfest findet statt.",
    }
    for url, description in expected.items():
        assert f'<meta name="description" content="{description}">' in client.get(url).content.decode(), url


def png(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1b4f7a").save(buffer, "PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_slide_images_carry_their_size(client):
    SlideFactory(image=png(640, 320), image_alt="Ein blaues Bild")
    assert 'width="640" height="320"' in client.get(reverse("pages:home")).content.decode()


@pytest.mark.django_db
def test_leichte_sprache_section_lists_its_pages_and_is_linked_from_every_page(client, django_assert_max_num_queries):
    first = PageFactory(title="Was macht das Quartiers-Management?", menu="easy", order=1)
    PageFactory(title="Was ist der Quartiers-Rat?", menu="easy", order=2)
    PageFactory(title="Entwurf", menu="easy", is_published=False)
    about = PageFactory(title="Konzepte entwickeln")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pages:easy_read_index"))
    content = response.content.decode()
    assert first.get_absolute_url() == f"/leichte-sprache/{first.slug}/"
    assert "Was ist der Quartiers-Rat?" in content and "Entwurf" not in content
    assert about.title not in content
    detail = client.get(first.get_absolute_url()).content.decode()
    assert 'class="col-lg-8 easy-read"' in detail and "Mehr in Leichter Sprache" in detail
    # The header of every page links to the section.
    assert 'href="/leichte-sprache/"' in client.get(reverse("pages:home")).content.decode()
    # The general content URL leads to the section's address.
    moved = client.get(reverse("pages:page_detail", kwargs={"slug": first.slug}))
    assert moved.status_code == 301 and moved.url == first.get_absolute_url()
    assert client.get(reverse("pages:easy_read_page", kwargs={"slug": about.slug})).status_code == 404
