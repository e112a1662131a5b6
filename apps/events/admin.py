from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.workflow_admin import SuggestionAdmin

from . import services
from .models import Event, EventSuggestion, Occurrence


class OccurrenceInline(admin.TabularInline):
    """The dates the event's rule gives (written on saving the event, read only)."""

    model = Occurrence
    fields = ["starts_at", "ends_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("dates (from the rule; change the event to change them)")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "repeat", "organiser", "is_published"]
    list_filter = ["is_published", "kind", "repeat", "step_free", "cost_kind", "languages"]
    search_fields = ["title", "organiser", "description", "place_name", "place_address"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["actor"]
    filter_horizontal = ["languages"]
    list_select_related = ["actor"]
    inlines = [OccurrenceInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "organiser", "is_published"]}),
        (_("Date"), {"fields": ["starts_at", "ends_at", "repeat", "repeat_until"]}),
        (_("Place"), {"fields": ["actor", "place_name", "place_address"]}),
        (_("Accessibility and languages"), {"fields": ["step_free", "accessibility_notes", "languages"]}),
        (_("Cost"), {"fields": ["cost_kind", "cost_amount", "cost_text"]}),
    ]

    @admin.action(description=_("Publish selected events"))
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        self.message_user(request, ngettext("%d event published.", "%d events published.", count) % count)

    @admin.action(description=_("Hide selected events"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(request, ngettext("%d event hidden.", "%d events hidden.", count) % count)


@admin.register(EventSuggestion)
class EventSuggestionAdmin(SuggestionAdmin):
    """Approve (creates the event) or reject: the one moderation path of apps/core/suggestions.py."""

    suggestions = services.SUGGESTIONS
    protected_fields = ("event", "decided_at")
    list_display = ["title", "date", "start_time", "organiser", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organiser", "description", "suggester_email", "suggester_name"]
    date_hierarchy = "created_at"
    list_select_related = ["event"]
    readonly_fields = ["status", "event", "created_at", "confirmed_at", "decided_at"]
    filter_horizontal = ["languages"]
    fieldsets = [
        (None, {"fields": ["status", "event", "created_at", "confirmed_at", "decided_at"]}),
        (_("Proposed event"), {"fields": ["title", "kind", "description", "organiser", "date", "start_time",
                                          "end_time", "place_name", "place_address", "step_free", "languages",
                                          "cost_kind", "cost_amount", "cost_text"]}),
        (_("Message and suggester (never published)"), {"fields": ["message", "suggester_name", "suggester_email"]}),
        (_("Moderation decision"), {"fields": ["moderator_comment"]}),
    ]  # fmt: skip
