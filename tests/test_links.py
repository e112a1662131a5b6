"""Every absolute link the server writes (feeds, calendars, vCards, allauth) starts with SITE_URL."""

import re

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import reverse

from apps.council.tests.factories import MeetingFactory
from apps.network.tests.factories import ActorFactory
from apps.pages.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db

SITE = "https://kiez.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    # A Site row as the sites framework leaves it when nothing syncs it.
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"})
    Site.objects.clear_cache()


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def test_the_site_row_is_synced_on_migrate():
    """The test database was migrated with the test settings' SITE_URL; the row says so."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    assert Site.objects.get(pk=settings.SITE_ID).domain == "kiez.example.org"


def test_atom_feed_links_start_with_site_url(client):
    post = NewsPostFactory(title="Kiezfest")
    body = client.get(reverse("pages:news_feed")).content.decode()
    assert f'href="{SITE}{post.get_absolute_url()}"' in body
    assert f'href="{SITE}{reverse("pages:news_list")}"' in body
    assert "example.com" not in body and "testserver" not in body


def test_ical_feed_links_and_uids_come_from_site_url(client):
    meeting = MeetingFactory()
    body = client.get(reverse("council:meeting_ics")).content.decode()
    assert f"URL:{SITE}{meeting.get_absolute_url()}" in body
    assert f"UID:council-meeting-{meeting.pk}@kiez.example.org" in body
    assert "testserver" not in body


def test_vcard_names_its_source_under_site_url(client):
    actor = ActorFactory(is_published=True, website="")
    body = client.get(reverse("network:actor_vcard", kwargs={"slug": actor.slug})).content.decode()
    assert f"SOURCE:{SITE}/netzwerk/{actor.slug}/vcard/" in body.replace("\r\n ", "")


def test_allauth_password_reset_mail_links_to_site_url(client, resident, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": resident.email})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    found = links(body)
    assert found and all(link.startswith(SITE + "/") for link in found)
    assert "example.com" not in body + mailoutbox[0].subject


def test_allauth_signup_confirmation_links_to_site_url(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": "ein-langes-passwort-2026", "password2": "ein-langes-passwort-2026"},
    )
    assert len(mailoutbox) == 1
    found = links(mailoutbox[0].body)
    assert all(link.startswith(SITE + "/") for link in found)
    assert any(link.startswith(SITE + "/konto/confirm-email/") for link in found)
    assert "example.com" not in mailoutbox[0].body + mailoutbox[0].subject
