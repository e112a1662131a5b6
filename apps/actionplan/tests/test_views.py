from datetime import date

import pytest
from django.urls import reverse

from apps.actionplan.models import Concept, FieldOfAction, Measure
from apps.pages.models import SiteSettings

from .factories import (
    AdoptedConceptFactory,
    ConceptFactory,
    FieldOfActionFactory,
    GoalFactory,
    MeasureFactory,
    NeedFactory,
    concept_with_sections,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


@pytest.fixture(autouse=True)
def _site_settings():
    """The settings row exists on a real site; creating it on the first request costs 4 queries."""
    SiteSettings.load()


def test_index_shows_the_current_concept_with_all_sections(client, django_assert_max_num_queries):
    field = FieldOfActionFactory(name="Bildung im Testkiez")
    concept = concept_with_sections(
        field=field, kind=Concept.Kind.ACTION_PLAN, title="Aktionsplan Testkiez", adopted_on=date(2024, 3, 12)
    )
    concept.neighbourhood_fund = "Der **Kiezfonds** läuft weiter."
    concept.district_contact = "Bezirksamt, SPK"
    concept.save()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("actionplan:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and body.count("<h1") == 1
    assert "Aktionsplan Testkiez" in body
    for strength in concept.strengths.all():
        assert strength.text in body
    for entry in [*concept.weaknesses.all(), *concept.goals.all(), *concept.needs.all()]:
        assert entry.text in body
    for item in [*concept.focus_areas.all(), *concept.measures.all()]:
        assert item.title in body
    for place in concept.anchor_places.all():
        assert place.name in body
    for task in concept.handed_over_tasks.all():
        assert task.task in body
    assert "<strong>Kiezfonds</strong>" in body
    assert "Bezirksamt, SPK" in body
    assert field.get_absolute_url() in body


def test_index_query_count_does_not_grow_with_sections(client, django_assert_max_num_queries):
    for index in range(3):
        concept_with_sections(measures=15, adopted_on=date(2015 + index, 1, 1))
    concept = Concept.objects.current()
    for year in range(2010, 2014):
        concept_with_sections(measures=1, adopted_on=date(year, 1, 1))
    MeasureFactory.create_batch(10, concept=concept)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("actionplan:index"))
    assert response.status_code == 200
    assert len(response.context["earlier"]) == 5
    assert response.context["more_earlier"]


def test_index_hides_drafts_even_when_newer(client):
    AdoptedConceptFactory(title="Beschlossenes IHEK")
    ConceptFactory(title="Entwurf Aktionsplan", year_from=2030, year_to=2032)
    body = client.get(reverse("actionplan:index")).content.decode()
    assert "Beschlossenes IHEK" in body
    assert "Entwurf Aktionsplan" not in body


def test_index_without_any_adopted_concept_says_so(client):
    ConceptFactory(title="Nur ein Entwurf")
    response = client.get(reverse("actionplan:index"))
    assert response.status_code == 200
    assert response.context["concept"] is None
    assert "Nur ein Entwurf" not in response.content.decode()


def test_archive_lists_superseded_concepts_but_not_the_current_one_or_drafts(client, django_assert_max_num_queries):
    current = AdoptedConceptFactory(title="Aktueller Plan", adopted_on=date(2024, 1, 1))
    old = [AdoptedConceptFactory(title=f"Altes IHEK {i}", adopted_on=date(2005 + i, 1, 1)) for i in range(12)]
    ConceptFactory(title="Entwurf")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("actionplan:archive"))
    assert response.status_code == 200
    listed = list(response.context["concepts"])
    assert listed == sorted(old, key=lambda c: c.adopted_on, reverse=True)[:10]
    assert current not in listed
    body = response.content.decode()
    assert "Entwurf" not in body
    page_2 = client.get(reverse("actionplan:archive"), {"page": 2})
    assert len(page_2.context["concepts"]) == 2


def test_superseded_concept_detail_shows_sections_and_points_to_the_current_one(client, django_assert_max_num_queries):
    old = concept_with_sections(title="IHEK 2017", measures=10, adopted_on=date(2017, 6, 20))
    current = AdoptedConceptFactory(title="Aktionsplan 2024", adopted_on=date(2024, 3, 12))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(old.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "IHEK 2017" in body and "Aktionsplan 2024" in body
    assert all(measure.title in body for measure in old.measures.all())
    assert client.get(current.get_absolute_url()).url == reverse("actionplan:index")


def test_draft_concept_detail_is_404(client, qm_staff):
    draft = ConceptFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(qm_staff)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_field_page_shows_goals_needs_and_measures_of_the_current_concept(client, django_assert_max_num_queries):
    field = FieldOfActionFactory(name="Öffentlicher Raum Test")
    old = concept_with_sections(field=field, adopted_on=date(2017, 1, 1))
    current = concept_with_sections(field=field, measures=0, adopted_on=date(2024, 1, 1))
    goal = current.goals.get()
    running = MeasureFactory(
        concept=current, field_of_action=field, goal=goal, title="Schattendach", serves_climate=True
    )
    Measure.objects.filter(pk=running.pk).update(status="running")
    MeasureFactory(concept=current, field_of_action=field, title="Neue Bänke")
    MeasureFactory(concept=current, title="Anderes Feld")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(field.get_absolute_url())
    assert response.status_code == 200
    assert response.context["concept"] == current and response.context["is_current"]
    body = response.content.decode()
    assert goal.text in body and current.needs.get().text in body
    assert "Schattendach" in body and "Neue Bänke" in body
    assert "Anderes Feld" not in body
    assert old.goals.get().text not in body
    assert response.context["status_counts"] == {"planned": 1, "running": 1, "done": 0}


def test_field_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    field = FieldOfActionFactory()
    concept = concept_with_sections(field=field, measures=30)
    GoalFactory.create_batch(10, concept=concept, field_of_action=field)
    NeedFactory.create_batch(10, concept=concept, field_of_action=field)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(field.get_absolute_url())
    assert len(response.context["measures"]) == 30


def test_field_page_of_a_pre_2021_field_shows_the_concept_that_used_it(client):
    old_field = FieldOfAction.objects.get(slug="arbeit-und-wirtschaft")
    old = concept_with_sections(field=old_field, title="IHEK 2014", adopted_on=date(2014, 1, 1))
    concept_with_sections(title="Aktionsplan 2024", adopted_on=date(2024, 1, 1))
    response = client.get(old_field.get_absolute_url())
    assert response.status_code == 200
    assert response.context["concept"] == old
    assert not response.context["is_current"]
    assert old.get_absolute_url() in response.content.decode()


def test_field_page_ignores_drafts(client):
    field = FieldOfActionFactory()
    GoalFactory(concept=ConceptFactory(), field_of_action=field, text="Geheimes Ziel")
    response = client.get(field.get_absolute_url())
    assert response.status_code == 200
    assert response.context["concept"] is None
    assert "Geheimes Ziel" not in response.content.decode()


def test_unknown_field_is_404(client):
    assert client.get(reverse("actionplan:field_detail", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_demo_is_in_its_active_phase_with_a_current_ihek_and_a_superseded_one():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    current = Concept.objects.current()
    assert current.kind == Concept.Kind.IHEK and current.revision == 6
    assert current.strengths.exists() and current.weaknesses.exists() and current.focus_areas.exists()
    assert not current.anchor_places.exists() and not current.neighbourhood_fund  # exit-phase parts only
    assert {m.status for m in current.measures.all()} == {"planned", "running", "done"}
    assert current.measures.filter(serves_climate=True).exists()
    old = Concept.objects.superseded().get()
    assert old.kind == Concept.Kind.IHEK
    assert not old.goals.filter(field_of_action__is_active=True).exists()


def test_index_links_the_public_pdf_of_the_concept(client):
    from django.core.files.base import ContentFile

    concept = AdoptedConceptFactory(title="IHEK mit PDF")
    concept.document.save("ihek.pdf", ContentFile(b"%PDF-1.7 test"))
    body = client.get(reverse("actionplan:index")).content.decode()
    assert concept.document.url in body
    assert concept.document.name.startswith("concepts/") and "ihek" not in concept.document.name


def test_anchor_places_link_to_published_directory_entries(client):
    from apps.network.tests.factories import ActorFactory

    from .factories import AnchorPlaceFactory

    library = ActorFactory(name="Stadtteilbibliothek")
    place = AnchorPlaceFactory(name="Stadtteilbibliothek", actor=library)
    AnchorPlaceFactory(concept=place.concept, name="Verborgener Ort", actor=ActorFactory(is_published=False))
    body = client.get(reverse("actionplan:index")).content.decode()
    assert f'href="{library.get_absolute_url()}"' in body
    assert "Verborgener Ort" in body
