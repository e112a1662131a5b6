from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.workflow_admin import StatusModelAdmin

from . import exports, services
from .models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    CouncilSettings,
    Decision,
    Meeting,
    MeetingStatus,
    Membership,
    Term,
)


@admin.register(CouncilSettings)
class CouncilSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quorum_rule", "majority_rule", "seats_min", "seats_max", "resident_share_percent"]
    list_filter: list[str] = []
    search_fields = ["intro"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CouncilSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


def warn_about_seats(request, term: Term) -> None:
    """Tell the QM team when the term's seats break the rules of procedure (resident majority, seat count)."""
    for problem in term.seat_problems():
        messages.warning(request, problem)


class MembershipForm(forms.ModelForm):
    MAX_ACTORS = 3

    class Meta:
        model = Membership
        fields = "__all__"  # noqa: DJ007 - an admin form: the admin picks the fields

    def clean_actors(self):
        actors = self.cleaned_data.get("actors")
        if actors is not None and len(actors) > self.MAX_ACTORS:
            raise forms.ValidationError(
                _("An actor seat may be shared by at most %(max)s organisations."), params={"max": self.MAX_ACTORS}
            )
        return actors


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    fields = ["display_name", "user", "seat_type", "organisation", "actors", "role", "has_vote", "valid_from", "valid_until", "consent_name", "consent_photo", "full_name", "email", "consent_email", "postal_address"]  # fmt: skip
    autocomplete_fields = ["user", "actors"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "election_date"]
    list_filter = ["starts_on"]
    search_fields = ["name", "notes"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_seats(request, form.instance)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["display_name", "term", "seat_type", "organisation", "role", "has_vote", "valid_from", "valid_until", "consent_name"]  # fmt: skip
    list_filter = ["term", "seat_type", "role", "has_vote", "consent_name"]
    search_fields = ["display_name", "organisation", "user__email"]
    form = MembershipForm
    autocomplete_fields = ["user", "actors"]
    list_select_related = ["term"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_about_seats(request, obj.term)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "is_confidential"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    verbose_name = _("member present")
    verbose_name_plural = _("members present")

    def get_formset(self, request, obj=None, **kwargs):
        self._meeting = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "membership":
            meeting = getattr(self, "_meeting", None)
            queryset = Membership.objects.select_related("term")
            kwargs["queryset"] = queryset.filter(term_id=meeting.term_id) if meeting else queryset.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(StatusModelAdmin):
    list_display = ["number", "starts_at", "place", "term", "status"]
    list_filter = ["status", "term"]
    search_fields = ["place", "invitation_text", "agenda_items__title"]
    date_hierarchy = "starts_at"
    list_select_related = ["term"]
    readonly_fields = ["printing"]
    inlines = [AgendaItemInline, AttendanceInline]
    actions = ["send_invitation"]
    status_actions = [MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED]
    fieldsets = [
        (None, {"fields": ["term", "number", "starts_at", "ends_at", "place", "public_mode", "status", "status_link", "invitation_text", "printing"]}),
        (
            _("Minutes"),
            {"fields": ["minutes_public", "minutes_public_pdf", "minutes_internal", "minutes_internal_pdf", "minutes_approved_in"]},
        ),
    ]  # fmt: skip

    @admin.display(description=_("for printing"))
    def printing(self, obj):
        """Links to the invitation letters (members invited by post) and the member list."""
        if not obj or not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("council:meeting_letters", kwargs={"pk": obj.pk}),
            _("Invitation letters (members invited by post)"),
            reverse("council:meeting_member_list", kwargs={"pk": obj.pk}),
            _("Member list"),
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        last = Meeting.objects.order_by("-number").values_list("number", flat=True).first()
        initial.setdefault("number", (last or 0) + 1)
        term = Term.objects.current().first()
        if term:
            initial.setdefault("term", term.pk)
        return initial

    @admin.action(description=_("Send the invitation with the agenda to all members of the term"))
    def send_invitation(self, request, queryset):
        for meeting in queryset.select_related("term"):
            try:
                sent = services.meeting_invite(meeting=meeting, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(meeting)s: invitation sent to %(count)d member.",
                        "%(meeting)s: invitation sent to %(count)d members.",
                        sent,
                    )
                    % {"meeting": meeting, "count": sent},
                )

    def change_status(self, request, obj, to, comment):
        if to == MeetingStatus.INVITED:  # with the invitations
            return services.meeting_invite(meeting=obj, by=request.user)
        return super().change_status(request, obj, to, comment)


class AgendaDocumentInline(admin.TabularInline):
    model = AgendaDocument
    extra = 0


class DecisionForm(forms.ModelForm):
    """Checks the votes against the attendance; the result is computed by the service on save."""

    class Meta:
        model = Decision
        fields = ["motion", "is_funding_decision", "vote_method", "votes_yes", "votes_no", "votes_abstain", "recused"]

    def __init__(self, *args, agenda_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_item = agenda_item
        if agenda_item is not None:
            self.fields["recused"].queryset = Membership.objects.filter(
                attendances__meeting_id=agenda_item.meeting_id, has_vote=True
            )
        self.fields["motion"].widget.attrs["rows"] = 3

    def clean(self):
        cleaned = super().clean()
        if self.agenda_item is not None and not self.errors:
            try:
                services.decision_check(
                    agenda_item=self.agenda_item,
                    votes_yes=cleaned.get("votes_yes") or 0,
                    votes_no=cleaned.get("votes_no") or 0,
                    votes_abstain=cleaned.get("votes_abstain") or 0,
                    recused=cleaned.get("recused") or [],
                )
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return cleaned


class DecisionInline(admin.StackedInline):
    model = Decision
    form = DecisionForm
    extra = 0
    readonly_fields = ["result", "voting_members", "present_voting", "recused_count", "quorum_rule", "majority_rule", "entry_note"]  # fmt: skip

    @admin.display(description=_("entered"))
    def entry_note(self, obj):
        return obj.entry_note if obj and obj.pk else "–"


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "position", "is_confidential"]
    list_filter = ["is_confidential", "meeting__term"]
    search_fields = ["title", "description"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting", "funding_applications"]
    inlines = [AgendaDocumentInline, DecisionInline]

    def get_inline_instances(self, request, obj=None):
        # Decisions are checked against the meeting's attendance, so the item must exist first.
        inlines = super().get_inline_instances(request, obj)
        return [inline for inline in inlines if obj is not None or not isinstance(inline, DecisionInline)]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, DecisionInline):
            kwargs["form_kwargs"] = {"agenda_item": obj}
        return kwargs

    def save_formset(self, request, form, formset, change):
        if formset.model is not Decision:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk:
                formset.deleted_objects.append(deleted_form.instance)
                deleted_form.instance.delete()
        for decision_form in formset.forms:
            if not decision_form.has_changed() or decision_form in formset.deleted_forms:
                continue
            data = decision_form.cleaned_data
            existing = decision_form.instance if decision_form.instance.pk else None
            decision = services.decision_record(
                agenda_item=form.instance,
                motion=data["motion"],
                votes_yes=data["votes_yes"],
                votes_no=data["votes_no"],
                votes_abstain=data["votes_abstain"],
                recused=data["recused"],
                is_funding_decision=data["is_funding_decision"],
                decision=existing,
                by=request.user,
                vote_method=data["vote_method"],
            )
            for problem in decision.funding_problems:
                messages.warning(request, problem)
            if existing:
                formset.changed_objects.append((decision, decision_form.changed_data))
            else:
                formset.new_objects.append(decision)
        return None


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """An overview of all decisions; they are recorded on their agenda item."""

    list_display = ["agenda_item", "result", "vote_method", "votes_yes", "votes_no", "votes_abstain", "recused_count",
                    "recorded_by", "recorded_at"]  # fmt: skip
    list_filter = ["result", "is_funding_decision", "agenda_item__meeting__term"]
    search_fields = ["motion", "agenda_item__title"]
    list_select_related = ["agenda_item__meeting"]
    date_hierarchy = "agenda_item__meeting__starts_at"
    readonly_fields = [field.name for field in Decision._meta.fields] + ["recused"]
    actions = ["export_csv", "export_xlsx"]

    @admin.action(description=_("Export selected decisions as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(exports.decisions_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="beschluesse.csv"'
        return response

    @admin.action(description=_("Export selected decisions as Excel (XLSX)"))
    def export_xlsx(self, request, queryset):
        response = HttpResponse(
            exports.decisions_xlsx(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="beschluesse.xlsx"'
        return response

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
