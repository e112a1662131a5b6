import pytest
import vobject
from django.urls import reverse

from apps.network.vcard import fold

from .factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_vcard_download_parses_with_vobject(client, django_assert_max_num_queries):
    actor = ActorFactory(
        name="Familienzentrum Lindenhof; Haus 2, Eingang B",
        street="Lindenhofstraße 9",
        postcode="10997",
        email="familienzentrum@lindenhof.example",
        phone="030 1234507",
        website="https://familienzentrum-lindenhof.example",
        opening_hours="Mo–Do 9–18 Uhr\nFr 9–14 Uhr und nach Vereinbarung mit dem Team des Familienzentrums",
    )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("network:actor_vcard", kwargs={"slug": actor.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    assert f'filename="{actor.slug}.vcf"' in response["Content-Disposition"]
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.fn.value == actor.name
    assert card.org.value == [actor.name]
    assert card.email.value == actor.email
    assert card.tel.value == actor.phone
    assert card.url.value == actor.website
    assert card.adr.value.street == "Lindenhofstraße 9"
    assert card.adr.value.code == "10997"
    assert card.note.value == actor.opening_hours


def test_vcard_of_unpublished_actor_is_404(client):
    actor = ActorFactory(is_published=False)
    assert client.get(reverse("network:actor_vcard", kwargs={"slug": actor.slug})).status_code == 404


def test_long_lines_are_folded_at_75_octets():
    line = "NOTE:" + "ü" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
