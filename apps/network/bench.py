"""Benchmark data: 500 directory actors per scale unit with languages, fields of action and
networks, plus suggestions waiting for moderation (bulk_create, deterministic from rng)."""

from apps.actionplan.models import FieldOfAction
from apps.pages.bench_registry import scaled

from .models import Actor, ActorKind, Language, Network, StepFree, Suggestion, SuggestionStatus

ACTORS_PER_SCALE = 500
NETWORKS_PER_SCALE = 10
SUGGESTIONS_PER_SCALE = 100
BATCH = 1000

WORDS = ["Kiez", "Nachbarschaft", "Ufer", "Linden", "Spree", "Mühlen", "Fähr", "Garten", "Brücken", "Hof"]
KINDS = {
    ActorKind.INITIATIVE: "Initiative",
    ActorKind.ASSOCIATION: "Verein",
    ActorKind.SCHOOL: "Grundschule",
    ActorKind.KINDERGARTEN: "Kita",
    ActorKind.YOUTH_CENTRE: "Jugendclub",
    ActorKind.FAMILY_CENTRE: "Familienzentrum",
    ActorKind.RELIGIOUS_COMMUNITY: "Gemeinde",
    ActorKind.LIBRARY: "Bibliothek",
    ActorKind.BUSINESS: "Laden",
    ActorKind.HOUSING_COMPANY: "Wohnungsbau",
    ActorKind.ADMINISTRATION: "Amt",
    ActorKind.OTHER: "Treffpunkt",
}


def generate(*, scale: int, rng, stdout) -> None:
    languages = list(Language.objects.all())
    fields = list(FieldOfAction.objects.active())
    kinds = list(KINDS)
    step_free = StepFree.values
    actors = []
    for number in range(1, scaled(ACTORS_PER_SCALE, scale, minimum=3) + 1):
        kind = rng.choice(kinds)
        name = f"{KINDS[kind]} {rng.choice(WORDS)}{rng.choice(['', 'straße', 'platz', 'weg'])} {number}"
        actors.append(
            Actor(
                name=name,
                slug=f"bench-akteur-{number}",
                kind=kind,
                description=f"{name}: Angebote für die Nachbarschaft, Beratung und Treffpunkt im Kiez. " * 3,
                street=f"{rng.choice(WORDS)}straße {rng.randint(1, 120)}",
                postcode="10997",
                opening_hours="Mo–Fr 10–18 Uhr",
                email=f"info{number}@bench.example",
                phone=f"030 {rng.randint(1000000, 9999999)}",
                step_free=rng.choice(step_free),
                is_published=rng.random() > 0.05,
            )
        )
    actors = Actor.objects.bulk_create(actors, batch_size=BATCH)

    ActorLanguage = Actor.languages.through
    ActorField = Actor.fields_of_action.through
    german = next((lang for lang in languages if lang.code == "de"), languages[0])
    actor_languages, actor_fields = [], []
    for actor in actors:
        chosen = {german, *rng.sample(languages, rng.randint(0, 3))}
        actor_languages += [ActorLanguage(actor_id=actor.pk, language_id=lang.pk) for lang in chosen]
        actor_fields += [
            ActorField(actor_id=actor.pk, fieldofaction_id=field.pk) for field in rng.sample(fields, rng.randint(1, 3))
        ]
    ActorLanguage.objects.bulk_create(actor_languages, batch_size=BATCH)
    ActorField.objects.bulk_create(actor_fields, batch_size=BATCH)

    networks = Network.objects.bulk_create(
        [
            Network(
                name=f"Netzwerk {rng.choice(WORDS)} {number}",
                slug=f"bench-netzwerk-{number}",
                description="Regelmäßiger Austausch der Einrichtungen im Kiez.",
                coordinator=rng.choice(actors),
                meeting_rhythm="Jeden ersten Mittwoch im Monat",
            )
            for number in range(1, scaled(NETWORKS_PER_SCALE, scale) + 1)
        ]
    )
    Member = Network.members.through
    Member.objects.bulk_create(
        [
            Member(network_id=network.pk, actor_id=actor.pk)
            for network in networks
            for actor in rng.sample(actors, min(len(actors), rng.randint(8, 40)))
        ],
        batch_size=BATCH,
    )

    Suggestion.objects.bulk_create(
        [
            Suggestion(
                kind=Suggestion.Kind.NEW_ENTRY,
                status=rng.choice([SuggestionStatus.NEW, SuggestionStatus.APPROVED, SuggestionStatus.REJECTED]),
                name=f"Vorschlag {number}",
                kind_of_actor=rng.choice(kinds),
                suggester_email=f"vorschlag{number}@bench.example",
            )
            for number in range(1, scaled(SUGGESTIONS_PER_SCALE, scale) + 1)
        ],
        batch_size=BATCH,
    )
    stdout.write(f"  network: {len(actors)} actors, {len(networks)} networks")


def pages() -> list[tuple[str, str, str | None]]:
    actor = Actor.objects.published().filter(slug__startswith="bench-akteur-").order_by("pk").first()
    network = Network.objects.filter(slug__startswith="bench-netzwerk-").order_by("pk").first()
    return [
        ("network: directory", "/netzwerk/", None),
        ("network: directory page 10", "/netzwerk/?page=10", None),
        ("network: directory filtered", "/netzwerk/?kind=family_centre&language=tr&step_free=partly", None),
        ("network: directory search", "/netzwerk/?q=kiez+garten", None),
        ("network: actor", actor.get_absolute_url(), None),
        ("network: actor vCard", f"{actor.get_absolute_url()}vcard/", None),
        ("network: networks", "/netzwerk/netzwerke/", None),
        ("network: network", network.get_absolute_url(), None),
        ("network: suggest an entry", "/netzwerk/vorschlagen/", None),
        ("network: suggest a correction", f"{actor.get_absolute_url()}korrektur/", None),
    ]
