from datetime import date

import factory

from apps.actionplan.models import (
    AnchorPlace,
    Concept,
    FieldOfAction,
    FocusArea,
    Goal,
    HandedOverTask,
    Measure,
    Need,
    Strength,
    Weakness,
)


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")
    order = factory.Sequence(lambda n: 100 + n)
    colour = "#2e7d32"


class ConceptFactory(factory.django.DjangoModelFactory):
    """A draft concept; ``AdoptedConceptFactory`` for a public one."""

    class Meta:
        model = Concept

    kind = Concept.Kind.IHEK
    title = factory.Sequence(lambda n: f"IHEK Testkiez {n}")
    revision = factory.Sequence(lambda n: n + 1)
    year_from = 2021
    year_to = 2023
    summary = "Eine **Zusammenfassung**."
    vision = "Ein Kiez für alle."


class AdoptedConceptFactory(ConceptFactory):
    status = Concept.Status.ADOPTED
    adopted_on = date(2021, 5, 4)
    adopted_by = "Quartiersrat und Bezirksamt"


class StrengthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strength

    concept = factory.SubFactory(AdoptedConceptFactory)
    text = factory.Sequence(lambda n: f"Stärke {n}")
    order = factory.Sequence(lambda n: n)


class WeaknessFactory(StrengthFactory):
    class Meta:
        model = Weakness

    text = factory.Sequence(lambda n: f"Schwäche {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    concept = factory.SubFactory(AdoptedConceptFactory)
    field_of_action = factory.SubFactory(FieldOfActionFactory)
    text = factory.Sequence(lambda n: f"Ziel {n}")
    order = factory.Sequence(lambda n: n)


class NeedFactory(GoalFactory):
    class Meta:
        model = Need

    text = factory.Sequence(lambda n: f"Handlungsbedarf {n}")


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    concept = factory.SubFactory(AdoptedConceptFactory)
    title = factory.Sequence(lambda n: f"Schwerpunkt {n}")
    order = factory.Sequence(lambda n: n)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    concept = factory.SubFactory(AdoptedConceptFactory)
    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    responsible = "QM-Team"
    year_from = 2021
    year_to = 2022
    order = factory.Sequence(lambda n: n)


class AnchorPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnchorPlace

    concept = factory.SubFactory(AdoptedConceptFactory, kind=Concept.Kind.ACTION_PLAN)
    name = factory.Sequence(lambda n: f"Ankerort {n}")
    order = factory.Sequence(lambda n: n)


class HandedOverTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandedOverTask

    concept = factory.SubFactory(AdoptedConceptFactory, kind=Concept.Kind.ACTION_PLAN)
    task = factory.Sequence(lambda n: f"Aufgabe {n}")
    taken_over_by = "Familienzentrum"
    order = factory.Sequence(lambda n: n)


def concept_with_sections(*, field=None, measures: int = 2, **kwargs) -> Concept:
    """An adopted concept with every section filled, ``measures`` measures in ``field``."""
    concept = AdoptedConceptFactory(**kwargs)
    field = field or FieldOfActionFactory()
    StrengthFactory.create_batch(2, concept=concept)
    WeaknessFactory.create_batch(2, concept=concept)
    goal = GoalFactory(concept=concept, field_of_action=field)
    NeedFactory(concept=concept, field_of_action=field)
    FocusAreaFactory(concept=concept, field_of_action=field)
    FocusAreaFactory(concept=concept)
    MeasureFactory.create_batch(measures, concept=concept, field_of_action=field, goal=goal)
    if concept.is_exit_phase:
        AnchorPlaceFactory.create_batch(2, concept=concept)
        HandedOverTaskFactory.create_batch(2, concept=concept)
    return concept
