from django.contrib import admin
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.exports import csv_writer
from apps.core.links import absolute_url
from apps.core.moderation import ReasonActionForm, log_moderation
from apps.core.workflow_admin import SuggestionAdmin as CoreSuggestionAdmin

from . import services
from .models import SUGGESTED_RELATIONS, Actor, Language, Network, Suggestion

CSV_COLUMNS = [
    ("name", _("Name")),
    ("kind", _("Kind")),
    ("street", _("Street and number")),
    ("postcode", _("Postcode")),
    ("contact_person", _("Contact person")),
    ("email", _("Public e-mail address")),
    ("phone", _("Phone")),
    ("website", _("Website")),
    ("languages", _("Languages")),
    ("fields_of_action", _("Fields of action")),
    ("step_free", _("Step-free access")),
    ("networks", _("Networks")),
    ("is_published", _("Published")),
    ("url", _("Address in the portal")),
]


@admin.action(description=_("Export selected actors as CSV"))
def export_actors_csv(modeladmin, request, queryset):
    """CSV for the QM team (semicolon-separated, UTF-8 with BOM, so spreadsheet programs open it as is)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="akteure-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow([str(label) for _field, label in CSV_COLUMNS])
    actors = queryset.order_by("name", "pk").prefetch_related("languages", "fields_of_action", "networks")
    for actor in actors:
        writer.writerow(
            [
                actor.name,
                actor.get_kind_display(),
                actor.street,
                actor.postcode,
                actor.contact_person,
                actor.email,
                actor.phone,
                actor.website,
                ", ".join(language.name for language in actor.languages.all()),
                ", ".join(field.name for field in actor.fields_of_action.all()),
                actor.get_step_free_display(),
                ", ".join(network.name for network in actor.networks.all()),
                _("yes") if actor.is_published else _("no"),
                absolute_url(actor),
            ]
        )
    return response


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "native_name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "native_name", "code"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "street", "step_free", "is_published", "updated_at"]
    list_filter = ["is_published", "kind", "step_free", "languages", "fields_of_action"]
    search_fields = ["name", "description", "street", "contact_person", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["languages", "fields_of_action"]
    actions = [export_actors_csv, "publish", "unpublish"]
    action_form = ReasonActionForm
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "description", "is_published"]}),
        (_("Contact"), {"fields": ["street", "postcode", "city", "opening_hours", "contact_person", "email", "phone", "website"]}),
        (_("Languages and fields of action"), {"fields": ["languages", "fields_of_action"]}),
        (_("Accessibility"), {"fields": ["step_free", "accessibility_notes"]}),
        (_("Logo or photo"), {"fields": ["image", "image_alt"]}),
    ]  # fmt: skip

    @admin.action(description=_("Publish selected actors"))
    def publish(self, request, queryset):
        log_moderation(request, queryset, _("Published in the directory"))
        count = queryset.update(is_published=True)
        self.message_user(request, ngettext("%d actor published.", "%d actors published.", count) % count)

    @admin.action(description=_("Unpublish selected actors"))
    def unpublish(self, request, queryset):
        log_moderation(request, queryset, _("Removed from the public directory"))
        count = queryset.update(is_published=False)
        self.message_user(request, ngettext("%d actor unpublished.", "%d actors unpublished.", count) % count)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "coordinator", "meeting_rhythm", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinator"]
    filter_horizontal = ["members"]


@admin.register(Suggestion)
class SuggestionAdmin(CoreSuggestionAdmin):
    suggestions = services.SUGGESTIONS
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "actor", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "message", "suggester_email", "suggester_name"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    readonly_fields = ["kind", "actor", "status", "created_at", "confirmed_at", "decided_at", "changes_table"]
    filter_horizontal = ["languages", "fields_of_action"]
    fieldsets = [
        (None, {"fields": ["kind", "actor", "status", "created_at", "confirmed_at", "decided_at"]}),
        (_("Changes proposed in this correction"), {"fields": ["changes_table"]}),
        (_("Proposed entry"), {"fields": ["name", "kind_of_actor", "description", "street", "postcode", "opening_hours",
                                          "contact_person", "email", "phone", "website", "languages",
                                          "fields_of_action", "step_free"]}),
        (_("Message and suggester (never published)"), {"fields": ["message", "suggester_name", "suggester_email"]}),
        (_("Moderation decision"), {"fields": ["moderator_comment"]}),
    ]  # fmt: skip

    @admin.display(description=_("changes"))
    def changes_table(self, obj):
        if obj is None or obj.kind != Suggestion.Kind.CORRECTION:
            return "–"
        changes = obj.changes()
        if not changes:
            return _("No field was changed; see the message.")

        def shown(field, value):
            if field in SUGGESTED_RELATIONS:
                model = Actor._meta.get_field(field).related_model
                return ", ".join(str(item) for item in model.objects.filter(pk__in=value or [])) or "–"
            return value or "–"

        return format_html_join(
            "\n",
            "<p><strong>{}</strong>: {} → {}</p>",
            (
                (Actor._meta.get_field(field).verbose_name, shown(field, old), shown(field, new))
                for field, (old, new) in changes.items()
            ),
        )
