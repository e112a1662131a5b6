"""Public pages of the concept (IHEK / action plan): the current one, the archive, fields of action."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import AnchorPlace, Concept, FieldOfAction, FocusArea, Goal, Measure, Need
from .progress import field_progress

ARCHIVE_PER_PAGE = 10
ARCHIVE_TEASER = 5


def _load_sections(concept) -> None:
    """Fetch every section of the concept, each in its own order (one query per section)."""
    lookups = [
        "strengths",
        "weaknesses",
        Prefetch("goals", Goal.objects.select_related("field_of_action")),
        Prefetch("needs", Need.objects.select_related("field_of_action")),
        Prefetch("focus_areas", FocusArea.objects.select_related("field_of_action")),
        Prefetch("measures", Measure.objects.select_related("field_of_action", "goal")),
    ]
    if concept.is_exit_phase:
        lookups += [Prefetch("anchor_places", AnchorPlace.objects.select_related("actor")), "handed_over_tasks"]
    prefetch_related_objects([concept], *lookups)


def _fields_of(concept) -> list[dict]:
    """The concept's goals, needs and measures grouped by field of action, in the fields' order."""
    fields: dict[int, dict] = {}
    for attribute in ("goals", "needs", "measures"):
        for item in getattr(concept, attribute).all():
            field = item.field_of_action
            entry = fields.setdefault(field.pk, {"field": field, "goals": [], "needs": [], "measures": []})
            entry[attribute].append(item)
    return sorted(fields.values(), key=lambda entry: (entry["field"].order, entry["field"].name))


def _concept_context(concept) -> dict:
    return {"concept": concept, "fields": _fields_of(concept)}


@login_not_required
def index(request):
    """The current concept (latest adopted) with all its sections, and a few earlier ones. Public."""
    concept = Concept.objects.current()
    context = {"concept": None, "fields": []}
    if concept:
        _load_sections(concept)
        context = _concept_context(concept)
        earlier = list(
            Concept.objects.adopted().exclude(pk=concept.pk).defer("summary", "vision")[: ARCHIVE_TEASER + 1]
        )
        context["earlier"] = earlier[:ARCHIVE_TEASER]
        context["more_earlier"] = len(earlier) > ARCHIVE_TEASER
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
    _load_sections(concept)
    context = _concept_context(concept)
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
