"""Public pages of the concept (IHEK / action plan): the current one, the archive, fields of action."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import (
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
from .progress import field_progress

ARCHIVE_PER_PAGE = 10
ARCHIVE_TEASER = 5


def _sections(concept) -> dict:
    """Every section of the concept, each in its own order: one query per section, none joining
    another table (the fields of action, a short list, and the goals are looked up in Python)."""
    fields = {field.pk: field for field in FieldOfAction.objects.all()}
    # Grouped by field below, so ordered without the join to the fields.
    goals = list(Goal.objects.filter(concept=concept).order_by("order", "pk"))
    needs = list(Need.objects.filter(concept=concept).order_by("order", "pk"))
    focus_areas = list(FocusArea.objects.filter(concept=concept))
    measures = list(Measure.objects.filter(concept=concept))
    goal_by_pk = {goal.pk: goal for goal in goals}
    for item in (*goals, *needs):
        item.field_of_action = fields[item.field_of_action_id]
    for focus in focus_areas:
        focus.field_of_action = fields.get(focus.field_of_action_id)
    _label_measures(measures, goal_by_pk, fields)
    sections = {
        "concept": concept,
        "strengths": list(Strength.objects.filter(concept=concept)),
        "weaknesses": list(Weakness.objects.filter(concept=concept)),
        "focus_areas": focus_areas,
        "fields": _fields_of(fields, goals, needs, measures),
    }
    if concept.is_exit_phase:
        sections["anchor_places"] = list(AnchorPlace.objects.filter(concept=concept).select_related("actor"))
        sections["handed_over_tasks"] = list(HandedOverTask.objects.filter(concept=concept))
    return sections


def _label_measures(measures, goal_by_pk: dict, fields: dict | None = None) -> None:
    """What the measure table shows of each measure, looked up once: its goal (from ``goal_by_pk``),
    field of action and status label."""
    labels = dict(Measure.Status.choices)
    for measure in measures:
        if measure.goal_id in goal_by_pk:
            measure.goal = goal_by_pk[measure.goal_id]
        if fields is not None:
            measure.field_of_action = fields[measure.field_of_action_id]
        measure.status_label = labels.get(measure.status, measure.status)


def _fields_of(fields: dict, goals, needs, measures) -> list[dict]:
    """The concept's goals, needs and measures grouped by field of action, in the fields' order."""
    entries: dict[int, dict] = {}
    for attribute, items in (("goals", goals), ("needs", needs), ("measures", measures)):
        for item in items:
            entry = entries.get(item.field_of_action_id)
            if entry is None:
                field = fields[item.field_of_action_id]
                entry = entries[field.pk] = {"field": field, "goals": [], "needs": [], "measures": []}
            entry[attribute].append(item)
    return sorted(entries.values(), key=lambda entry: (entry["field"].order, entry["field"].name))


@login_not_required
def index(request):
    """The current concept (latest adopted) with all its sections, and a few earlier ones. Public."""
    # The current concept and the teaser of earlier ones in one query (the latest adopted first).
    adopted = list(Concept.objects.adopted()[: ARCHIVE_TEASER + 2])
    context = {"concept": None, "fields": []}
    if adopted:
        context = _sections(adopted[0])
        context["earlier"] = adopted[1 : ARCHIVE_TEASER + 1]
        context["more_earlier"] = len(adopted) > ARCHIVE_TEASER + 1
    return render(request, "actionplan/index.html", context)


@login_not_required
def archive(request):
    """Superseded concepts (adopted, but not the latest), newest first, paginated. Public."""
    paginator = Paginator(Concept.objects.superseded().defer("summary", "vision"), ARCHIVE_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "actionplan/archive.html", {"page_obj": page_obj, "concepts": page_obj.object_list})


@login_not_required
def concept_detail(request, pk):
    """An earlier (superseded) concept with all its sections; the current one redirects to the index.
    Drafts are 404. Public."""
    concept = get_object_or_404(Concept.objects.adopted(), pk=pk)
    current = Concept.objects.current()
    if current and current.pk == concept.pk:
        return redirect("actionplan:index")
    context = _sections(concept)
    context["current"] = current
    return render(request, "actionplan/concept_detail.html", context)


@login_not_required
def field_detail(request, slug):
    """One field of action in the current concept: its goals, needs, focus areas and measures
    with their status. A field the current concept does not use (e.g. a pre-2021 field) shows
    the latest adopted concept that has entries in it. Public."""
    # The fields of action are a short list: one query gives this field and the links to the others.
    fields = list(FieldOfAction.objects.all())
    field = next((candidate for candidate in fields if candidate.slug == slug), None)
    if field is None:
        raise Http404
    in_field = Q(field_of_action=field)
    has_entries = (
        Exists(Goal.objects.filter(in_field, concept=OuterRef("pk")))
        | Exists(Need.objects.filter(in_field, concept=OuterRef("pk")))
        | Exists(Measure.objects.filter(in_field, concept=OuterRef("pk")))
    )
    # The latest adopted concept with entries in the field, and whether it is the current one, in one query.
    current_pk = Concept.objects.adopted().values("pk")[:1]
    concept = Concept.objects.adopted().filter(has_entries).annotate(current_pk=Subquery(current_pk)).first()
    context = {
        "field": field,
        "concept": concept,
        "is_current": concept is not None and concept.pk == concept.current_pk,
    }
    if concept is not None:
        context.update(
            goals=list(Goal.objects.filter(in_field, concept=concept)),
            needs=list(Need.objects.filter(in_field, concept=concept)),
            focus_areas=list(FocusArea.objects.filter(in_field, concept=concept)),
            measures=list(Measure.objects.filter(in_field, concept=concept).select_related("goal")),
        )
        context["status_counts"] = {
            status: sum(1 for measure in context["measures"] if measure.status == status)
            for status in Measure.Status.values
        }
    context["progress"] = field_progress(field, context.get("measures", ()))
    context["other_fields"] = [other for other in fields if other.is_active and other.pk != field.pk]
    return render(request, "actionplan/field_detail.html", context)
