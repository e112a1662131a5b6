from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from apps.core.files import DOCUMENT, UploadFormField
from apps.core.money import euro
from apps.core.office import OfficeEntryAdminForm, status_links
from apps.core.workflow_admin import StatusChangeForm, StatusModelAdmin

from . import grants, services
from .exports import export_csv, export_xlsx
from .models import (
    COMMITTED_STATUSES,
    ZERO,
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    CostLine,
    Fund,
    GrantNotice,
    PaymentRequest,
    PaymentStatus,
    ProofOfUse,
    ProofStatus,
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
        # obj is None on the add page: the office enters a new application with its cost plan.
        return bool(obj is None or obj.state.editable) and super().has_change_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "title", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


class ApplicationAdminForm(OfficeEntryAdminForm, forms.ModelForm):
    """The admin's form (fields come from the ModelAdmin): shares may not exceed the costs. A new
    application without a provider's account is one the office enters for a provider who came,
    phoned or wrote (apps/core/office.py)."""

    office_entry_message = _(
        "An application without a provider's account is entered by the office: visit, phone or letter."
    )

    def office_entry_required(self, data) -> bool:
        return self.instance.pk is None and not data.get("owner")

    def clean(self):
        cleaned = super().clean()
        own, co = cleaned.get("own_share"), cleaned.get("co_funding")
        # A new application's cost plan comes with it (the inline): checked once it is saved.
        if self.instance.pk and own is not None and co is not None and own + co > self.instance.cost_total:
            raise ValidationError(_("Own share and co-funding together exceed the cost plan total."))
        return cleaned


class ApplicationStatusForm(StatusChangeForm):
    """The "change the status" page of an application: the council's vote comes with its place in
    the ranking, the district's grant notice with its date, file number, amount and PDF."""

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

    step_fieldsets = {
        ApplicationStatus.RECOMMENDED: (_("The council's ranking"), ["rank"]),
        ApplicationStatus.APPROVED: (
            _("Grant notice of the district (Zuwendungsbescheid)"),
            ["issued_on", "file_number", "amount", "document"],
        ),
    }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to") == ApplicationStatus.APPROVED:
            for name in self.step_fieldsets[ApplicationStatus.APPROVED][1]:
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required for the grant notice."))
        return cleaned


def _pending_final_proof(application):
    return application.proofs.filter(kind=ProofOfUse.Kind.FINAL, status=ProofStatus.SUBMITTED).first()


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
    show_change_link = True  # the proof's own page: its status page and history
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
class ApplicationAdmin(StatusModelAdmin):
    """Statuses change only through the workflow (apps/funding/models.py ``WORKFLOW``): the status
    page and the bulk actions are built from the declaration, the council's vote, the grant notice
    and the check of the final proof of use go through their services. Saves never write the status
    or what only the workflow sets (a stale form is refused, naming who changed the application
    meanwhile): apps/core/workflow_admin.py."""

    form = ApplicationAdminForm
    status_form = ApplicationStatusForm
    status_help = _(
        "The council votes and ranks, the steering committee (QM, district, Senate department) selects – for "
        "the Baufonds the district and the Senate department decide –, and the district's funding office issues "
        "the grant notice. The QM team records these decisions here."
    )
    protected_fields = ("submitted_at", "council_presented_at", "council_rank", "decided_at")
    list_display = ["title", "organisation", "call", "field_of_action", "requested_amount", "status", "submitted_at"]
    list_filter = ["status", "call", "field_of_action", "call__fund", "entry_source"]
    search_fields = ["title", "organisation", "contact_person", "email"]
    list_select_related = ["call", "field_of_action"]
    raw_id_fields = ["owner"]
    readonly_fields = [
        "cost_total", "requested_amount", "created_at", "updated_at", "submitted_at", "council_presented_at",
        "council_rank", "decided_at", "entered_by", "consent_recorded_by", "provider_status_link",
    ]  # fmt: skip
    inlines = [CostLineInline, AttachmentInline, GrantNoticeInline, PaymentRequestInline, ProofOfUseInline]
    actions = ["send_status_link"]

    @admin.display(description=_("provider's status page"))
    def provider_status_link(self, obj):
        """For an application the office entered: the signed status link and the letter that carries it."""
        if not obj or not obj.pk or obj.owner_id:
            return "–"
        return status_links(obj, reverse("funding:status_letter", kwargs={"pk": obj.pk}))

    @admin.action(description=_("Send the status link by e-mail"))
    def send_status_link(self, request, queryset):
        sent = sum(services.application_send_status_link(application=application) for application in queryset)
        self.message_user(request, _("Status link sent: %(count)s.") % {"count": sent}, messages.SUCCESS)
        if sent < queryset.count():
            self.message_user(
                request,
                _("Applications with an account or without an e-mail address: print the letter instead."),
                messages.WARNING,
            )

    def change_status(self, request, obj, to, comment, **data):
        """The steps that are more than a status: the council's vote with its ranking, the grant
        notice, the QM team's check of the final proof of use."""
        S, by = ApplicationStatus, request.user
        if to in (S.RECOMMENDED, S.NOT_RECOMMENDED):
            return services.application_council_decide(
                application=obj, recommended=to == S.RECOMMENDED, rank=data.get("rank"), by=by, comment=comment
            )
        if to == S.APPROVED and data.get("file_number"):
            return grants.grant_notice_record(
                application=obj, issued_on=data["issued_on"], file_number=data["file_number"], amount=data["amount"],
                document=data["document"], by=by, comment=comment,
            )  # fmt: skip
        proof = _pending_final_proof(obj) if obj.state.reported else None
        if proof is not None and to == S.CLOSED:
            return grants.proof_accept(proof=proof, by=by, comment=comment)
        if proof is not None and to == S.RUNNING:
            return grants.proof_return(proof=proof, by=by, comment=comment)
        return super().change_status(request, obj, to, comment)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and not obj.state.editable:
            fields += [f.name for f in obj._meta.fields if f.editable and f.name not in fields]
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        application = form.instance
        shares = getattr(application, "_shares_with_the_cost_plan", None)
        if shares is not None:  # a new application: its shares go in with its cost plan
            application.own_share, application.co_funding = shares
        application.recalculate()
        if application.requested_amount < 0:
            self.message_user(
                request,
                _("Own share and co-funding exceed the cost plan; the amounts were not updated."),
                messages.ERROR,
            )
            return
        application.save(update_fields=["cost_total", "own_share", "co_funding", "requested_amount"])
        if application.owner_id is None and application.state.editable and not application.is_building_project:
            self._submit_office_entry(request, application)

    def _submit_office_entry(self, request, application):
        """The office entered the application for a provider without an account: it is submitted
        as soon as it is complete (the QM team acts on the provider's letter, call or visit)."""
        source = application.get_entry_source_display()
        if application.submitted_at is None:
            comment = _("Entered by the office (%(source)s).") % {"source": source}
        else:  # changes were requested: the office entered the provider's corrections
            comment = _("Corrected by the office for the provider (%(source)s).") % {"source": source}
        try:
            services.application_submit(application=application, by=request.user, comment=comment)
        except (ValidationError, PermissionDenied) as error:
            missing = "; ".join(getattr(error, "messages", [str(error)]))
            self.message_user(
                request,
                _("Saved as a draft, not submitted yet: %(missing)s") % {"missing": missing},
                messages.WARNING,
            )
        else:
            application.refresh_from_db()
            self.message_user(request, _("Submitted for the provider."), messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.record_office_entry(request.user)
            # The cost plan (an inline) is saved after the application: the shares follow it.
            obj._shares_with_the_cost_plan = (obj.own_share, obj.co_funding)
            obj.own_share = obj.co_funding = ZERO
        obj.recalculate(obj.cost_total)
        super().save_model(request, obj, form, change)


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
class PaymentRequestAdmin(StatusModelAdmin):
    """Payment requests (Mittelabruf): the provider's, or one the QM team enters from a letter; the
    QM team records the payout or the refusal (``PAYMENT_WORKFLOW``: the status page and the bulk
    actions). Never more than the grant (checked with the application row locked)."""

    form = PaymentRequestForm
    list_display = ["application", "requested_on", "amount", "status", "paid_on", "decided_by"]
    list_filter = ["status", "application__call"]
    search_fields = ["application__title", "purpose"]
    list_select_related = ["application", "decided_by"]
    raw_id_fields = ["application"]
    protected_fields = ("paid_on", "decided_by", "decided_at", "comment")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [name for name in ("application", "amount", "requested_on", "purpose", "paid_on",
                                         "requested_by", "decided_by", "decided_at", "comment") if name not in fields]  # fmt: skip
        return fields

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

    def change_status(self, request, obj, to, comment, **data):
        if to == PaymentStatus.PAID:
            return grants.payment_mark_paid(payment=obj, by=request.user, comment=comment)
        if to == PaymentStatus.REFUSED:
            return grants.payment_refuse(payment=obj, by=request.user,
                                         comment=comment or str(_("Refused by the district.")))  # fmt: skip
        return super().change_status(request, obj, to, comment)


class ProofOfUseForm(forms.ModelForm):
    """The QM team enters the proof of an application the office entered (sent on paper)."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = ProofOfUse
        fields = ["application", "kind", "period_end", "report", "statement"]


@admin.register(ProofOfUse)
class ProofOfUseAdmin(StatusModelAdmin):
    """Proofs of use (Verwendungsnachweis), uploaded by the provider; the QM team accepts or sends
    them back (``PROOF_WORKFLOW``); the final one takes the project with it. For an application the
    office entered (no account) the QM team enters the proof the provider sent on paper here."""

    list_display = ["application", "kind", "period_end", "status", "submitted_at", "checked_by"]
    list_filter = ["status", "kind", "application__call"]
    search_fields = ["application__title"]
    list_select_related = ["application", "checked_by"]
    fields = ["status", "status_link", "application", "kind", "period_end", "files", "submitted_by", "submitted_at",
              "checked_by", "checked_at", "check_comment"]  # fmt: skip
    readonly_fields = fields

    add_form = ProofOfUseForm
    add_fields = ["application", "kind", "period_end", "report", "statement", "comment"]

    @admin.display(description=_("documents"))
    def files(self, obj):
        return ProofOfUseInline.files(None, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_autocomplete_fields(self, request):
        return []

    raw_id_fields = ["application"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            created = grants.proof_submit(
                application=obj.application, kind=obj.kind, period_end=obj.period_end,
                report=form.cleaned_data["report"], statement=form.cleaned_data["statement"], by=request.user,
                comment=form.cleaned_data.get("comment", ""),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            raise ValidationError(str(error)) from error
        obj.pk = created.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError:
            return redirect("admin:funding_proofofuse_changelist")

    def has_delete_permission(self, request, obj=None):
        return False

    def change_status(self, request, obj, to, comment, **data):
        if to == ProofStatus.ACCEPTED:
            return grants.proof_accept(proof=obj, by=request.user, comment=comment)
        if to == ProofStatus.RETURNED:
            return grants.proof_return(proof=obj, by=request.user, comment=comment)
        return super().change_status(request, obj, to, comment)
