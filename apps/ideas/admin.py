"""The QM team's tools: moderation queue, status workflow, forwarding to offices, CSV export."""

from datetime import datetime, time

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.exports import csv_writer
from apps.core.moderation import ReasonActionForm, log_moderation
from apps.core.office import OfficeEntryAdminForm
from apps.core.workflow_admin import StatusModelAdmin

from . import services
from .forms import AnswerForm, ForwardForm
from .models import WORKFLOW, Comment, Idea, IdeaStatus, ModerationQueue, Office, StatusChange, Support


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "text", "status", "created_at"]
    readonly_fields = ["author", "status", "created_at"]  # the status changes on the comment's own page
    show_change_link = True


def _transition_action(to: IdeaStatus, description):
    """An admin action that moves the selected entries to ``to`` through the workflow, asking
    for the (public) answer on an intermediate page first."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = AnswerForm(request.POST, to_status=to)
            if form.is_valid():
                done, refused = 0, []
                for idea in queryset:
                    try:
                        services.idea_change_status(
                            idea=idea,
                            to=to,
                            by=request.user,
                            answer=form.cleaned_data["answer"],
                            linked_record=form.cleaned_data.get("linked_record", ""),
                            links=form.links,
                            request=request,
                        )
                        done += 1
                    except ValidationError:
                        refused.append(idea.title)
                if done:
                    modeladmin.message_user(
                        request,
                        ngettext(
                            "%(count)d entry changed to “%(status)s”.",
                            "%(count)d entries changed to “%(status)s”.",
                            done,
                        )
                        % {"count": done, "status": to.label},
                        messages.SUCCESS,
                    )
                if refused:
                    modeladmin.message_user(
                        request,
                        _("Not possible from their current status: %(titles)s") % {"titles": ", ".join(refused)},
                        messages.WARNING,
                    )
                return None
        else:
            form = AnswerForm(to_status=to)
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "form": form,
            "ideas": queryset,
            "action": request.POST["action"],
            "to_status": to,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/ideas/idea/transition.html", context)

    action.__name__ = f"to_{to.value}"
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


class IdeaAdminForm(OfficeEntryAdminForm, forms.ModelForm):
    """A new entry in the admin is one the office makes for a person (visit, phone, letter)."""


def _workflow_actions() -> list:
    """One action (with its answer page) per target status of the QM team's steps, labelled as
    declared in ``models.WORKFLOW``."""
    labels = {}
    for _source, target, step in WORKFLOW.pairs():
        if target != IdeaStatus.NEW:
            labels.setdefault(target, step.label)
    return [_transition_action(IdeaStatus(target), label) for target, label in labels.items()]


@admin.register(Idea)
class IdeaAdmin(StatusModelAdmin):
    list_display = ["title", "kind", "status", "field_of_action", "created_at", "support_count", "office", "is_hidden"]
    list_filter = ["status", "kind", "is_hidden", "field_of_action", "office"]
    list_select_related = ["field_of_action", "office"]
    search_fields = ["title", "description", "email", "location"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "status",
        "support_count",
        "submitter",
        "created_at",
        "confirmed_at",
        "published_at",
        "privacy_consent_at",
        "office",
        "forwarded_at",
        "entered_by",
        "consent_recorded_by",
        "letter_link",
    ]
    fieldsets = (
        (None, {"fields": ("kind", "title", "description", "field_of_action", "location")}),
        (_("Photo"), {"fields": ("photo", "photo_alt")}),
        (
            _("Submitter (not public except the name)"),
            {"fields": ("display_name", "email", "submitter", "privacy_consent_at")},
        ),
        (
            _("Status"),
            {"fields": ("status", "is_hidden", "created_at", "confirmed_at", "published_at", "support_count")},
        ),
        (_("Office (concerns)"), {"fields": ("office", "forwarded_at", "office_answer", "office_answered_on")}),
        (
            _("Entered by the office"),
            {
                "fields": (
                    "entry_source",
                    "consent_recorded_on",
                    "postal_address",
                    "entered_by",
                    "consent_recorded_by",
                    "letter_link",
                ),
            },
        ),
    )
    form = IdeaAdminForm
    inlines = [CommentInline]
    action_form = ReasonActionForm
    status_actions = []  # the workflow's actions below ask for the answer first
    actions = [
        *_workflow_actions(),
        "hide",
        "unhide",
        "forward_to_office",
        "export_csv",
    ]

    @admin.display(description=_("letter to the person"))
    def letter_link(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("ideas:letter", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("letter with the link (to print)"))

    def change_status(self, request, obj, to, comment):
        return services.idea_change_status(idea=obj, to=to, by=request.user, answer=comment, request=request)

    def save_model(self, request, obj, form, change):
        if not change:  # the office enters an idea for a person who came, phoned or wrote
            obj.record_office_entry(request.user)
            obj.status = IdeaStatus.NEW  # no e-mail confirmation: the office recorded the consent
            obj.confirmed_at = timezone.now()
            consent_day = datetime.combine(obj.consent_recorded_on, time(12), tzinfo=timezone.get_current_timezone())
            obj.privacy_consent_at = consent_day
        super().save_model(request, obj, form, change)
        if change and "office_answer" in form.changed_data and obj.office_answer:
            services.concern_answer_published(idea=obj)

    @admin.action(description=_("Hide from the public pages"), permissions=["change"])
    def hide(self, request, queryset):
        self._set_hidden(
            request, queryset, True, _("Hidden from the public pages"), _("The selected entries are hidden.")
        )

    @admin.action(description=_("Show on the public pages again"), permissions=["change"])
    def unhide(self, request, queryset):
        self._set_hidden(
            request, queryset, False, _("Shown on the public pages again"), _("The selected entries are visible again.")
        )

    def _set_hidden(self, request, queryset, hidden: bool, logged: str, done: str) -> None:
        ideas = list(queryset)
        for idea in ideas:
            services.idea_set_hidden(idea=idea, hidden=hidden)
        log_moderation(request, ideas, logged)
        self.message_user(request, done, messages.SUCCESS)

    @admin.action(description=_("Forward concerns to an office"), permissions=["change"])
    def forward_to_office(self, request, queryset):
        concerns = queryset.filter(kind=Idea.Kind.CONCERN)
        if "apply" in request.POST:
            form = ForwardForm(request.POST)
            if form.is_valid():
                for idea in concerns:
                    services.concern_forward(
                        idea=idea,
                        office=form.cleaned_data["office"],
                        message=form.cleaned_data["message"],
                        by=request.user,
                        request=request,
                    )
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d concern forwarded to %(office)s.",
                        "%(count)d concerns forwarded to %(office)s.",
                        concerns.count(),
                    )
                    % {"count": concerns.count(), "office": form.cleaned_data["office"]},
                    messages.SUCCESS,
                )
                skipped = queryset.count() - concerns.count()
                if skipped:
                    self.message_user(request, _("Ideas are not forwarded; only concerns."), messages.WARNING)
                return None
        else:
            form = ForwardForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Forward concerns to an office"),
            "form": form,
            "ideas": queryset,
            "action": "forward_to_office",
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/ideas/idea/transition.html", context)

    @admin.action(description=_("Export as CSV with status history"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="ideen-{stamp}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv_writer(response)
        writer.writerow(
            [
                _("ID"), _("kind"), _("title"), _("field of action"), _("location"), _("status"), _("hidden"),
                _("submitted at"), _("published at"), _("supports"), _("office"), _("forwarded at"),
                _("answered on"), _("status history"),
            ]
        )  # fmt: skip
        history = Prefetch("status_changes", queryset=StatusChange.objects.order_by("at", "pk"))
        rows = queryset.select_related("field_of_action", "office").prefetch_related(history)
        for idea in rows:
            steps = " | ".join(
                f"{timezone.localtime(change.at):%d.%m.%Y %H:%M} {change.get_to_status_display()}"
                + (f": {change.comment}" if change.comment else "")
                + (f" ({change.linked_record})" if change.linked_record else "")
                for change in idea.status_changes.all()
            )
            writer.writerow(
                (
                    idea.pk,
                    idea.get_kind_display(),
                    idea.title,
                    idea.field_of_action or "",
                    idea.location,
                    idea.get_status_display(),
                    _("yes") if idea.is_hidden else _("no"),
                    f"{timezone.localtime(idea.created_at):%d.%m.%Y}",
                    f"{timezone.localtime(idea.published_at):%d.%m.%Y}" if idea.published_at else "",
                    idea.support_count,
                    idea.office or "",
                    f"{timezone.localtime(idea.forwarded_at):%d.%m.%Y}" if idea.forwarded_at else "",
                    f"{idea.office_answered_on:%d.%m.%Y}" if idea.office_answered_on else "",
                    steps,
                )
            )
        return response


@admin.register(ModerationQueue)
class ModerationQueueAdmin(IdeaAdmin):
    list_display = ["title", "kind", "field_of_action", "created_at", "confirmed_at", "is_hidden"]
    list_filter = ["kind", "field_of_action"]
    date_hierarchy = None
    actions = IdeaAdmin.actions[:2] + ["export_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).moderation_queue()


@admin.register(Comment)
class CommentAdmin(StatusModelAdmin):
    """Comments are moderated through their workflow (``COMMENT_WORKFLOW``) only: the status is
    read-only in the form, and a save never writes it (nor over an edit made meanwhile). Each
    decision writes a history row and the moderation trail with the reason."""

    list_display = ["idea", "author", "short_text", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["idea", "author"]
    search_fields = ["text", "idea__title", "author__email"]
    readonly_fields = ["idea", "author", "created_at"]
    status_actions = []  # approve and reject below
    actions = ["approve", "reject"]
    action_form = ReasonActionForm
    moderation_log = {Comment.Status.APPROVED: _("Comment published"), Comment.Status.REJECTED: _("Comment rejected")}

    @admin.display(description=_("comment"))
    def short_text(self, obj):
        return obj.text[:80]

    @admin.action(description=_("Publish selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        count = self.decide(request, queryset, Comment.Status.APPROVED)
        done = ngettext("%(count)d comment published.", "%(count)d comments published.", count)
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        count = self.decide(request, queryset, Comment.Status.REJECTED)
        done = ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count)
        self.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["idea", "user", "created_at"]
    list_select_related = ["idea", "user"]
    search_fields = ["idea__title", "user__email"]
    readonly_fields = ["idea", "user", "created_at"]

    def has_add_permission(self, request):
        return False
