from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Issue, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Subscriptions come only from the people themselves (double opt-in): no adding here; deleting
    one (on request) ends it."""

    list_display = ["email", "language", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "language"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "language", "created_at", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "created_at", "sent_at", "preview_link"]
    search_fields = ["subject", "intro"]
    autocomplete_fields = ["news_posts", "events"]
    readonly_fields = ["created_at", "sent_at", "sent_by", "delivery_count", "preview_link"]
    fields = ["subject", "intro", "news_posts", "events", "preview_link", "created_at", "sent_at", "sent_by",
              "delivery_count"]  # fmt: skip
    actions = ["send"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.sent_at:  # what was sent stays as it was
            fields += ["subject", "intro", "news_posts", "events"]
        return fields

    @admin.display(description=_("mails queued"))
    def delivery_count(self, obj):
        return obj.deliveries.count() if obj and obj.pk else 0

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:newsletter_issue_preview", args=[obj.pk]), _("Preview and send")
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.preview_view)
        return [path("<int:pk>/vorschau/", view, name="newsletter_issue_preview"), *super().get_urls()]

    def preview_view(self, request, pk):
        """The mail as a subscriber gets it; the button sends it to every confirmed subscriber."""
        issue = get_object_or_404(Issue, pk=pk)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, issue):
                raise PermissionDenied
            self._send(request, [issue])
            return redirect("admin:newsletter_issue_change", issue.pk)
        sample = Subscription(email="vorschau@example.org", confirmed_at=timezone.now())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview: %(subject)s") % {"subject": issue.subject},
            "issue": issue,
            "body": services.preview(issue, sample, get_language()),
            "subscribers": Subscription.objects.confirmed().count(),
            "can_send": self.has_change_permission(request, issue),
        }
        return TemplateResponse(request, "admin/newsletter/issue/preview.html", context)

    @admin.action(description=_("Send selected issues to every confirmed subscriber"))
    def send(self, request, queryset):
        self._send(request, queryset)

    def _send(self, request, issues):
        for issue in issues:
            count = services.send_issue(issue, by=request.user)
            self.message_user(
                request,
                ngettext("“%(subject)s”: %(count)d mail queued.", "“%(subject)s”: %(count)d mails queued.", count)
                % {"subject": issue.subject, "count": count},
                messages.SUCCESS,
            )
