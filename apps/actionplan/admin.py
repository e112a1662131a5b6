from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    AnchorPlace,
    Concept,
    ConceptStatusChange,
    FieldOfAction,
    FocusArea,
    Goal,
    HandedOverTask,
    Measure,
    MeasureStatus,
    MeasureStatusChange,
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


class ConceptStatusChangeInline(admin.TabularInline):
    model = ConceptStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "revision", "year_from", "year_to", "status", "adopted_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary", "vision"]
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "revision", ("year_from", "year_to"), "status"]}),
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
        ConceptStatusChangeInline,
    ]
    actions = ["adopt", "withdraw"]

    @admin.action(description=_("Adopt the selected draft concepts"), permissions=["change"])
    def adopt(self, request, queryset):
        self._run(request, queryset, lambda concept: concept.adopt(by=request.user))

    @admin.action(description=_("Withdraw the selected concepts (back to draft)"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._run(request, queryset, lambda concept: concept.withdraw(by=request.user))

    def _run(self, request, queryset, step):
        for concept in queryset:
            try:
                step(concept)
            except ValidationError as error:
                self.message_user(request, f"{concept}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{concept}: {concept.get_status_display()}", messages.SUCCESS)


class MeasureStatusChangeInline(admin.TabularInline):
    model = MeasureStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "concept", "field_of_action", "status", "serves_climate", "order"]
    list_filter = ["concept", "field_of_action", "status", "serves_climate"]
    list_select_related = ["concept", "field_of_action"]
    search_fields = ["title", "description", "responsible"]
    readonly_fields = ["status"]
    autocomplete_fields = ["goal"]
    inlines = [MeasureStatusChangeInline]
    actions = ["mark_running", "mark_done"]

    @admin.action(description=_("Mark the selected measures as running"), permissions=["change"])
    def mark_running(self, request, queryset):
        self._change(request, queryset, MeasureStatus.RUNNING)

    @admin.action(description=_("Mark the selected measures as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._change(request, queryset, MeasureStatus.DONE)

    def _change(self, request, queryset, to):
        for measure in queryset:
            try:
                measure.change_status(to, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{measure}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{measure}: {measure.get_status_display()}", messages.SUCCESS)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    """Goals are edited in their concept; this list serves the goal search of measures."""

    list_display = ["__str__", "concept", "field_of_action", "order"]
    list_filter = ["concept", "field_of_action"]
    list_select_related = ["concept", "field_of_action"]
    search_fields = ["text"]
