from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.moderation import log_moderation
from apps.core.workflow_admin import VersionCheckedAdmin
from apps.network.models import SuggestionStatus

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
class EventSuggestionAdmin(VersionCheckedAdmin):
    """The decision is taken by the approve/reject actions only; a save never writes it."""

    protected_fields = ("status", "event", "decided_at", "decided_by")
    list_display = ["title", "date", "start_time", "organiser", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organiser", "description", "suggester_email", "suggester_name"]
    date_hierarchy = "created_at"
    list_select_related = ["event"]
    readonly_fields = ["status", "event", "created_at", "confirmed_at", "decided_at", "decided_by"]
    filter_horizontal = ["languages"]
    actions = ["approve", "reject"]
    fieldsets = [
        (None, {"fields": ["status", "event", "created_at", "confirmed_at", "decided_at", "decided_by"]}),
        (_("Proposed event"), {"fields": ["title", "kind", "description", "organiser", "date", "start_time",
                                          "end_time", "place_name", "place_address", "step_free", "languages",
                                          "cost_kind", "cost_amount", "cost_text"]}),
        (_("Message and suggester (never published)"), {"fields": ["message", "suggester_name", "suggester_email"]}),
        (_("Moderation decision"), {"fields": ["moderator_comment"]}),
    ]  # fmt: skip

    @admin.action(description=_("Approve selected suggestions (creates the event)"))
    def approve(self, request, queryset):
        done = 0
        for suggestion in queryset:
            try:
                services.suggestion_approve(suggestion=suggestion, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{suggestion.title}: {' '.join(error.messages)}", messages.ERROR)
            else:
                log_moderation(request, [suggestion], _("Suggestion approved"), reason=suggestion.moderator_comment)
                done += 1
        if done:
            self.message_user(request, ngettext("%d suggestion approved.", "%d suggestions approved.", done) % done)

    @admin.action(description=_("Reject selected suggestions (the moderator's comment is sent)"))
    def reject(self, request, queryset):
        done = 0
        for suggestion in queryset.exclude(status__in=[SuggestionStatus.APPROVED, SuggestionStatus.REJECTED]):
            services.suggestion_reject(suggestion=suggestion, by=request.user)
            log_moderation(request, [suggestion], _("Suggestion rejected"), reason=suggestion.moderator_comment)
            done += 1
        if done:
            self.message_user(request, ngettext("%d suggestion rejected.", "%d suggestions rejected.", done) % done)
