"""The QM team sees every outgoing mail with its status and last error and can send failed
ones again; scheduled jobs show when they ran last and run next."""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail import send_again
from .models import OutgoingMail, ScheduledJob


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient_display", "subject", "status", "attempts", "sent_at", "error_display"]
    list_filter = ["status", "language", "created_at"]
    search_fields = ["recipients", "subject", "template"]
    date_hierarchy = "created_at"
    actions = ["send_again_action"]
    fields = [
        "status",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "recipients",
        "reply_to",
        "subject",
        "language",
        "template",
        "headers",
        "body",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("recipients"), ordering="recipients")
    def recipient_display(self, mail):
        return ", ".join(mail.recipient_list)

    @admin.display(description=_("last error"))
    def error_display(self, mail):
        return Truncator(mail.last_error).chars(120)

    @admin.action(description=_("Send the selected failed mails again"), permissions=["change"])
    def send_again_action(self, request, queryset):
        count = send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "last_host", "next_run_at"]
    list_filter = ["last_host"]
    search_fields = ["name"]
    readonly_fields = ["name", "last_run_at", "last_host", "next_run_at"]

    def has_add_permission(self, request):
        return False
