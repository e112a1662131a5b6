from django.contrib import admin

from .models import Concept, FieldOfAction, Measure


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active", "colour"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "revision", "year_from", "year_to", "status", "adopted_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary", "vision"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "concept", "field_of_action", "order"]
    list_filter = ["concept", "field_of_action"]
    search_fields = ["title", "description"]
