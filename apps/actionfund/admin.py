"""The QM team's action fund admin: fund years with the budget overview, applications with
history, jury rounds with the tally, decisions recorded from the tally, CSV export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from apps.core.exports import csv_writer
from apps.core.money import euro
from apps.core.office import OfficeEntryAdminForm, status_links
from apps.core.workflow import record_created
from apps.core.workflow_admin import StatusModelAdmin

from . import services
from .models import (
    Application,
    ApplicationStatus,
    Attachment,
    CostItem,
    FundYear,
    ProjectPhoto,
    ProofOfUse,
    Receipt,
    Round,
    RoundStatus,
    Vote,
    VoteChoice,
)

S = ApplicationStatus


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["date", "submission_deadline", "status"]
    readonly_fields = ["status"]
    show_change_link = True


@admin.register(FundYear)
class FundYearAdmin(TranslationAdmin):
    list_display = ["year", "budget_display", "granted_display", "left_display", "max_per_application",
                    "decision_rule", "is_published"]  # fmt: skip
    list_filter = ["decision_rule", "is_published"]
    search_fields = ["year"]
    filter_horizontal = ["jurors"]
    readonly_fields = ["budget_overview"]
    inlines = [RoundInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_budget()

    @admin.display(description=_("budget"), ordering="budget")
    def budget_display(self, obj):
        return euro(obj.budget)

    @admin.display(description=_("granted"))
    def granted_display(self, obj):
        return euro(obj.granted_total or 0)

    @admin.display(description=_("left"))
    def left_display(self, obj):
        return euro(obj.budget - (obj.granted_total or 0))

    @admin.display(description=_("budget overview"))
    def budget_overview(self, obj):
        if obj.pk is None:
            return "-"
        rows = obj.applications.values("status").annotate(n=Count("pk")).order_by("status")
        sums = dict.fromkeys(S.values, 0)
        for status, total in obj.applications.filter(status__in=S.values).values_list("status", "granted_amount"):
            sums[status] += total or 0
        lines = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((S(r["status"]).label, r["n"], euro(sums[r["status"]])) for r in rows),
        )  # fmt: skip
        granted = obj.granted_sum()
        return format_html(
            "<p>{}: {} · {}: {} · {}: {}</p><table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Budget"), euro(obj.budget), _("Granted"), euro(granted), _("Left"), euro(obj.budget - granted),
            _("Status"), _("Applications"), _("Granted amount"), lines,
        )  # fmt: skip


class RoundForm(forms.ModelForm):
    add_applications = forms.ModelMultipleChoiceField(
        label=_("Put applications on this round"),
        queryset=Application.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Submitted, formally checked or postponed applications of the fund year."),
    )

    class Meta:
        model = Round
        fields = ["fund_year", "date", "submission_deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Application.objects.filter(status__in=[S.SUBMITTED, S.FORMAL_CHECK, S.POSTPONED])
        if self.instance.pk:
            candidates = candidates.filter(fund_year=self.instance.fund_year)
        self.fields["add_applications"].queryset = candidates


class PaperBallotForm(forms.Form):
    """One juror's paper ballot: a choice per application of the round (empty: not marked)."""

    juror = forms.ModelChoiceField(label=_("Juror"), queryset=None)
    comment = forms.CharField(
        label=_("Note on the ballot"),
        required=False,
        max_length=500,
        help_text=_("For example: handed in at the jury meeting on paper."),
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["juror"].queryset = round.fund_year.jurors.order_by("last_name", "first_name", "email")
        self.fields["juror"].label_from_instance = lambda user: user.get_full_name() or user.email
        choices = [("", _("not marked")), *VoteChoice.choices, (services.PAPER_BIASED, _("Biased (does not vote)"))]
        self.applications = list(round.applications.order_by("pk"))
        for application in self.applications:
            self.fields[f"a{application.pk}"] = forms.ChoiceField(
                label=application.title, choices=choices, required=False, widget=forms.RadioSelect
            )

    def application_fields(self):
        return [self[f"a{application.pk}"] for application in self.applications]

    def choices(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"a{a.pk}"] for a in self.applications if self.cleaned_data[f"a{a.pk}"]}

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.choices():
            raise ValidationError(_("The ballot has no vote on any application."))
        return cleaned


@admin.register(Round)
class RoundAdmin(StatusModelAdmin):
    form = RoundForm
    list_display = ["__str__", "fund_year", "submission_deadline", "status", "application_count"]
    list_filter = ["status", "fund_year"]
    search_fields = ["fund_year__year"]
    readonly_fields = ["opened_at", "closed_at", "paper_ballot_link", "tally_table", "printing"]
    actions = ["record_decisions"]
    date_hierarchy = "date"

    def get_urls(self):
        view = self.admin_site.admin_view(self.paper_ballot_view)
        return [path("<int:pk>/stimmzettel/", view, name="actionfund_round_paper_ballot"), *super().get_urls()]

    @admin.display(description=_("paper ballots"))
    def paper_ballot_link(self, obj):
        if obj is None or obj.pk is None or obj.status != RoundStatus.OPEN:
            return _("Paper ballots are entered while the round is open for voting.")
        url = reverse("admin:actionfund_round_paper_ballot", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Enter a juror's paper ballot"))

    def paper_ballot_view(self, request, pk):
        """Enter one juror's paper ballot for the open round; it counts in the same tally."""
        round = get_object_or_404(Round.objects.select_related("fund_year"), pk=pk)
        if not self.has_change_permission(request, round):
            raise PermissionDenied
        form = PaperBallotForm(request.POST or None, round=round)
        if request.method == "POST" and form.is_valid():
            try:
                votes = services.jury_paper_ballot_enter(
                    round=round,
                    juror=form.cleaned_data["juror"],
                    choices=form.choices(),
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                juror = form.cleaned_data["juror"]
                self.message_user(
                    request,
                    _("Paper ballot of %(juror)s entered: %(count)s vote(s).")
                    % {"juror": juror.get_full_name() or juror.email, "count": len(votes)},
                    messages.SUCCESS,
                )
                return redirect("admin:actionfund_round_change", round.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Enter a paper ballot: %(round)s") % {"round": round},
            "round": round,
            "form": form,
        }
        return TemplateResponse(request, "admin/actionfund/round/paper_ballot.html", context)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("fund_year").annotate(n_apps=Count("applications"))

    def get_fields(self, request, obj=None):
        fields = ["fund_year", "date", "submission_deadline", "status", "status_link", "opened_at", "closed_at"]
        if obj is None or obj.status == RoundStatus.PREPARING:
            fields.append("add_applications")
        if obj is not None and obj.status == RoundStatus.OPEN:
            fields.append("paper_ballot_link")
        return [*fields, "printing", "tally_table"]

    @admin.display(description=_("for printing"))
    def printing(self, obj):
        """Links to the invitation letters and the list of jurors of this meeting."""
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("actionfund:round_letters", kwargs={"pk": obj.pk}),
            _("Invitation letters"),
            reverse("actionfund:round_member_list", kwargs={"pk": obj.pk}),
            _("Member list"),
        )

    @admin.display(description=_("applications"), ordering="n_apps")
    def application_count(self, obj):
        return obj.n_apps

    @admin.display(description=_("applications and tally"))
    def tally_table(self, obj):
        if obj.pk is None:
            return "-"
        results = services.tallies(obj) if obj.votes_visible else {}
        rows = []
        for application in obj.applications.order_by("pk"):
            tally = results.get(application.pk)
            if tally:
                outcome = _("approved") if tally.approved else _("not approved")
                counts = f"{tally.yes} / {tally.no} / {tally.abstain} / {tally.recused} / {tally.not_voted}"
                paper = tally.paper
            else:
                outcome, counts, paper = "", _("hidden until the round closes"), "–"
            rows.append((application.title, application.get_status_display(), euro(application.requested_amount),
                         euro(application.granted_amount), counts, paper, outcome))  # fmt: skip
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Application"), _("Status"), _("Requested"), _("Granted"),
            _("Yes / no / abstain / biased / did not vote"), _("of them on paper"), _("Tally"), body,
        )  # fmt: skip

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for application in form.cleaned_data.get("add_applications") or []:
            try:
                services.round_add_application(round=form.instance, application=application, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    def _each(self, request, queryset, func, done):
        for round in queryset:
            try:
                result = func(round=round, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{round}: {' '.join(error.messages)}", messages.ERROR)
                continue
            for message in result or []:
                self.message_user(request, message, messages.WARNING)
            self.message_user(request, f"{round}: {done}", messages.SUCCESS)

    def change_status(self, request, obj, to, comment):
        if to == RoundStatus.OPEN:
            for message in services.round_open(round=obj, by=request.user):
                self.message_user(request, message, messages.WARNING)
            return None
        return super().change_status(request, obj, to, comment)

    @admin.action(description=_("Record the decisions from the tally"))
    def record_decisions(self, request, queryset):
        self._each(request, queryset, services.round_record_decisions, _("decisions recorded"))


def _download(url_name: str):
    """A read-only link to the permission-checked download view (private files have no URL)."""

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse(f"actionfund:{url_name}", kwargs={"pk": obj.pk}), _("open"))

    return download


class CostItemInline(admin.TabularInline):
    model = CostItem
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "download"]
    readonly_fields = ["download"]
    download = _download("attachment")


class VoteInline(admin.TabularInline):
    """Votes, read-only: jurors vote online, paper ballots are entered on the round's page."""

    model = Vote
    extra = 0
    can_delete = False
    fields = ["round", "juror", "choice", "recused", "comment", "source", "entered_by", "entered_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ApplicationAdminForm(OfficeEntryAdminForm, forms.ModelForm):
    """The admin form; a new application entered here is one the office enters for a person."""

    office_entry_message = _("An application entered here comes from the office: visit, phone or letter.")


@admin.register(Application)
class ApplicationAdmin(StatusModelAdmin):
    list_display = ["title", "public_name", "fund_year", "round", "status", "requested_display", "granted_display",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "fund_year", "round", "field_of_action"]
    search_fields = ["title", "applicant_name", "initiative", "email"]
    list_select_related = ["fund_year", "round"]
    readonly_fields = ["costs_total", "allowance", "requested_amount", "created_at", "decided_at",
                       "proof_reminder_sent_at", "status_page_link", "entered_by", "consent_recorded_by"]  # fmt: skip
    form = ApplicationAdminForm
    raw_id_fields = ["user"]
    inlines = [CostItemInline, AttachmentInline, VoteInline]
    # Besides the declaration's steps (one action per target status): a round is chosen for "in round".
    actions = ["send_status_link", "put_on_next_round", "export_csv"]
    status_actions = [S.FORMAL_CHECK, S.APPROVED, S.POSTPONED, S.REJECTED, S.PAID, S.CLOSED, S.RECLAIMED]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status not in (S.FORMAL_CHECK, S.IN_ROUND, S.POSTPONED, S.SUBMITTED):
            fields.append("granted_amount")
        if obj is not None:
            fields += ["fund_year", "round"]
        return fields

    @admin.display(description=_("requested"), ordering="requested_amount")
    def requested_display(self, obj):
        return euro(obj.requested_amount)

    @admin.display(description=_("granted"), ordering="granted_amount")
    def granted_display(self, obj):
        return euro(obj.granted_amount)

    @admin.display(description=_("applicant's status page"))
    def status_page_link(self, obj):
        if not obj.pk:
            return "-"
        return status_links(obj, reverse("actionfund:status_letter", kwargs={"pk": obj.pk}))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_amounts(obj.costs_total)
            obj.record_office_entry(request.user)
            if obj.entered_by_office:
                obj.consent_privacy = True  # recorded by the office with its date
        super().save_model(request, obj, form, change)
        if not change:
            record_created(
                obj, by=request.user,
                comment=_("Entered by the office (%(source)s).") % {"source": obj.get_entry_source_display()},
            )  # fmt: skip

    @admin.action(description=_("Send the status link by e-mail"))
    def send_status_link(self, request, queryset):
        sent = sum(services.application_send_status_link(application=application) for application in queryset)
        self.message_user(request, _("Status link sent: %(count)s.") % {"count": sent}, messages.SUCCESS)
        if sent < queryset.count():
            self.message_user(
                request, _("Applications without an e-mail address: print the letter instead."), messages.WARNING
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        application = form.instance
        total = sum((item.amount for item in application.cost_items.all()), 0)
        application.set_amounts(total)
        if application.granted_amount is not None and application.granted_amount > application.requested_amount:
            application.granted_amount = application.requested_amount
        application.save(update_fields=["costs_total", "allowance", "requested_amount", "granted_amount"])

    def change_status(self, request, obj, to, comment):
        if to == S.IN_ROUND:
            round = self._next_round(obj)
            if round is None:
                raise ValidationError(_("%(app)s: no round is being prepared.") % {"app": obj})
            return services.round_add_application(round=round, application=obj, by=request.user)
        return super().change_status(request, obj, to, comment)

    @staticmethod
    def _next_round(application):
        return (
            Round.objects.filter(fund_year=application.fund_year_id, status=RoundStatus.PREPARING)
            .order_by("date")
            .first()
        )

    @admin.action(description=_("Put on the next round being prepared"))
    def put_on_next_round(self, request, queryset):
        for application in queryset:
            round = self._next_round(application)
            if round is None:
                self.message_user(request, _("%(app)s: no round is being prepared.") % {"app": application},
                                  messages.ERROR)  # fmt: skip
                continue
            try:
                services.round_add_application(round=round, application=application, by=request.user)
                self.message_user(request, f"{application}: {round}", messages.SUCCESS)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    @admin.action(description=_("Export as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="aktionsfonds.csv"'
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(["ID", _("Year"), _("Project title"), _("Applicant"), _("Initiative"), _("E-mail"),
                         _("Status"), _("Jury round"), _("Requested"), _("Granted"), _("Starts"), _("Ends"),
                         _("Field of action")])  # fmt: skip
        for a in queryset.select_related("fund_year", "round", "field_of_action").order_by("pk"):
            writer.writerow([
                a.pk, a.fund_year.year, a.title, a.applicant_name, a.initiative, a.email, a.get_status_display(),
                a.round.date.date().isoformat() if a.round else "", a.requested_amount,
                "" if a.granted_amount is None else a.granted_amount, a.starts_on.isoformat(),
                a.ends_on.isoformat(), a.field_of_action.name if a.field_of_action else "",
            ])  # fmt: skip
        return response


class ReceiptInline(admin.TabularInline):
    model = Receipt
    extra = 0
    fields = ["description", "paid_on", "amount", "file", "download"]
    readonly_fields = ["download"]
    download = _download("receipt")


class PhotoInline(admin.TabularInline):
    model = ProjectPhoto
    extra = 0


@admin.register(ProofOfUse)
class ProofOfUseAdmin(admin.ModelAdmin):
    list_display = ["application", "submitted_at"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]
    inlines = [ReceiptInline, PhotoInline]
