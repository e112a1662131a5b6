"""Benchmark data: two adopted concepts per scale unit (the older ones superseded), each with
every section, through the real models and bulk_create."""

import random
from datetime import date

from django.urls import reverse

from apps.pages.bench_registry import scaled

from .models import (
    AnchorPlace,
    Concept,
    FieldOfAction,
    FocusArea,
    Goal,
    HandedOverTask,
    Measure,
    MeasureStatus,
    Need,
    Strength,
    Weakness,
)

STATEMENTS = 12
GOALS_PER_FIELD = 4
NEEDS_PER_FIELD = 4
MEASURES_PER_FIELD = 8
FOCUS_AREAS = 8
EXIT_PHASE_ENTRIES = 6
WORDS = [
    "Nachbarschaft",
    "Bildung",
    "Kita",
    "Schule",
    "Jugend",
    "Familien",
    "Spielplatz",
    "Uferweg",
    "Hof",
    "Grün",
    "Schatten",
    "Beratung",
    "Sprache",
    "Begegnung",
    "Sport",
    "Gesundheit",
    "Beteiligung",
    "Netzwerk",
    "Kultur",
    "Bibliothek",
    "Garten",
    "Ehrenamt",
    "Senioren",
    "Eltern",
]


def _sentence(rng: random.Random, words: int = 8) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(*, scale: int, rng: random.Random, stdout) -> None:
    active = list(FieldOfAction.objects.active())
    historical = list(FieldOfAction.objects.filter(is_active=False)) or active
    count = scaled(2, scale, minimum=2)
    concepts = []
    for index in range(count):
        latest = index == count - 1
        start = 2026 - 3 * (count - index)
        concepts.append(
            Concept(
                kind=Concept.Kind.ACTION_PLAN if latest else Concept.Kind.IHEK,
                title=f"Bench-Konzept {index + 1}",
                revision=1000 + index,
                year_from=start,
                year_to=start + 2,
                status=Concept.Status.ADOPTED,
                adopted_on=date(start, 3, 1 + index % 28),
                adopted_by="Quartiersrat, Bezirksamt und Senatsverwaltung",
                summary="\n\n".join(_sentence(rng, 30) for _ in range(3)),
                vision=_sentence(rng, 20),
                neighbourhood_fund=_sentence(rng, 25) if latest else "",
                district_contact="Bezirksamt, Sozialraumorientierte Planungskoordination" if latest else "",
            )
        )
    concepts = Concept.objects.bulk_create(concepts)

    strengths, weaknesses, goals, needs, focus_areas, anchors, tasks = [], [], [], [], [], [], []
    for concept in concepts:
        fields = active if concept.kind == Concept.Kind.ACTION_PLAN or concept.year_from >= 2021 else historical
        for order in range(STATEMENTS):
            strengths.append(Strength(concept=concept, order=order, text=_sentence(rng)))
            weaknesses.append(Weakness(concept=concept, order=order, text=_sentence(rng)))
        for field in fields:
            for order in range(GOALS_PER_FIELD):
                goals.append(Goal(concept=concept, field_of_action=field, order=order, text=_sentence(rng)))
            for order in range(NEEDS_PER_FIELD):
                needs.append(Need(concept=concept, field_of_action=field, order=order, text=_sentence(rng)))
        for order in range(FOCUS_AREAS):
            focus_areas.append(
                FocusArea(
                    concept=concept,
                    order=order,
                    title=_sentence(rng, 3),
                    description=_sentence(rng, 12),
                    field_of_action=rng.choice([None, *fields]),
                )
            )
        if concept.is_exit_phase:
            for order in range(EXIT_PHASE_ENTRIES):
                anchors.append(
                    AnchorPlace(concept=concept, order=order, name=_sentence(rng, 3), description=_sentence(rng))
                )
                tasks.append(
                    HandedOverTask(
                        concept=concept, order=order, task=_sentence(rng, 5), taken_over_by="Familienzentrum"
                    )
                )
    Strength.objects.bulk_create(strengths)
    Weakness.objects.bulk_create(weaknesses)
    goals = Goal.objects.bulk_create(goals)
    Need.objects.bulk_create(needs)
    FocusArea.objects.bulk_create(focus_areas)
    AnchorPlace.objects.bulk_create(anchors)
    HandedOverTask.objects.bulk_create(tasks)

    measures = []
    for goal in goals:
        for order in range(MEASURES_PER_FIELD // GOALS_PER_FIELD):
            concept = goal.concept
            start = rng.randint(concept.year_from, concept.year_to)
            measures.append(
                Measure(
                    concept=concept,
                    field_of_action=goal.field_of_action,
                    goal=goal,
                    title=_sentence(rng, 4),
                    description=_sentence(rng, 15),
                    order=goal.order * 10 + order,
                    responsible=rng.choice(["QM-Team", "Familienzentrum", "Grundschule", "Bezirksamt"]),
                    year_from=start,
                    year_to=rng.randint(start, concept.year_to),
                    status=rng.choice(MeasureStatus.values) if concept.kind == Concept.Kind.ACTION_PLAN else "done",
                    serves_climate=rng.random() < 0.3,
                )
            )
    Measure.objects.bulk_create(measures)
    stdout.write(f"  actionplan: {len(concepts)} concepts, {len(goals)} goals, {len(measures)} measures")


def pages() -> list[tuple[str, str, str | None]]:
    older = Concept.objects.superseded().filter(title__startswith="Bench-Konzept").first()
    field = FieldOfAction.objects.active().first()
    result = [
        ("Action plan: current concept", reverse("actionplan:index"), None),
        ("Action plan: archive", reverse("actionplan:archive"), None),
        ("Action plan: field of action", field.get_absolute_url(), None),
    ]
    if older:
        result.append(("Action plan: earlier concept", older.get_absolute_url(), None))
    return result
