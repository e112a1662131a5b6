from django.contrib import admin

from .models import Broadcast, DigestItem, ForwardReminder, OfficeNotice, OfficeRecipients, Preference


@admin.register(OfficeRecipients)
class OfficeRecipientsAdmin(admin.ModelAdmin):
    list_display = ["kind", "addresses"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "choice", "updated_at"]
    list_filter = ["kind", "choice"]
    search_fields = ["email"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what was sent: read and delete only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestItem)
class DigestItemAdmin(ReadOnlyAdmin):
    list_display = ["subject", "email", "kind", "frequency", "created_at", "sent_at"]
    list_filter = ["kind", "frequency", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "subject"]


@admin.register(OfficeNotice)
class OfficeNoticeAdmin(ReadOnlyAdmin):
    list_display = ["summary", "kind", "created_at", "sent_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ["object_key", "kind", "recipients", "created_at"]
    list_filter = ["kind"]


@admin.register(ForwardReminder)
class ForwardReminderAdmin(ReadOnlyAdmin):
    list_display = ["idea", "sent_at", "to_office"]
    list_select_related = ["idea"]
