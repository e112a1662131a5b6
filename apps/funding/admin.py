from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import services
from .exports import export_csv, export_xlsx
from .models import COMMITTED_STATUSES, Application, Attachment, Call, CostLine, Fund, StatusChange


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "minimum_amount", "max_duration_years", "own_share_percent", "is_legacy"]
    list_filter = ["kind", "is_legacy"]
    search_fields = ["name"]


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "fund", "budget", "committed_sum", "deadline", "is_published", "application_count"]
    list_filter = ["fund", "is_published", "fields_of_action"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["fields_of_action"]
    date_hierarchy = "deadline"
    actions = ["export_applications_csv", "export_applications_xlsx"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("fund")
            .annotate(
                application_total=Count("applications"),
                committed_total=Sum(
                    "applications__requested_amount", filter=Q(applications__status__in=COMMITTED_STATUSES)
                ),
            )
        )

    @admin.display(description=_("recommended or approved"), ordering="committed_total")
    def committed_sum(self, obj):
        return obj.committed_total or 0

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, obj):
        return obj.application_total

    def _export(self, request, queryset, extension, content_type, build):
        if queryset.count() != 1:
            self.message_user(request, _("Please choose exactly one call to export."), messages.WARNING)
            return None
        call = queryset.get()
        response = HttpResponse(build(call), content_type=content_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="antraege-{call.slug}-{stamp}.{extension}"'
        return response

    @admin.action(description=_("Export the call's applications as CSV"))
    def export_applications_csv(self, request, queryset):
        return self._export(request, queryset, "csv", "text/csv; charset=utf-8", export_csv)

    @admin.action(description=_("Export the call's applications as Excel (XLSX)"))
    def export_applications_xlsx(self, request, queryset):
        return self._export(
            request,
            queryset,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            export_xlsx,
        )


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0

    def has_change_permission(self, request, obj=None):
        return bool(obj and obj.is_editable) and super().has_change_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "title", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def council_recommend(*, application, by):
    return services.application_council_decide(application=application, recommended=True, by=by)


def council_not_recommend(*, application, by):
    return services.application_council_decide(application=application, recommended=False, by=by)


def _workflow_action(service, description, **extra):
    def action(modeladmin, request, queryset):
        done = 0
        for application in queryset.order_by("pk"):
            try:
                service(application=application, by=request.user, **extra)
            except (ValidationError, PermissionDenied) as error:
                text = "; ".join(getattr(error, "messages", [str(error)]))
                modeladmin.message_user(request, f"{application}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(count)d application changed.", "%(count)d applications changed.", done) % {"count": done},
                messages.SUCCESS,
            )

    action.__name__ = service.__name__
    action.short_description = description
    return action


class ApplicationAdminForm(forms.ModelForm):
    """The admin's form (fields come from the ModelAdmin): shares may not exceed the costs."""

    def clean(self):
        cleaned = super().clean()
        own, co = cleaned.get("own_share"), cleaned.get("co_funding")
        if own is not None and co is not None and own + co > self.instance.cost_total:
            raise ValidationError(_("Own share and co-funding together exceed the cost plan total."))
        return cleaned


# key -> (label, service(application=, by=, comment=), target status); the QM team's transitions
STAFF_TRANSITIONS = {
    "start_formal_check": (_("Start the formal check"), services.application_start_formal_check, "formal_check"),
    "request_changes": (
        _("Request changes from the applicant"),
        services.application_request_changes,
        "changes_requested",
    ),
    "present_to_council": (_("Present to the council"), services.application_present_to_council, "council"),
    "council_recommends": (
        _("Record: recommended by the council"),
        lambda **kw: services.application_council_decide(recommended=True, **kw),
        "recommended",
    ),
    "council_does_not_recommend": (
        _("Record: not recommended by the council"),
        lambda **kw: services.application_council_decide(recommended=False, **kw),
        "not_recommended",
    ),
    "approve": (_("Approve (within the call's budget)"), services.application_approve, "approved"),
    "reject": (_("Reject"), services.application_reject, "rejected"),
    "start_project": (_("Mark as running"), services.application_start_project, "running"),
    "close": (_("Close after the final report"), services.application_close, "closed"),
}


class WorkflowForm(forms.Form):
    transition = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent to the applicant by e-mail and kept in the history."),
    )  # fmt: skip

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [
            (key, label)
            for key, (label, _service, target) in STAFF_TRANSITIONS.items()
            if application.can_change_to(target)
        ]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ApplicationAdminForm
    list_display = ["title", "organisation", "call", "field_of_action", "requested_amount", "status", "submitted_at"]
    list_filter = ["status", "call", "field_of_action", "call__fund"]
    search_fields = ["title", "organisation", "contact_person", "email"]
    list_select_related = ["call", "field_of_action"]
    raw_id_fields = ["owner"]
    readonly_fields = [
        "workflow_link", "status", "cost_total", "requested_amount", "created_at", "updated_at", "submitted_at",
        "council_presented_at", "decided_at",
    ]  # fmt: skip
    inlines = [CostLineInline, AttachmentInline, StatusChangeInline]
    actions = [
        _workflow_action(services.application_start_formal_check, _("Start the formal check")),
        _workflow_action(services.application_present_to_council, _("Present to the council")),
        _workflow_action(council_recommend, _("Record: recommended by the council")),
        _workflow_action(council_not_recommend, _("Record: not recommended by the council")),
        _workflow_action(services.application_approve, _("Approve (within the call's budget)")),
        _workflow_action(services.application_reject, _("Reject")),
        _workflow_action(services.application_start_project, _("Mark as running")),
        _workflow_action(services.application_close, _("Close after the final report")),
    ]

    @admin.display(description=_("workflow"))
    def workflow_link(self, obj):
        if not obj or not obj.pk:
            return "–"
        url = reverse("admin:funding_application_workflow", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Change the status (with comment)"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.workflow_view)
        return [path("<int:pk>/workflow/", view, name="funding_application_workflow"), *super().get_urls()]

    def workflow_view(self, request, pk):
        """Change an application's status through the workflow services, with a comment."""
        application = get_object_or_404(Application.objects.select_related("call__fund"), pk=pk)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        form = WorkflowForm(request.POST or None, application=application)
        if request.method == "POST" and form.is_valid():
            _label, service, _target = STAFF_TRANSITIONS[form.cleaned_data["transition"]]
            try:
                service(application=application, by=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                application.refresh_from_db()
                self.message_user(
                    request,
                    _("New status: %(status)s") % {"status": application.get_status_display()},
                    messages.SUCCESS,
                )
                return redirect("admin:funding_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Change the status of “%(title)s”") % {"title": application},
            "application": application,
            "form": form,
        }
        return TemplateResponse(request, "admin/funding/application/workflow.html", context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and not obj.is_editable:
            fields += [f.name for f in obj._meta.fields if f.editable and f.name not in fields]
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        application = form.instance
        application.recalculate()
        if application.requested_amount < 0:
            self.message_user(
                request,
                _("Own share and co-funding exceed the cost plan; the amounts were not updated."),
                messages.ERROR,
            )
            return
        application.save(update_fields=["cost_total", "requested_amount"])

    def save_model(self, request, obj, form, change):
        obj.recalculate(obj.cost_total)
        super().save_model(request, obj, form, change)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["application__title", "comment", "by__email"]
    list_select_related = ["application", "by"]
    readonly_fields = ["application", "from_status", "to_status", "by", "at", "comment"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
