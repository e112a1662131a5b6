"""Public pages of the concept (IHEK / action plan): the current one, the archive, fields of action."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from apps.core import compiled

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


# --- Queries compiled once per process ----------------------------------------------------
# Building and compiling a query costs more CPU than running it (0.5-2 ms against 0.2-0.8 ms
# here, the field page's lookup with three EXISTS 2 ms), and after any write every page runs its
# queries again: the pages' queries are compiled to SQL once per process and language and sent
# together (apps/core/compiled.py).
_PLACEHOLDER = -1_000_001  # stands in for a primary key while compiling: no row has a negative key


def _read(group: str, build, *keys) -> dict:
    """The rows (model instances) of the querysets ``build(*placeholders)`` by name, whose
    parameters that change are the primary keys ``keys``: compiled once per process and language,
    sent together in one round trip on PostgreSQL (apps/core/compiled.py)."""
    placeholders = [_PLACEHOLDER - index for index in range(len(keys))]
    db = "default"
    statements = compiled.compiled(f"actionplan:{group}", lambda: build(*placeholders), db)
    rows = compiled.run(db, statements, values=dict(zip(placeholders, keys, strict=True)))
    return {name: statements[name].instances(db, found) for name, found in rows.items()}


ANCHOR_ACTOR = AnchorPlace._meta.get_field("actor").related_model  # the network's actors, by the key


def _section_querysets(pk) -> dict:
    # Grouped by field below, so ordered without the join to the fields.
    return {
        "fields": FieldOfAction.objects.all(),
        "goals": Goal.objects.filter(concept=pk).order_by("order", "pk"),
        "needs": Need.objects.filter(concept=pk).order_by("order", "pk"),
        "focus_areas": FocusArea.objects.filter(concept=pk),
        "measures": Measure.objects.filter(concept=pk),
        "strengths": Strength.objects.filter(concept=pk),
        "weaknesses": Weakness.objects.filter(concept=pk),
        # shown in the exit phase only; read along (no rows otherwise)
        "anchor_places": AnchorPlace.objects.filter(concept=pk),
        "anchor_actors": ANCHOR_ACTOR.objects.filter(
            pk__in=AnchorPlace.objects.filter(concept=pk).values("actor_id")
        ).only("name", "slug", "is_published"),
        "handed_over_tasks": HandedOverTask.objects.filter(concept=pk),
    }


def _sections(concept) -> dict:
    """Every section of the concept, each in its own order: one query per section, none joining
    another table (the fields of action, a short list, and the goals are looked up in Python),
    all in one round trip."""
    found = _read("sections", _section_querysets, concept.pk)
    fields = {field.pk: field for field in found["fields"]}
    goals, needs, focus_areas, measures = found["goals"], found["needs"], found["focus_areas"], found["measures"]
    goal_by_pk = {goal.pk: goal for goal in goals}
    for item in (*goals, *needs):
        item.field_of_action = fields[item.field_of_action_id]
    for focus in focus_areas:
        focus.field_of_action = fields.get(focus.field_of_action_id)
    _label_measures(measures, goal_by_pk, fields)
    sections = {
        "concept": concept,
        "strengths": found["strengths"],
        "weaknesses": found["weaknesses"],
        "focus_areas": focus_areas,
        "fields": _fields_of(fields, goals, needs, measures),
    }
    if concept.is_exit_phase:
        actors = {actor.pk: actor for actor in found["anchor_actors"]}
        for place in found["anchor_places"]:
            place.actor = actors.get(place.actor_id)
        sections["anchor_places"] = found["anchor_places"]
        sections["handed_over_tasks"] = found["handed_over_tasks"]
    return sections


def _label_measures(measures, goal_by_pk: dict, fields: dict | None = None) -> None:
    """What the measure table shows of each measure, looked up once: its goal (from ``goal_by_pk``)
    and field of action."""
    for measure in measures:
        if measure.goal_id in goal_by_pk:
            measure.goal = goal_by_pk[measure.goal_id]
        if fields is not None:
            measure.field_of_action = fields[measure.field_of_action_id]


MEASURE_ROW = (
    '        <tr>\n          <th scope="row" class="fw-normal"><strong>{}</strong>{}</th>\n'
    '          <td class="small">{}</td>\n          <td>{}</td>\n          <td>{}</td>\n'
    '          <td><span class="status-badge status-badge--{}">{}</span></td>\n          <td>{}</td>\n        </tr>\n'
)


def _measure_rows(measures) -> str:
    """The rows of actionplan/_measure_table.html, built with ``format_html`` (a long concept has a
    hundred measures: the template's per-row nodes cost more than the rest of the table); labels
    translated once."""
    labels = {value: str(label) for value, label in Measure.Status.choices}
    yes, no = gettext("Yes"), gettext("No")
    return format_html_join(
        "",
        MEASURE_ROW,
        (
            (
                measure.title,
                format_html('<br><span class="small">{}</span>', measure.description) if measure.description else "",
                measure.goal.text if measure.goal else "–",
                measure.responsible or "–",
                measure.period or "–",
                measure.status,
                labels.get(measure.status, measure.status),
                yes if measure.serves_climate else no,
            )
            for measure in measures
        ),
    )


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
    for entry in entries.values():
        entry["measure_rows"] = _measure_rows(entry["measures"])
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
    fields = _read("fields", lambda: {"fields": FieldOfAction.objects.all()})["fields"]
    field = next((candidate for candidate in fields if candidate.slug == slug), None)
    if field is None:
        raise Http404
    # The latest adopted concept with entries in the field, and whether it is the current one, in one query.
    found = _read("field_concept", lambda pk: {"concept": _field_concept(pk)}, field.pk)["concept"]
    concept = found[0] if found else None
    context = {
        "field": field,
        "concept": concept,
        "is_current": concept is not None and concept.pk == concept.current_pk,
    }
    if concept is not None:
        found = _read("field", _field_querysets, concept.pk, field.pk)
        goals, measures = found["goals"], found["measures"]
        _label_measures(measures, {goal.pk: goal for goal in goals})
        context.update(
            goals=goals,
            needs=found["needs"],
            focus_areas=found["focus_areas"],
            measures=measures,
            measure_rows=_measure_rows(measures),
        )
        context["status_counts"] = {
            status: sum(1 for measure in measures if measure.status == status) for status in Measure.Status.values
        }
    context["progress"] = field_progress(field, context.get("measures", ()))
    context["other_fields"] = [other for other in fields if other.is_active and other.pk != field.pk]
    return render(request, "actionplan/field_detail.html", context)


def _field_querysets(pk, field_pk) -> dict:
    return {
        "goals": Goal.objects.filter(concept=pk, field_of_action=field_pk).order_by("order", "pk"),
        "measures": Measure.objects.filter(concept=pk, field_of_action=field_pk),
        "needs": Need.objects.filter(concept=pk, field_of_action=field_pk).order_by("order", "pk"),
        "focus_areas": FocusArea.objects.filter(concept=pk, field_of_action=field_pk),
    }


def _field_concept(field):
    """The latest adopted concept with goals, needs or measures in ``field``, with the key of the
    current concept (``current_pk``)."""
    in_field = Q(field_of_action=field)
    has_entries = (
        Exists(Goal.objects.filter(in_field, concept=OuterRef("pk")))
        | Exists(Need.objects.filter(in_field, concept=OuterRef("pk")))
        | Exists(Measure.objects.filter(in_field, concept=OuterRef("pk")))
    )
    current_pk = Concept.objects.adopted().values("pk")[:1]
    return Concept.objects.adopted().filter(has_entries).annotate(current_pk=Subquery(current_pk))[:1]
