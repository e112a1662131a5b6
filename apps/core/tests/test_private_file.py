"""The admin's link to a private file: ``url`` of a file in the private storage is a signed,
staff-only download (core:private_file), never an address under /media/."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.core.tests.corpus import png
from apps.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea():
    return IdeaFactory(photo=ContentFile(png(), name="p.png"), photo_alt="Foto")


def test_private_file_url_is_the_staff_download(idea):
    assert idea.photo.url.startswith("/admin/private/datei/")
    assert "/media/" not in idea.photo.url


def test_qm_team_opens_it_sandboxed(client, qm_staff, idea):
    client.force_login(qm_staff)
    response = client.get(idea.photo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == idea.photo.open("rb").read()


def test_staff_without_the_model_permission_is_refused(client, idea):
    clerk = get_user_model().objects.create_user("clerk@example.org", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(idea.photo.url).status_code == 403


def test_anonymous_and_residents_go_to_the_admin_login(client, make_user, idea):
    assert client.get(idea.photo.url).url.startswith(reverse("admin:login"))
    client.force_login(make_user("resident"))
    assert client.get(idea.photo.url).url.startswith(reverse("admin:login"))


def test_tampered_or_outdated_links_find_nothing(client, qm_staff, idea):
    client.force_login(qm_staff)
    url = idea.photo.url
    assert client.get(url[:-3] + "xx/").status_code == 404
    idea.photo.save("new.png", ContentFile(png((10, 10))))
    assert client.get(url).status_code == 404
    assert client.get(idea.photo.url).status_code == 200


def test_admin_change_form_links_the_file(client, qm_staff, idea):
    client.force_login(qm_staff)
    page = client.get(reverse("admin:ideas_idea_change", args=[idea.pk])).content.decode()
    assert "/media/ideas/" not in page
    links = re.findall(r'href="(/admin/private/datei/[^"]+)"', page)
    assert links, "no link to the photo on the change form"
    assert client.get(links[0]).status_code == 200
