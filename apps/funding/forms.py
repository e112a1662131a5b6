from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from apps.actionplan.models import FieldOfAction, Measure
from apps.core.files import DOCUMENT, UploadFormField
from apps.core.money import percent_text
from apps.pages.context_processors import cached_site_settings

from . import reads
from .models import Application, Attachment, CostLine, ProofKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a select read in one plain query: Django's iterator reads them through
    ``QuerySet.iterator()``, on PostgreSQL a server-side cursor (DECLARE, FETCH and CLOSE). Where
    the form read them already, the field's ``options`` ((pk, label) pairs) are the options."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.options is not None:
            for pk, label in self.field.options:
                yield (forms.models.ModelChoiceIteratorValue(pk, None), label)
            return
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator
    options = None


class ApplicationForm(forms.ModelForm):
    """The application as the provider fills it in. Every field may stay empty in a draft;
    ``Application.completeness_errors`` says what a submission needs."""

    class Meta:
        model = Application
        fields = [
            "organisation", "provider_kind", "legal_form", "address", "contact_person", "email", "phone",
            "title", "summary", "goals", "target_groups", "field_of_action", "measure", "location",
            "start_date", "end_date", "own_share", "co_funding",
        ]  # fmt: skip
        field_classes = {"field_of_action": ListedModelChoiceField, "measure": ListedModelChoiceField}
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call
        # The call's fields of action (every active one when it names none) and the measures of
        # the adopted action plan in them, read together (reads.form_options); the querysets
        # check a submitted choice.
        options = reads.form_options(call.pk, self.instance.pk)
        fields, measures = options["fields"], options["measures"]
        # the application's cost lines, read in the same round trip, for CostLineFormSet(lines=...)
        self.cost_lines = options.get("cost_lines")
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(pk__in=[pk for pk, _name in fields])
        self.fields["field_of_action"].options = fields  # str(field) is its name
        self.fields["measure"].queryset = Measure.objects.filter(
            pk__in=[pk for pk, *_names in measures]
        ).select_related("field_of_action")
        self.fields["measure"].options = [(pk, f"{field}: {title}") for pk, field, title in measures]
        self.fields["measure"].help_text = (
            _("Only needs in the %(concept)s can be funded.") % cached_site_settings().names()
        )
        self.fields["own_share"].help_text = _(
            "Private providers bring at least %(percent)s %% of the costs themselves."
        ) % {"percent": percent_text(call.fund.own_share_percent)}
        for name in ("own_share", "co_funding"):
            self.fields[name].required = False
            self.fields[name].min_value = Decimal("0")
            self.fields[name].widget.attrs["min"] = "0"

    def clean_own_share(self):
        return self.cleaned_data.get("own_share") or Decimal("0.00")

    def clean_co_funding(self):
        return self.cleaned_data.get("co_funding") or Decimal("0.00")

    def clean(self):
        cleaned = super().clean()
        field, measure = cleaned.get("field_of_action"), cleaned.get("measure")
        if measure and field and measure.field_of_action_id != field.pk:
            self.add_error("measure", _("This measure belongs to another field of action."))
        return cleaned


class CostLineForm(forms.ModelForm):
    class Meta:
        model = CostLine
        fields = ["category", "description", "amount"]
        widgets = {
            "category": forms.Select(attrs={"class": "form-select"}),
            "description": forms.TextInput(attrs={"class": "form-control"}),
            "amount": forms.NumberInput(attrs={"class": "form-control", "min": "0", "step": "0.01"}),
        }


class BaseCostLineFormSet(forms.BaseInlineFormSet):
    """``lines``: the application's cost lines when they were read already (ApplicationForm.cost_lines),
    in their order; the formset then runs no query of its own."""

    def __init__(self, *args, lines=None, **kwargs):
        self.lines = lines
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return self.lines if self.lines is not None else super().get_queryset()


CostLineFormSet = inlineformset_factory(
    Application,
    CostLine,
    form=CostLineForm,
    formset=BaseCostLineFormSet,
    extra=3,
    can_delete=True,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


def cost_total(formset) -> Decimal:
    """The total of the cost-plan rows that are kept (call after ``is_valid()``)."""
    total = Decimal("0.00")
    for form in formset.forms:
        data = form.cleaned_data
        if data and not data.get("DELETE") and data.get("amount") is not None:
            total += data["amount"]
    return total


def check_amounts(form, formset) -> Decimal | None:
    """Own share plus co-funding may not exceed the costs (the requested amount is never negative)."""
    total = cost_total(formset)
    own, co = form.cleaned_data.get("own_share", 0), form.cleaned_data.get("co_funding", 0)
    if own + co > total:
        form.add_error("co_funding", _("Own share and co-funding together exceed the cost plan total."))
        return None
    return total


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]


class PaymentRequestForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"),
        help_text=_("Together with your earlier requests at most the granted amount."),
    )  # fmt: skip
    purpose = forms.CharField(
        label=_("For (optional)"), max_length=200, required=False, help_text=_("e.g. first quarter, fees")
    )


class ProofForm(forms.Form):
    kind = forms.ChoiceField(label=_("Proof of use"), choices=ProofKind.choices, widget=forms.RadioSelect)
    period_end = forms.DateField(label=_("Covers the period until"), widget=DATE)
    report = UploadFormField(label=_("Report (Sachbericht, PDF, at most 20 MB)"), accept=DOCUMENT, max_mb=20)
    statement = UploadFormField(
        label=_("Numerical statement (zahlenmäßiger Nachweis, PDF, at most 20 MB)"), accept=DOCUMENT, max_mb=20
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ProjectFilterForm(forms.Form):
    """The filter of /projekte/: a field of action by its slug, and a text. The options come from one
    plain query (a ModelChoiceField reads them through a server-side cursor and looks the chosen one
    up again); ``field_id`` is the chosen field's primary key."""

    field = forms.ChoiceField(
        label=_("Field of action"),
        required=False,
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = list(FieldOfAction.objects.values_list("pk", "slug", "name"))
        self.field_ids = {slug: pk for pk, slug, _name in fields}
        self.fields["field"].choices = [("", "---------"), *((slug, name) for _pk, slug, name in fields)]

    @property
    def field_id(self) -> int | None:
        return self.field_ids.get(self.cleaned_data.get("field"))
