"""Admin forms of the office's content: bad input gets a message next to the field, never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.admin_forms import change_form_data

from .factories import NewsPostFactory, SlideFactory

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1b4f7a").save(buffer, "PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(("factory", "url_name"), [(SlideFactory, "slide"), (NewsPostFactory, "newspost")])
def test_an_image_without_german_alternative_text_is_a_form_error(client, qm_staff, factory, url_name):
    obj = factory()
    client.force_login(qm_staff)
    url = reverse(f"admin:pages_{url_name}_change", args=[obj.pk])
    data = change_form_data(client.get(url), image=_png(), image_alt="", image_alt_de="", image_alt_en="Picture")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "image_alt_de" in response.context["adminform"].form.errors
    data = change_form_data(client.get(url), image=_png(), image_alt_de="Zeichnung: ein Platz")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
