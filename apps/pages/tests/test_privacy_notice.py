"""The privacy page exists after migrate, is editable, and its default text has every section a
German privacy notice for this portal needs, with placeholders for the office."""

import pytest
from django.urls import reverse

from apps.pages.legal import PRIVACY_NOTICE
from apps.pages.models import Page

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Verantwortlicher",
    "Datenschutzbeauftragte",
    "Rechtsgrundlage",
    "Art. 6 Abs. 1 lit.",
    "Empfänger",
    "Aktionsfondsjury",
    "Quartiersrat",
    "Fachabteilungen des Bezirksamts",
    "Speicherdauer",
    "Ihre Rechte",
    "Art. 17",
    "Berliner Beauftragte für Datenschutz und Informationsfreiheit",
]


def test_default_notice_has_every_section():
    for section in SECTIONS:
        assert section in PRIVACY_NOTICE, section
    assert "[Name des Trägers des Quartiersmanagements]" in PRIVACY_NOTICE


def test_the_migration_created_the_page_and_it_is_shown(client):
    page = Page.objects.get(slug="datenschutz")
    assert page.body == PRIVACY_NOTICE
    body = client.get(reverse("pages:page_detail", kwargs={"slug": "datenschutz"})).content.decode()
    assert "Berliner Beauftragte für Datenschutz und Informationsfreiheit" in body
    assert "<table" in body  # the legal bases per processing


def test_the_office_edits_it_in_the_admin(client, qm_staff):
    client.force_login(qm_staff)
    page = Page.objects.get(slug="datenschutz")
    assert client.get(reverse("admin:pages_page_change", args=[page.pk])).status_code == 200
