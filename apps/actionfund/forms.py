from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.core.files import DOCUMENT_OR_IMAGE, UploadFormField
from apps.core.forms import limit_lengths
from apps.core.money import euro

from .models import (
    ZERO,
    Application,
    CostItem,
    CostKind,
    Criterion,
    FundYear,
    NameDisplay,
    ProjectPhoto,
    Receipt,
    Round,
    VoteChoice,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm):
    """The public application form; the cost plan is a formset next to it."""

    TEXT_LIMITS = {"address": 300, "description": 2500, "target_group": 1000, "participation": 1500,
                   "contribution": 1500}  # fmt: skip

    criteria = forms.MultipleChoiceField(
        label=_("Which criteria does your action meet?"),
        choices=Criterion.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one criterion.")},
    )
    attachment_1 = UploadFormField(
        label=_("Attachment or photo (optional)"),
        required=False,
        accept=DOCUMENT_OR_IMAGE,
        max_mb=10,
        help_text=_("PDF, JPEG, PNG or WebP, at most 10 MB."),
    )
    attachment_2 = UploadFormField(
        label=_("Another attachment (optional)"),
        required=False,
        accept=DOCUMENT_OR_IMAGE,
        max_mb=10,
        help_text=_("PDF, JPEG, PNG or WebP, at most 10 MB."),
    )

    class Meta:
        model = Application
        fields = [
            "applicant_name", "initiative", "email", "phone", "address",
            "title", "description", "target_group", "location", "starts_on", "ends_on",
            "participation", "contribution", "criteria", "wants_allowance",
            "attachment_1", "attachment_2", "consent_privacy", "name_display",
        ]  # fmt: skip
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "name_display": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "participation": forms.Textarea(attrs={"rows": 3}),
            "contribution": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("We send a confirmation link and the decision to this address. It is never published."),
            "phone": _("Optional, for questions about your application."),
            "address": _("Optional; needed later for the payout. Never published."),
            "starts_on": _("The action must not start before the jury has decided: no retroactive funding."),
        }
        labels = {
            "wants_allowance": _("I would like the lump-sum expense allowance on top of the costs"),
            "consent_privacy": _("I agree that the QM team and the jury process my details to decide on the application."),
            "name_display": _("If the project is realised, my name may appear on the action fund page:"),
        }  # fmt: skip

    def __init__(self, *args, fund_year: FundYear, next_round: Round | None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund_year = fund_year
        self.next_round = next_round
        limit_lengths(self, self.TEXT_LIMITS)
        self.fields["consent_privacy"].required = True
        self.fields["email"].required = True  # only the office may enter an application without one
        self.fields["name_display"].required = False  # not chosen: the default, no name
        percent = int(fund_year.allowance_rate * 100)
        self.fields["wants_allowance"].help_text = _(
            "%(percent)s %% of the costs for small expenses, counted in the maximum of %(max)s."
        ) % {"percent": percent, "max": euro(fund_year.max_per_application)}
        if user is not None and user.is_authenticated:
            self.fields["email"].initial = user.email
            self.fields["applicant_name"].initial = user.get_full_name()

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on:
            if self.next_round:
                jury_day = timezone.localtime(self.next_round.date).date()
                if starts_on <= jury_day:
                    self.add_error(
                        "starts_on",
                        _("The action must start after the jury meeting on %(date)s (no retroactive funding).")
                        % {"date": date_format(jury_day, "SHORT_DATE_FORMAT")},
                    )
            elif starts_on <= timezone.localdate():
                self.add_error("starts_on", _("The action must start in the future (no retroactive funding)."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must not be before the start."))
        if data.get("name_display") == NameDisplay.ORGANISATION and not data.get("initiative"):
            self.add_error("name_display", _("Please enter the initiative or group, or choose another option."))
        return data

    def save_instance(self) -> Application:
        """The unsaved application with the criteria set (the service saves it)."""
        application = super().save(commit=False)
        application.fund_year = self.fund_year
        for criterion in Criterion:
            setattr(application, criterion.value, criterion.value in self.cleaned_data["criteria"])
        return application

    def attachments(self):
        from .models import Attachment

        return [
            Attachment(file=file, title=file.title)
            for file in (self.cleaned_data.get("attachment_1"), self.cleaned_data.get("attachment_2"))
            if file
        ]


class CostItemForm(forms.ModelForm):
    #: What a filled row needs. Rows after the first are optional: empty, or all of these.
    ROW_FIELDS = ("description", "kind", "amount")

    class Meta:
        model = CostItem
        fields = ["description", "kind", "reason", "amount"]
        help_texts = {"reason": _("Only for fees: why is the fee needed? No pay for yourself.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.empty_permitted:  # an optional row: not marked required, checked in clean()
            for name in self.ROW_FIELDS:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if self.empty_permitted and self.has_changed():
            for name in self.ROW_FIELDS:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
        if data.get("kind") == CostKind.FEE and not data.get("reason"):
            self.add_error("reason", _("A fee for others needs a reason."))
        return data


class BaseCostItemFormSet(forms.BaseModelFormSet):
    def total(self) -> Decimal:
        return sum(
            (f.cleaned_data["amount"] for f in self.forms if f.cleaned_data and f.cleaned_data.get("amount")), ZERO
        )


# Formsets: max_num is what a real application needs; absolute_max = max_num, so a posted
# TOTAL_FORMS of a billion builds no more forms than that and answers with a form error.
CostItemFormSet = forms.modelformset_factory(
    CostItem, form=CostItemForm, formset=BaseCostItemFormSet, extra=5, min_num=1, validate_min=True,
    max_num=20, absolute_max=20, validate_max=True,
)  # fmt: skip


def check_requested_amount(form: ApplicationForm, formset) -> None:
    """Refuse an application above the year's maximum (costs plus the optional allowance)."""
    costs = formset.total()
    allowance = form.fund_year.allowance_for(costs) if form.cleaned_data.get("wants_allowance") else ZERO
    requested = costs + allowance
    maximum = form.fund_year.max_per_application
    if requested > maximum:
        form.add_error(
            None,
            ValidationError(
                _("The requested amount of %(requested)s is above the maximum of %(max)s per application.")
                % {"requested": euro(requested), "max": euro(maximum)},
                code="above_maximum",
            ),
        )


VOTE_RECUSED = "recused"


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        label=_("Your vote"),
        choices=[*VoteChoice.choices, (VOTE_RECUSED, _("I am biased (I do not vote)"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose yes, no or abstain, or declare that you are biased.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    @classmethod
    def initial_for(cls, vote) -> dict:
        if vote is None:
            return {}
        return {"vote": VOTE_RECUSED if vote.recused else vote.choice, "comment": vote.comment}


class ProofForm(forms.Form):
    report = forms.CharField(
        label=_("Short report"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, how many neighbours took part, what went well or not."),
    )


class ReceiptForm(forms.ModelForm):
    class Meta:
        model = Receipt
        fields = ["description", "paid_on", "amount", "file"]
        widgets = {"paid_on": DATE_WIDGET}


ReceiptFormSet = forms.modelformset_factory(
    Receipt, form=ReceiptForm, extra=4, min_num=1, validate_min=True, max_num=20, absolute_max=20, validate_max=True
)


class PhotoForm(forms.ModelForm):
    class Meta:
        model = ProjectPhoto
        fields = ["image", "alt_text", "consent_publish"]
        help_texts = {
            "image": _("JPEG, PNG or WebP, at most 5 MB. Only you and the QM team see it until it is released.")
        }
        labels = {
            "consent_publish": _("The QM team may show this photo on the action fund page (everyone on it agrees).")
        }

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("alt_text"):
            self.add_error("alt_text", _("Please describe the photo."))
        return data


PhotoFormSet = forms.modelformset_factory(
    ProjectPhoto, form=PhotoForm, extra=3, max_num=6, absolute_max=6, validate_max=True
)
