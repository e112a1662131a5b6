from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.workflow_admin import StatusModelAdmin

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


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active", "colour"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class OrderedInline(admin.TabularInline):
    extra = 0
    ordering = ["order", "pk"]


class StrengthInline(OrderedInline):
    model = Strength
    fields = ["order", "text"]


class WeaknessInline(OrderedInline):
    model = Weakness
    fields = ["order", "text"]


class GoalInline(OrderedInline):
    model = Goal
    fields = ["order", "field_of_action", "text"]
    ordering = ["field_of_action__order", "order", "pk"]


class NeedInline(OrderedInline):
    model = Need
    fields = ["order", "field_of_action", "text"]
    ordering = ["field_of_action__order", "order", "pk"]


class FocusAreaInline(OrderedInline):
    model = FocusArea
    fields = ["order", "title", "field_of_action", "description"]


class AnchorPlaceInline(OrderedInline):
    model = AnchorPlace
    fields = ["order", "name", "actor", "description"]
    autocomplete_fields = ["actor"]
    verbose_name_plural = _("anchor places (exit phase only)")


class HandedOverTaskInline(OrderedInline):
    model = HandedOverTask
    fields = ["order", "task", "taken_over_by"]
    verbose_name_plural = _("tasks handed over (exit phase only)")


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    ordering = ["order", "pk"]
    fields = [
        ("order", "title"),
        ("field_of_action", "goal"),
        "description",
        ("responsible", "year_from", "year_to"),
        ("status", "serves_climate"),
    ]
    readonly_fields = ["status"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "goal":
            # Only the goals of the concept being edited (none yet while adding a concept).
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Goal.objects.filter(concept_id=object_id).select_related("field_of_action")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Concept)
class ConceptAdmin(StatusModelAdmin):
    list_display = ["title", "kind", "revision", "year_from", "year_to", "status", "adopted_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary", "vision"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "revision", ("year_from", "year_to"), "status", "status_link"]}),
        (
            _("Adoption"),
            {
                "fields": ["adopted_on", "adopted_by"],
                "description": _("Fill these in, save, then use the action “Adopt” in the list of concepts."),
            },
        ),
        (None, {"fields": ["summary", "vision", "document"]}),
        (_("Exit phase (action plan or final plan)"), {"fields": ["neighbourhood_fund", "district_contact"]}),
    ]
    inlines = [
        StrengthInline,
        WeaknessInline,
        GoalInline,
        NeedInline,
        FocusAreaInline,
        MeasureInline,
        AnchorPlaceInline,
        HandedOverTaskInline,
    ]


@admin.register(Measure)
class MeasureAdmin(StatusModelAdmin):
    list_display = ["title", "concept", "field_of_action", "status", "serves_climate", "order"]
    list_filter = ["concept", "field_of_action", "status", "serves_climate"]
    list_select_related = ["concept", "field_of_action"]
    search_fields = ["title", "description", "responsible"]
    autocomplete_fields = ["goal"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    """Goals are edited in their concept; this list serves the goal search of measures."""

    list_display = ["__str__", "concept", "field_of_action", "order"]
    list_filter = ["concept", "field_of_action"]
    list_select_related = ["concept", "field_of_action"]
    search_fields = ["text"]
