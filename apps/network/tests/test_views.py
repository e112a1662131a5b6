import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from apps.actionplan.models import FieldOfAction
from apps.network.models import Actor, StepFree, Suggestion, SuggestionStatus

from .factories import ActorFactory, NetworkFactory, field_of_action, language

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
LIST = reverse("network:list")


@pytest.fixture(autouse=True)
def site_settings():
    """The settings row exists on a running site; creating it is not part of a page's query count."""
    from apps.pages.models import SiteSettings

    return SiteSettings.load()


def names(response) -> list[str]:
    return [actor.name for actor in response.context["actors"]]


@pytest.fixture
def directory():
    return {
        "family_tr": ActorFactory(name="Familienzentrum Lindenhof", kind=Actor.Kind.FAMILY_CENTRE,
                                  languages=["de", "tr"], fields_of_action=["bildung"], step_free=StepFree.YES),
        "family_ar": ActorFactory(name="Familienzentrum am Ufer", kind=Actor.Kind.FAMILY_CENTRE,
                                  languages=["de", "ar"], step_free=StepFree.YES),
        "family_stairs": ActorFactory(name="Familientreff Treppenhaus", kind=Actor.Kind.FAMILY_CENTRE,
                                      languages=["tr"], step_free=StepFree.NO),
        "mosque": ActorFactory(name="Moschee Spreekiez", kind=Actor.Kind.RELIGIOUS_COMMUNITY,
                               languages=["tr", "ar"], fields_of_action=["integration-und-nachbarschaft"],
                               step_free=StepFree.PARTLY, description="Hausaufgabenhilfe und Frauengruppe"),
        "hidden": ActorFactory(name="Geheimes Familienzentrum", kind=Actor.Kind.FAMILY_CENTRE,
                               languages=["tr"], step_free=StepFree.YES, is_published=False),
    }  # fmt: skip


def test_list_shows_only_published_actors(client, directory):
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Geheimes Familienzentrum" not in response.content.decode()
    assert len(names(response)) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=family_centre", ["Familientreff Treppenhaus", "Familienzentrum am Ufer", "Familienzentrum Lindenhof"]),
        ("language=tr", ["Familientreff Treppenhaus", "Familienzentrum Lindenhof", "Moschee Spreekiez"]),
        ("step_free=yes", ["Familienzentrum am Ufer", "Familienzentrum Lindenhof"]),
        ("step_free=partly", ["Familienzentrum am Ufer", "Familienzentrum Lindenhof", "Moschee Spreekiez"]),
        ("field=bildung", ["Familienzentrum Lindenhof"]),
        ("kind=family_centre&language=tr&step_free=yes", ["Familienzentrum Lindenhof"]),
        ("q=hausaufgaben", ["Moschee Spreekiez"]),
        ("q=familien lindenhof", ["Familienzentrum Lindenhof"]),
        ("q=nichts+davon", []),
    ],
)
def test_filters_and_search(client, directory, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


def test_search_ignores_case_and_takes_like_wildcards_literally(client):
    ActorFactory(name="Nachbarschaftshaus Lindenstraße", description="Offene Tür, 50% Rabatt für Mitglieder")
    ActorFactory(name="Hofgarten", description="5000 Pflanzen", street="Hofweg 1")
    for query, expected in [
        ("LINDENSTRAßE", ["Nachbarschaftshaus Lindenstraße"]),
        ("nachbarschaftshaus straße", ["Nachbarschaftshaus Lindenstraße"]),
        ("50%", ["Nachbarschaftshaus Lindenstraße"]),
        ("5_00", []),
        ("HOFWEG", ["Hofgarten"]),
    ]:
        assert names(client.get(LIST, {"q": query})) == expected, query


def test_actor_in_several_languages_is_listed_once(client, directory):
    response = client.get(f"{LIST}?language=tr&field=")
    assert names(response).count("Moschee Spreekiez") == 1


@pytest.mark.parametrize("query", ["kind=spaceship", "language=xx", "step_free=maybe", "page=999", "page=abc"])
def test_invalid_filter_values_do_not_break_the_list(client, directory, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200


def test_list_is_paginated_and_keeps_filters_in_page_links(client):
    for number in range(25):
        ActorFactory(name=f"Kita {number:02}", kind=Actor.Kind.KINDERGARTEN)
    response = client.get(f"{LIST}?kind=kindergarten")
    assert len(names(response)) == 20
    assert "kind=kindergarten&amp;page=2" in response.content.decode()
    second = client.get(f"{LIST}?kind=kindergarten&page=2")
    assert names(second) == ["Kita 20", "Kita 21", "Kita 22", "Kita 23", "Kita 24"]


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ActorFactory(languages=["de", "tr"], fields_of_action=["bildung"])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"{LIST}?language=tr&q=initiative")
    assert response.status_code == 200


def test_a_card_shows_the_actor_escaped_with_its_languages_and_fields_in_their_order(client):
    inactive = field_of_action("bildung")
    inactive.is_active = False
    inactive.save()
    ActorFactory(
        name="<b>Kita</b> & Co",
        street="",
        kind=Actor.Kind.KINDERGARTEN,
        languages=["tr", "de", "ar"],
        fields_of_action=["integration-und-nachbarschaft", "bildung"],
        step_free=StepFree.PARTLY,
    )
    ActorFactory(name="Ohne Sprachen", street="Hof 1")
    body = client.get(LIST).content.decode()
    assert '">&lt;b&gt;Kita&lt;/b&gt; &amp; Co</a></h3>' in body
    assert f'<span class="status-badge">{Actor.Kind.KINDERGARTEN.label}</span>\n      </p>' in body
    assert "<dd>Deutsch, Türkisch, Arabisch</dd>" in body
    fields = [
        f">{name}</span>" for name in FieldOfAction.objects.order_by("order", "name").values_list("name", flat=True)
    ]
    shown = sorted((body.index(tag), tag) for tag in fields if tag in body)
    assert [tag for _at, tag in shown] == [tag for tag in fields if tag in body] and len(shown) == 2  # the inactive too
    assert f"<dd>{StepFree.PARTLY.label}</dd>" in body
    assert '<span class="ms-2">Hof 1</span></p>' in body
    english = client.get(LIST, headers={"accept-language": "en"}).content.decode()
    assert "<dd>German, Turkish, Arabic</dd>" in english


def test_a_list_that_fits_on_one_page_is_not_counted(client, directory, django_assert_num_queries):
    # fields of action, languages, the first page with one row more, the cards' facts, the layout
    with django_assert_num_queries(5):
        response = client.get(f"{LIST}?kind=family_centre")
    assert response.context["page_obj"].paginator.count == 3
    assert "3 Einträge" in response.content.decode() or "3 entries" in response.content.decode()


def test_a_search_counts_its_matches_up_to_a_limit_and_asks_to_narrow_it(client, monkeypatch):
    from apps.network import views

    monkeypatch.setattr(views, "SEARCH_LIMIT", 3)
    monkeypatch.setattr(views, "ACTORS_PER_PAGE", 2)
    for number in range(5):
        ActorFactory(name=f"Gartenfreunde {number}")
    ActorFactory(name="Bücherei am Markt")
    many = client.get(LIST, {"q": "garten"})
    assert many.context["page_obj"].paginator.count == 3 and many.context["searched_beyond"]
    assert "More than 3 entries" in many.content.decode() or "Mehr als 3 Einträge" in many.content.decode()
    last = client.get(LIST, {"q": "garten", "page": "9"})
    assert [actor.name for actor in last.context["actors"]] == ["Gartenfreunde 2"]
    few = client.get(LIST, {"q": "bücherei"})
    assert few.context["page_obj"].paginator.count == 1 and not few.context["searched_beyond"]
    everything = client.get(LIST, {"page": "2"})
    assert everything.context["page_obj"].paginator.count == 6 and not everything.context["searched_beyond"]


def test_detail_shows_public_contact_details_and_links(client, django_assert_max_num_queries):
    actor = ActorFactory(
        name="Familienzentrum Lindenhof",
        languages=["de", "tr", "ar"],
        fields_of_action=["bildung", "integration-und-nachbarschaft"],
        step_free=StepFree.YES,
        contact_person="Frau Aydın (Leitung)",
        email="familienzentrum@lindenhof.example",
    )
    for _ in range(3):
        NetworkFactory(members=[actor])
    NetworkFactory(members=[actor], is_published=False, name="Verstecktes Netzwerk")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(actor.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Frau Aydın (Leitung)" in body
    assert "mailto:familienzentrum@lindenhof.example" in body
    assert "Türkisch" in body and 'lang="tr"' in body
    assert 'class="field-tag"' in body
    assert "Stufenlos" in body
    assert "Verstecktes Netzwerk" not in body
    assert reverse("network:actor_vcard", kwargs={"slug": actor.slug}) in body
    assert reverse("network:suggest_correction", kwargs={"slug": actor.slug}) in body


def test_unpublished_actor_detail_is_404(client):
    actor = ActorFactory(is_published=False)
    assert client.get(actor.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("members", [2, 20])
def test_network_pages_query_counts_and_hide_unpublished_members(client, django_assert_max_num_queries, members):
    actors = [ActorFactory(languages=["de"], fields_of_action=["bildung"]) for _ in range(members)]
    hidden = ActorFactory(name="Unsichtbar e. V.", is_published=False)
    network = NetworkFactory(name="Spreekiez macht Schule", members=[*actors, hidden], coordinator=actors[0])
    NetworkFactory(is_published=False, name="Entwurf-Netzwerk")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("network:network_list"))
    body = response.content.decode()
    assert "Spreekiez macht Schule" in body and "Entwurf-Netzwerk" not in body
    assert response.context["networks"][0].member_count == members
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(network.get_absolute_url())
    body = response.content.decode()
    assert len(response.context["network"].published_members) == members
    assert "Unsichtbar e. V." not in body
    assert client.get(reverse("network:network_detail", kwargs={"slug": "entwurf"})).status_code == 404


def suggestion_data(**overrides) -> dict:
    data = {
        "name": "Repair-Café Spreekiez",
        "kind_of_actor": "initiative",
        "description": "Wir reparieren gemeinsam.",
        "street": "Kirchplatz 1",
        "postcode": "10997",
        "email": "repaircafe@example.org",
        "languages": [language("de").pk, language("tr").pk],
        "step_free": "yes",
        "suggester_name": "Ruth N.",
        "suggester_email": "ruth@example.org",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_suggest_entry_without_account_sends_confirmation_link(client):
    response = client.post(reverse("network:suggest_entry"), suggestion_data())
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.status == SuggestionStatus.UNCONFIRMED
    assert suggestion.kind == Suggestion.Kind.NEW_ENTRY
    assert [m.to for m in mail.outbox] == [["ruth@example.org"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/bestaetigen/" in line).strip()
    assert link.startswith(settings.SITE_URL + "/")
    path = link.removeprefix(settings.SITE_URL)

    page = client.get(path)
    assert page.status_code == 200 and not page.context["confirmed"]
    assert Suggestion.objects.get().status == SuggestionStatus.UNCONFIRMED  # a GET (link scanner) confirms nothing

    assert client.post(path).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW
    # Confirming twice changes nothing.
    assert client.post(path).status_code == 302
    assert suggestion.status_changes.count() == 1


def test_confirmation_notifies_the_qm_office(client, site_settings):
    from apps.notifications.office import office_digests

    settings_row = site_settings
    settings_row.email = "info@qm.example"
    settings_row.save()
    client.post(reverse("network:suggest_entry"), suggestion_data())
    path = next(line for line in mail.outbox[0].body.splitlines() if "/bestaetigen/" in line).split(settings.SITE_URL)[
        1
    ]
    client.post(path.strip())
    office_digests()  # the hourly office digest (apps/notifications/office.py)
    assert mail.outbox[-1].to == ["info@qm.example"]
    assert "/admin/network/suggestion/" in mail.outbox[-1].body


def test_suggestion_form_shows_errors_and_keeps_input(client):
    response = client.post(
        reverse("network:suggest_entry"), suggestion_data(name="", suggester_email="kaputt", privacy_consent="")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body
    assert 'value="Kirchplatz 1"' in body
    assert not Suggestion.objects.exists()
    assert not mail.outbox


def test_correction_form_is_prefilled_and_records_the_original(client):
    actor = ActorFactory(name="Stadtteilbibliothek", opening_hours="Di–Fr 11–19 Uhr", languages=["de"])
    url = reverse("network:suggest_correction", kwargs={"slug": actor.slug})
    response = client.get(url)
    assert 'value="Stadtteilbibliothek"' in response.content.decode()
    data = suggestion_data(
        name="Stadtteilbibliothek",
        kind_of_actor=actor.kind,
        description=actor.description,
        street=actor.street,
        postcode=actor.postcode,
        email=actor.email,
        phone=actor.phone,
        languages=[language("de").pk],
        step_free=actor.step_free,
        opening_hours="Di–Fr 11–19 Uhr, Sa 10–14 Uhr",
        message="Samstags ist jetzt auch geöffnet.",
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == actor.get_absolute_url()
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == Suggestion.Kind.CORRECTION and suggestion.actor == actor
    assert suggestion.changes() == {"opening_hours": ("Di–Fr 11–19 Uhr", "Di–Fr 11–19 Uhr, Sa 10–14 Uhr")}


def test_correction_needs_a_message(client):
    actor = ActorFactory()
    response = client.post(
        reverse("network:suggest_correction", kwargs={"slug": actor.slug}), suggestion_data(message="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["message"]


def test_suggester_email_is_never_shown_publicly(client):
    actor = ActorFactory()
    client.post(reverse("network:suggest_correction", kwargs={"slug": actor.slug}),
                suggestion_data(message="Bitte ändern", suggester_email="geheim@example.org"))  # fmt: skip
    for url in [LIST, actor.get_absolute_url(), reverse("network:network_list")]:
        assert "geheim@example.org" not in client.get(url).content.decode()
