from decimal import Decimal

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

from apps.core.files import DOCUMENT, UploadFormField
from apps.core.money import euro
from apps.core.workflow_admin import VersionCheckedAdmin, register_history

from . import grants, services
from .exports import export_csv, export_xlsx
from .models import (
    COMMITTED_STATUSES,
    Application,
    Attachment,
    Call,
    CostLine,
    Fund,
    GrantNotice,
    PaymentRequest,
    PaymentStatus,
    ProofOfUse,
    ProofStatus,
    StatusChange,
)


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


def steering_select(*, application, by):
    return grants.steering_decide(application=application, selected=True, by=by)


def steering_not_select(*, application, by):
    return grants.steering_decide(application=application, selected=False, by=by)


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


def _steering_label(application, selected: bool):
    """The steering committee selects Projektfonds projects; for the Baufonds the district and the
    Senate department decide."""
    if application.is_building_project:
        return (_("Decision of the district and the Senate department: selected") if selected
                else _("Decision of the district and the Senate department: not selected"))  # fmt: skip
    return _("Selection of the steering committee: selected") if selected else _(
        "Selection of the steering committee: not selected")  # fmt: skip


def _pending_proof(application):
    return application.proofs.filter(status=ProofStatus.SUBMITTED).first()


# key -> (label, service(application=, by=, comment=, data=), target status or None, applies(application));
# the labels say who decided: the QM team only records the council's, the steering committee's and
# the district's decisions.
STAFF_TRANSITIONS = {
    "start_formal_check": (_("QM team: start the formal check"),
                           lambda data, **kw: services.application_start_formal_check(**kw), "formal_check", None),
    "request_changes": (_("QM team: request changes from the applicant"),
                        lambda data, **kw: services.application_request_changes(**kw), "changes_requested", None),
    "present_to_council": (_("QM team: present to the council"),
                           lambda data, **kw: services.application_present_to_council(**kw), "council", None),
    "council_recommends": (
        _("Vote of the council: recommended (with its place in the ranking)"),
        lambda data, **kw: services.application_council_decide(recommended=True, rank=data.get("rank"), **kw),
        "recommended", None,
    ),
    "council_does_not_recommend": (
        _("Vote of the council: not recommended"),
        lambda data, **kw: services.application_council_decide(recommended=False, **kw), "not_recommended", None,
    ),
    "council_rank": (
        _("Vote of the council: change the place in the ranking"),
        lambda data, application, **kw: services.application_set_rank(
            application=application, rank=data.get("rank"), **{k: v for k, v in kw.items() if k == "by"}),
        None, lambda application: application.status == "recommended",
    ),
    "selected": (None, lambda data, **kw: grants.steering_decide(selected=True, **kw), "selected", None),
    "not_selected": (None, lambda data, **kw: grants.steering_decide(selected=False, **kw), "not_selected", None),
    "grant_notice": (
        _("Notice of the district: grant notice (Zuwendungsbescheid) issued"),
        lambda data, **kw: grants.grant_notice_record(
            issued_on=data.get("issued_on"), file_number=data.get("file_number") or "", amount=data.get("amount"),
            document=data.get("document"), **kw),
        "approved", None,
    ),
    "reject": (_("Rejection (QM team after the formal check, or notice of the district)"),
               lambda data, **kw: services.application_reject(**kw), "rejected", None),
    "start_project": (_("Project has started (payments can be requested)"),
                      lambda data, **kw: services.application_start_project(**kw), "running", None),
    "proof_accept": (
        _("Proof of use checked by the QM team: accepted (the final one closes the project)"),
        lambda data, application, **kw: grants.proof_accept(proof=_pending_proof(application), **kw),
        None, lambda application: _pending_proof(application) is not None,
    ),
    "proof_return": (
        _("Proof of use checked by the QM team: sent back (say what is missing)"),
        lambda data, application, **kw: grants.proof_return(proof=_pending_proof(application), **kw),
        None, lambda application: _pending_proof(application) is not None,
    ),
}  # fmt: skip


class WorkflowForm(forms.Form):
    transition = forms.ChoiceField(label=_("Decision or step"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent to the applicant by e-mail and kept in the history."),
    )  # fmt: skip
    rank = forms.IntegerField(
        label=_("Place in the council's ranking"), required=False, min_value=1,
        help_text=_("For “recommended”: 1 = the council's first choice in this call."),
    )  # fmt: skip
    issued_on = forms.DateField(label=_("Date of the grant notice"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    file_number = forms.CharField(label=_("File number of the grant notice"), required=False, max_length=80)
    amount = forms.DecimalField(label=_("Granted amount (EUR)"), required=False, max_digits=10, decimal_places=2,
                                min_value=Decimal("0.01"))  # fmt: skip
    document = UploadFormField(label=_("Grant notice (PDF)"), accept=DOCUMENT, max_mb=20, required=False)

    GRANT_FIELDS = ("issued_on", "file_number", "amount", "document")

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        choices = []
        for key, (label, _service, target, applies) in STAFF_TRANSITIONS.items():
            if target is not None and not application.can_change_to(target):
                continue
            if applies is not None and not applies(application):
                continue
            if label is None:
                label = _steering_label(application, selected=key == "selected")
            choices.append((key, label))
        self.fields["transition"].choices = choices
        if not any(key in ("council_recommends", "council_rank") for key, _label in choices):
            del self.fields["rank"]
        if "grant_notice" not in dict(choices):
            for name in self.GRANT_FIELDS:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("transition") == "grant_notice":
            for name in self.GRANT_FIELDS:
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required for the grant notice."))
        if cleaned.get("transition") == "council_rank" and not cleaned.get("rank"):
            self.add_error("rank", _("Please enter the place in the ranking."))
        return cleaned


class GrantNoticeInline(admin.StackedInline):
    model = GrantNotice
    extra = 0
    can_delete = False
    fields = ["issued_on", "file_number", "amount", "download", "recorded_by", "recorded_at"]
    readonly_fields = fields
    verbose_name_plural = _("notice of the district: grant notice")

    @admin.display(description=_("grant notice (PDF)"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("open")) if obj.pk else "–"

    def has_add_permission(self, request, obj=None):
        return False


class PaymentRequestInline(admin.TabularInline):
    model = PaymentRequest
    extra = 0
    can_delete = False
    fields = ["requested_on", "amount", "purpose", "status", "paid_on", "requested_by", "decided_by", "comment"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class ProofOfUseInline(admin.TabularInline):
    model = ProofOfUse
    extra = 0
    can_delete = False
    fields = ["kind", "period_end", "files", "status", "submitted_at", "checked_by", "checked_at", "check_comment"]
    readonly_fields = fields

    @admin.display(description=_("documents"))
    def files(self, obj):
        if not obj.pk:
            return "–"
        if not obj.statement:
            return format_html('<a href="{}">{}</a>', obj.report_url(), _("report"))
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', obj.report_url(), _("report"),
                           obj.statement_url(), _("numerical statement"))  # fmt: skip

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(VersionCheckedAdmin):
    """Saves never write the status or what only the workflow sets (a stale form is refused,
    naming who changed the application meanwhile): apps/core/workflow_admin.py."""

    form = ApplicationAdminForm
    protected_fields = ("status", "submitted_at", "council_presented_at", "council_rank", "decided_at")
    list_display = ["title", "organisation", "call", "field_of_action", "requested_amount", "status", "submitted_at"]
    list_filter = ["status", "call", "field_of_action", "call__fund"]
    search_fields = ["title", "organisation", "contact_person", "email"]
    list_select_related = ["call", "field_of_action"]
    raw_id_fields = ["owner"]
    readonly_fields = [
        "workflow_link", "status", "cost_total", "requested_amount", "created_at", "updated_at", "submitted_at",
        "council_presented_at", "council_rank", "decided_at",
    ]  # fmt: skip
    inlines = [CostLineInline, AttachmentInline, GrantNoticeInline, PaymentRequestInline, ProofOfUseInline,
               StatusChangeInline]  # fmt: skip
    actions = [
        _workflow_action(services.application_start_formal_check, _("QM team: start the formal check")),
        _workflow_action(services.application_present_to_council, _("QM team: present to the council")),
        _workflow_action(council_recommend, _("Vote of the council: recommended")),
        _workflow_action(council_not_recommend, _("Vote of the council: not recommended")),
        _workflow_action(steering_select, _("Selection of the steering committee: selected")),
        _workflow_action(steering_not_select, _("Selection of the steering committee: not selected")),
        _workflow_action(services.application_start_project, _("Project has started (payments can be requested)")),
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
        form = WorkflowForm(request.POST or None, request.FILES or None, application=application)
        if request.method == "POST" and form.is_valid():
            _label, service, _target, _applies = STAFF_TRANSITIONS[form.cleaned_data["transition"]]
            try:
                service(form.cleaned_data, application=application, by=request.user,
                        comment=form.cleaned_data["comment"])  # fmt: skip
            except (ValidationError, PermissionDenied) as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    for message in getattr(error, "messages", [str(error)]):
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


register_history(Application, StatusChange, "application")


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


class PaymentRequestForm(forms.ModelForm):
    class Meta:
        model = PaymentRequest
        fields = ["application", "amount", "requested_on", "purpose"]

    def clean(self):
        """The same check as the service, for an error beside the field (the service repeats it
        with the application row locked)."""
        cleaned = super().clean()
        application, amount = cleaned.get("application"), cleaned.get("amount")
        if self.instance.pk is None and application is not None and amount is not None:
            granted = application.granted_amount()
            if granted is None:
                raise ValidationError(_("There is no grant notice for this project yet."))
            left = granted - application.paid_request_total()
            if amount > left:
                self.add_error("amount", _("At most %(left)s can still be requested.") % {"left": euro(left)})
        return cleaned


@admin.register(PaymentRequest)
class PaymentRequestAdmin(admin.ModelAdmin):
    """Payment requests (Mittelabruf): the provider's, or one the QM team enters from a letter; the
    QM team records the payout or the refusal. Never more than the grant (checked with the
    application row locked)."""

    form = PaymentRequestForm
    list_display = ["application", "requested_on", "amount", "status", "paid_on", "decided_by"]
    list_filter = ["status", "application__call"]
    search_fields = ["application__title", "purpose"]
    list_select_related = ["application", "decided_by"]
    raw_id_fields = ["application"]
    actions = ["mark_paid", "refuse"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["application", "amount", "requested_on", "purpose", "status", "paid_on", "requested_by",
                "decided_by", "decided_at", "comment"]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = grants.payment_request_create(
                application=obj.application, amount=obj.amount, requested_on=obj.requested_on, purpose=obj.purpose,
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            raise
        obj.pk = created.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError:
            return redirect("admin:funding_paymentrequest_changelist")

    def _each(self, request, queryset, func, done):
        count = 0
        for payment in queryset.filter(status=PaymentStatus.REQUESTED):
            try:
                func(payment=payment, by=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{payment}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.ERROR)  # fmt: skip
        if count:
            self.message_user(request, f"{done}: {count}", messages.SUCCESS)

    @admin.action(description=_("Paid out by the district (today)"))
    def mark_paid(self, request, queryset):
        self._each(request, queryset, grants.payment_mark_paid, _("Marked as paid out"))

    @admin.action(description=_("Refused by the district"))
    def refuse(self, request, queryset):
        self._each(
            request, queryset,
            lambda **kw: grants.payment_refuse(comment=str(_("Refused by the district.")), **kw), _("Refused"),
        )  # fmt: skip
