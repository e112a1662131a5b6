from importlib import import_module

import factory

from apps.actionplan.models import FieldOfAction
from apps.network.models import Actor, ActorKind, Language, Network, StepFree, Suggestion

LANGUAGES = {row[0]: row for row in import_module("apps.network.migrations.0002_load_languages").LANGUAGES}
FIELDS = {row[1]: row for row in import_module("apps.actionplan.migrations.0002_load_fields_of_action").FIELDS}


def language(code: str) -> Language:
    """A language row as the data migration loads it (browser tests may run after a flush
    that removed migration data, so the row is recreated when missing)."""
    _code, name, name_en, native_name = LANGUAGES.get(code, (code, code, code, ""))
    return Language.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "native_name": native_name}
    )[0]


def field_of_action(slug: str = "bildung") -> FieldOfAction:
    """A field of action as the data migration loads it (recreated when missing, see ``language``)."""
    name, _slug, description, order, active, colour = FIELDS[slug]
    return FieldOfAction.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "description": description, "order": order, "is_active": active, "colour": colour},
    )[0]


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
