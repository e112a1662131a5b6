import factory

from apps.actionplan.models import FieldOfAction
from apps.network.models import Actor, ActorKind, Language, Network, StepFree, Suggestion


def language(code: str) -> Language:
    """A language row (the data migration loads the common ones)."""
    return Language.objects.get_or_create(code=code, defaults={"name": code, "name_en": code})[0]


def field_of_action(slug: str = "bildung") -> FieldOfAction:
    return FieldOfAction.objects.get(slug=slug)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    kind = ActorKind.INITIATIVE
    description = "Wir engagieren uns im Kiez."
    street = factory.Sequence(lambda n: f"Beispielstraße {n}")
    postcode = "10997"
    email = factory.Sequence(lambda n: f"info{n}@initiative.example")
    phone = "030 1234567"
    step_free = StepFree.UNKNOWN

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set([language(code) for code in extracted])

    @factory.post_generation
    def fields_of_action(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.fields_of_action.set([field_of_action(slug) for slug in extracted])


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    description = "Gemeinsam für den Kiez."
    meeting_rhythm = "monatlich"

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    name = factory.Sequence(lambda n: f"Vorschlag {n}")
    kind_of_actor = ActorKind.INITIATIVE
    description = "Eine neue Initiative."
    suggester_email = factory.Sequence(lambda n: f"vorschlag{n}@example.org")
