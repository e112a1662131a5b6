import pytest
from django.urls import reverse

from .factories import ActorFactory, NetworkFactory, language

pytestmark = pytest.mark.django_db


def test_admin_pages_of_the_directory_render_for_the_qm_team(client, qm_staff):
    actor = ActorFactory()
    network = NetworkFactory(members=[actor], coordinator=actor)
    client.force_login(qm_staff)
    urls = [
        reverse("admin:network_actor_add"),
        reverse("admin:network_actor_change", args=[actor.pk]),
        reverse("admin:network_network_changelist"),
        reverse("admin:network_network_change", args=[network.pk]),
        reverse("admin:network_language_changelist"),
        reverse("admin:network_language_change", args=[language("tr").pk]),
        reverse("admin:network_suggestion_changelist") + "?status__exact=new",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_admin_refuses_a_reserved_slug(client, qm_staff):
    client.force_login(qm_staff)
    response = client.post(
        reverse("admin:network_actor_add"),
        {"name": "Netzwerke", "slug": "netzwerke", "kind": "initiative", "city": "Berlin", "step_free": "unknown",
         "is_published": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


def test_admin_is_closed_to_residents(client, resident):
    client.force_login(resident)
    response = client.get(reverse("admin:network_actor_changelist"))
    assert response.status_code == 302
