from django import forms
from django.utils.translation import gettext_lazy as _

from apps.actionfund.models import Application as ActionfundApplication
from apps.actionplan.models import FieldOfAction
from apps.core.forms import SpamTrapForm
from apps.funding.models import Application as FundingApplication
from apps.pages.legal import privacy_notice_help

from .models import PUBLIC_STATUSES, Comment, Idea, IdeaKind, IdeaStatus, Office


class IdeaForm(SpamTrapForm, forms.ModelForm):
    """Submit an idea or concern; works without an account."""

    privacy_consent = forms.BooleanField(label=_("I have read the privacy notice and agree."), required=True)

    class Meta:
        model = Idea
        fields = [
            "kind",
            "title",
            "description",
            "field_of_action",
            "location",
            "photo",
            "photo_alt",
            "display_name",
            "email",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = FieldOfAction.objects.active()
        self.fields["field_of_action"].empty_label = _("I don't know / none")
        self.fields["kind"].help_text = _(
            "An idea is a suggestion for the neighbourhood; a concern is a problem the QM passes on to the administration."
        )
        self.fields["privacy_consent"].help_text = privacy_notice_help()
        if user is not None and user.is_authenticated:
            del self.fields["email"]
        else:
            self.fields["email"].required = True  # only the office may enter an idea without one

    def clean(self):
        cleaned = super().clean()  # the honeypot first (SpamTrapForm)
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Please describe the photo."))
        return cleaned


class IdeaFilterForm(forms.Form):
    """The filters of the public list (GET); invalid values are simply ignored."""

    SORT_CHOICES = [("new", _("Newest first")), ("supported", _("Most supported"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *IdeaKind.choices])
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        required=False,
        queryset=FieldOfAction.objects.all(),
        to_field_name="slug",
        empty_label=_("All fields of action"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *[(s.value, s.label) for s in PUBLIC_STATUSES]],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": _("Your comment")}


class AnswerForm(forms.Form):
    """Admin: the (public) answer given with a status change."""

    answer = forms.CharField(
        label=_("Answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("Shown on the public page and sent to the submitter. For a rejection: the reason (e-mail only)."),
    )
    linked_record = forms.CharField(
        label=_("Linked application"),
        required=False,
        max_length=300,
        help_text=_("Optional text; filled in from the application chosen below when left empty."),
    )
    funding_application = forms.ModelChoiceField(
        label=_("Funding application"),
        queryset=FundingApplication.objects.exclude(status=FundingApplication.Status.DRAFT).order_by("-pk"),
        required=False,
        help_text=_("The project fund application that takes the idea up, if there is one."),
    )
    actionfund_application = forms.ModelChoiceField(
        label=_("Action fund application"),
        queryset=ActionfundApplication.objects.exclude(status=ActionfundApplication.Status.UNCONFIRMED).order_by("-pk"),
        required=False,
        help_text=_("The action fund application that takes the idea up, if there is one."),
    )

    def __init__(self, *args, to_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_status = to_status
        if to_status != IdeaStatus.TAKEN_UP:
            for name in ("linked_record", "funding_application", "actionfund_application"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("funding_application") and cleaned.get("actionfund_application"):
            raise forms.ValidationError(_("Please link either a funding or an action fund application, not both."))
        return cleaned

    @property
    def links(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("funding_application", "actionfund_application")}

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if self.to_status in (IdeaStatus.REJECTED, IdeaStatus.NOT_PURSUED) and not answer:
            raise forms.ValidationError(_("Please give a reason."))
        return answer


class ForwardForm(forms.Form):
    """Admin: forward concerns to an office."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.filter(is_active=True))
    message = forms.CharField(
        label=_("Message to the office"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 80})
    )
