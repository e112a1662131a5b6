import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve

from apps.network.models import RESERVED_SLUGS, Actor, StepFree, Suggestion, SuggestionStatus, german_slugify

from .factories import ActorFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slug_is_rejected_by_validation_and_database(slug):
    actor = ActorFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        actor.save()


def test_fixed_paths_resolve_before_actor_slugs():
    assert resolve("/netzwerk/netzwerke/").url_name == "network_list"
    assert resolve("/netzwerk/vorschlagen/").url_name == "suggest_entry"
    assert resolve("/netzwerk/netzwerke/bildung/").url_name == "network_detail"


def test_unique_slug_writes_umlauts_and_skips_taken_and_reserved_slugs():
    assert german_slugify("Bäckerei Größe & Söhne") == "baeckerei-groesse-soehne"
    ActorFactory(slug="kita-sonne")
    assert Actor.unique_slug("Kita Sonne") == "kita-sonne-2"
    assert Actor.unique_slug("Netzwerke") == "netzwerke-2"


def test_image_needs_alternative_text():
    actor = ActorFactory.build(image="network/logo.png", image_alt="")
    with pytest.raises(ValidationError) as error:
        actor.clean()
    assert "image_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        actor.save()


def test_search_matches_every_word_in_any_text_field():
    garden = ActorFactory(name="Nachbarschaftsgarten", description="Hochbeete am Ufer")
    ActorFactory(name="Garten-Café", description="Kuchen")
    assert list(Actor.objects.search("garten ufer")) == [garden]
    assert Actor.objects.search("GARTEN").count() == 2


def test_step_free_filter_levels():
    yes = ActorFactory(step_free=StepFree.YES)
    partly = ActorFactory(step_free=StepFree.PARTLY)
    ActorFactory(step_free=StepFree.NO)
    ActorFactory(step_free=StepFree.UNKNOWN)
    assert set(Actor.objects.step_free_at_least("yes")) == {yes}
    assert set(Actor.objects.step_free_at_least("partly")) == {yes, partly}


def test_suggestion_status_changes_only_along_allowed_transitions_and_writes_history(qm_staff):
    suggestion = SuggestionFactory()
    with pytest.raises(ValidationError):
        suggestion.change_status(SuggestionStatus.APPROVED, by=qm_staff)
    suggestion.change_status(SuggestionStatus.NEW)
    suggestion.change_status(SuggestionStatus.REJECTED, by=qm_staff, comment="Doppelt")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.confirmed_at and suggestion.decided_at
    history = [(event.from_status, event.to_status, event.by) for event in suggestion.status_changes.all()]
    assert history == [("unconfirmed", "new", None), ("new", "rejected", qm_staff)]
    with pytest.raises(ValidationError):
        suggestion.change_status(SuggestionStatus.NEW)


def test_correction_without_actor_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SuggestionFactory(kind=Suggestion.Kind.CORRECTION, actor=None)


def test_invalid_status_is_refused_by_the_database():
    suggestion = SuggestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=suggestion.pk).update(status="published")
