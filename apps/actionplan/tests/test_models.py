from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.actionplan.models import Concept, ConceptStatusChange, Measure, MeasureStatusChange

from .factories import AdoptedConceptFactory, ConceptFactory, GoalFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def test_adopting_a_draft_records_date_bodies_and_history(qm_staff):
    concept = ConceptFactory()
    concept.adopt(by=qm_staff, adopted_on=date(2024, 3, 12), adopted_by="Quartiersrat", comment="Sitzung 42")
    concept.refresh_from_db()
    assert concept.status == Concept.Status.ADOPTED
    assert concept.adopted_on == date(2024, 3, 12)
    change = ConceptStatusChange.objects.get(concept=concept)
    assert (change.from_status, change.to_status, change.by, change.comment) == (
        "draft",
        "adopted",
        qm_staff,
        "Sitzung 42",
    )


def test_adoption_needs_the_bodies_that_adopted_it(qm_staff):
    concept = ConceptFactory(adopted_by="")
    with pytest.raises(ValidationError):
        concept.adopt(by=qm_staff)
    concept.refresh_from_db()
    assert concept.status == Concept.Status.DRAFT
    assert not ConceptStatusChange.objects.exists()


def test_an_adopted_concept_cannot_be_adopted_again_but_can_be_withdrawn(qm_staff):
    concept = AdoptedConceptFactory()
    with pytest.raises(ValidationError):
        concept.adopt(by=qm_staff)
    concept.withdraw(by=qm_staff)
    assert Concept.objects.get(pk=concept.pk).status == Concept.Status.DRAFT


def test_database_refuses_adopted_concept_without_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConceptFactory(status=Concept.Status.ADOPTED, adopted_on=None, adopted_by="Rat")


def test_database_refuses_unknown_measure_status_and_reversed_period():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(year_from=2025, year_to=2024)


def test_current_concept_is_the_latest_adopted_and_drafts_are_never_current():
    old = AdoptedConceptFactory(adopted_on=date(2017, 6, 1))
    new = AdoptedConceptFactory(adopted_on=date(2024, 3, 1))
    ConceptFactory(year_from=2027, year_to=2029)  # a newer draft
    assert Concept.objects.current() == new
    assert list(Concept.objects.superseded()) == [old]


def test_measure_status_goes_planned_running_done_with_history(qm_staff):
    measure = MeasureFactory()
    measure.change_status(Measure.Status.RUNNING, by=qm_staff)
    measure.change_status(Measure.Status.DONE, by=qm_staff, comment="Abgeschlossen")
    assert [(c.from_status, c.to_status) for c in MeasureStatusChange.objects.filter(measure=measure)] == [
        ("planned", "running"),
        ("running", "done"),
    ]


def test_a_done_measure_cannot_go_back(qm_staff):
    measure = MeasureFactory()
    measure.change_status(Measure.Status.DONE, by=qm_staff)
    with pytest.raises(ValidationError):
        measure.change_status(Measure.Status.RUNNING, by=qm_staff)
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.DONE


def test_measure_goal_must_belong_to_the_same_concept_and_field():
    goal = GoalFactory()
    other_concept = MeasureFactory.build(
        concept=AdoptedConceptFactory(), field_of_action=goal.field_of_action, goal=goal
    )
    with pytest.raises(ValidationError) as error:
        other_concept.full_clean()
    assert "goal" in error.value.message_dict
    other_field = MeasureFactory(concept=goal.concept)
    other_field.goal = goal
    with pytest.raises(ValidationError):
        other_field.full_clean()


def test_only_exit_phase_plans_name_a_continuing_fund():
    concept = ConceptFactory.build(kind=Concept.Kind.IHEK, neighbourhood_fund="Kiezfonds")
    with pytest.raises(ValidationError):
        concept.full_clean()
    ConceptFactory.build(kind=Concept.Kind.FINAL_PLAN, neighbourhood_fund="Kiezfonds").full_clean()


def test_measure_period_text():
    assert MeasureFactory.build(year_from=2024, year_to=2026).period == "2024–2026"
    assert MeasureFactory.build(year_from=2024, year_to=2024).period == "2024"
    assert MeasureFactory.build(year_from=None, year_to=None).period == ""


def test_full_document_must_be_a_real_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    concept = ConceptFactory.build(document=SimpleUploadedFile("konzept.pdf", b"<html>kein PDF</html>"))
    with pytest.raises(ValidationError) as error:
        concept.full_clean()
    assert "document" in error.value.message_dict
    concept.document = SimpleUploadedFile("konzept.pdf", b"%PDF-1.7 ...\n%%EOF\n")
    concept.full_clean()
