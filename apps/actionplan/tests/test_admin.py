import pytest
from django.urls import reverse

from apps.actionplan.models import Concept, ConceptStatusChange, Measure, MeasureStatusChange

from .factories import ConceptFactory, MeasureFactory, concept_with_sections

pytestmark = pytest.mark.django_db


def test_qm_team_edits_a_concept_with_all_section_inlines(client, qm_staff):
    concept = concept_with_sections(kind=Concept.Kind.ACTION_PLAN)
    client.force_login(qm_staff)
    response = client.get(reverse("admin:actionplan_concept_change", args=[concept.pk]))
    assert response.status_code == 200
    prefixes = {formset.formset.prefix for formset in response.context["inline_admin_formsets"]}
    assert {"strengths", "weaknesses", "goals", "needs", "focus_areas", "measures"} <= prefixes
    assert {"anchor_places", "handed_over_tasks", "status_changes"} <= prefixes
    goal_field = (
        next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "measures")
        .formset.forms[0]
        .fields["goal"]
    )
    assert list(goal_field.queryset) == list(concept.goals.all())


def test_admin_action_adopts_a_draft_through_the_workflow(client, qm_staff):
    concept = ConceptFactory(adopted_by="Quartiersrat")
    client.force_login(qm_staff)
    response = client.post(
        reverse("admin:actionplan_concept_changelist"), {"action": "status_adopted", "_selected_action": [concept.pk]}
    )
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.status == Concept.Status.ADOPTED
    assert ConceptStatusChange.objects.get(concept=concept).by == qm_staff


def test_admin_action_refuses_adoption_without_bodies(client, qm_staff):
    concept = ConceptFactory(adopted_by="")
    client.force_login(qm_staff)
    client.post(
        reverse("admin:actionplan_concept_changelist"), {"action": "status_adopted", "_selected_action": [concept.pk]}
    )
    assert Concept.objects.get(pk=concept.pk).status == Concept.Status.DRAFT


def test_admin_actions_move_measures_on_and_status_is_read_only(client, qm_staff):
    measure = MeasureFactory()
    client.force_login(qm_staff)
    url = reverse("admin:actionplan_measure_changelist")
    client.post(url, {"action": "status_running", "_selected_action": [measure.pk]})
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.RUNNING
    assert MeasureStatusChange.objects.filter(measure=measure, to_status="running").exists()
    form = client.get(reverse("admin:actionplan_measure_change", args=[measure.pk])).context["adminform"].form
    assert "status" not in form.fields


def test_non_staff_cannot_open_the_concept_admin(client, council_member):
    client.force_login(council_member)
    response = client.get(reverse("admin:actionplan_concept_changelist"))
    assert response.status_code == 302


def test_admin_add_and_measure_pages_render(client, qm_staff):
    measure = MeasureFactory()
    client.force_login(qm_staff)
    assert client.get(reverse("admin:actionplan_concept_add")).status_code == 200
    assert client.get(reverse("admin:actionplan_measure_change", args=[measure.pk])).status_code == 200
    assert client.get(reverse("admin:actionplan_measure_changelist")).status_code == 200
    assert client.get(reverse("admin:actionplan_concept_changelist")).status_code == 200
