from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from apps.core.workflow_admin import StatusModelAdmin, change_each

from .models import (
    AccessibilityFeedback,
    AccessibilityStatement,
    FundingLogo,
    NewsPost,
    NonAccessibleContent,
    Page,
    SignLanguageVideo,
    SiteSettings,
    Slide,
)


class SingleRowAdmin(admin.ModelAdmin):
    """The admin of a model with one row (the site settings, the accessibility statement): it is
    added once and never deleted."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model._default_manager.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class FundingLogoInline(admin.TabularInline):
    model = FundingLogo
    extra = 0


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingleRowAdmin):
    list_display = ["area_name", "council_name", "jury_name", "concept_kind", "office_name", "email", "phone"]
    list_filter: list[str] = []
    search_fields = ["area_name"]
    inlines = [FundingLogoInline]


@admin.register(Slide)
class SlideAdmin(TranslationAdmin):
    list_display = ["title", "order", "visible_from", "visible_until"]
    list_editable = ["order"]
    list_filter = ["visible_from", "visible_until"]
    search_fields = ["title", "text"]


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "menu", "order", "is_published", "updated_at"]
    list_editable = ["order", "is_published"]
    list_filter = ["menu", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(NewsPost)
class NewsPostAdmin(TranslationAdmin):
    list_display = ["title", "published_at", "is_published"]
    list_filter = ["is_published", "published_at"]
    search_fields = ["title", "teaser", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"


class NonAccessibleContentInline(TranslationStackedInline):
    model = NonAccessibleContent
    extra = 0


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SingleRowAdmin, TranslationAdmin):
    """The one accessibility statement, in the parts of the EU model statement."""

    list_display = ["__str__", "compliance", "assessed_on", "method", "prepared_on", "reviewed_on"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter: list[str] = []
    search_fields = ["intro"]
    inlines = [NonAccessibleContentInline]
    fieldsets = [
        (None, {"fields": ["intro", "compliance", "standard"]}),
        (_("Assessment"), {"fields": ["assessed_on", "method", "assessed_by", "method_details"]}),
        (_("Statement"), {"fields": ["prepared_on", "reviewed_on"]}),
        (
            _("Feedback"),
            {"fields": ["feedback_address", "feedback_email", "feedback_phone", "answer_days"]},
        ),
        (
            _("Conciliation procedure"),
            {"fields": ["conciliation_name", "conciliation_contact", "conciliation_url", "conciliation_text"]},
        ),
        (
            _("Enforcement procedure"),
            {"fields": ["enforcement_name", "enforcement_contact", "enforcement_url", "enforcement_text"]},
        ),
    ]


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(StatusModelAdmin):
    """Reported barriers: open ones with the day their answer is due, answered ones."""

    list_display = ["created_at", "summary", "page_url", "wants_answer", "status", "due_on", "overdue"]
    list_filter = ["status", "wants_answer", "created_at"]
    search_fields = ["message", "name", "email", "page_url"]
    date_hierarchy = "created_at"
    status_actions = []  # "mark as answered" below
    actions = ["mark_answered"]
    fields = [
        "created_at",
        "name",
        "email",
        "page_url",
        "message",
        "wants_answer",
        "status",
        "due_on",
        "answered_at",
        "notes",
    ]
    readonly_fields = [name for name in fields if name != "notes"]  # the office keeps only its notes

    def has_add_permission(self, request):
        return False  # feedback comes from the public form

    @admin.display(description=_("message"))
    def summary(self, obj) -> str:
        return obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj) -> bool:
        return obj.is_overdue

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        count = len(change_each(self, request, queryset.filter(status=AccessibilityFeedback.Status.OPEN), "answered"))
        self.message_user(
            request,
            ngettext("%(count)d message marked as answered.", "%(count)d messages marked as answered.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(TranslationAdmin):
    list_display = ["title", "order", "is_published", "has_video"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "transcript"]

    @admin.display(description=_("video"), boolean=True)
    def has_video(self, obj) -> bool:
        return bool(obj.video)
