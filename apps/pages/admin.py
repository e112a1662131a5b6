from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import FundingLogo, NewsPost, Page, SiteSettings, Slide


class FundingLogoInline(admin.TabularInline):
    model = FundingLogo
    extra = 0


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["area_name", "council_name", "jury_name", "concept_kind", "office_name", "email", "phone"]
    list_filter: list[str] = []
    search_fields = ["area_name"]
    inlines = [FundingLogoInline]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


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
