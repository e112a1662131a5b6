from django import forms
from django.utils.translation import gettext_lazy as _

from apps.actionplan.models import FieldOfAction
from apps.core.forms import limit_lengths

from .models import ActorKind, Language, StepFree, Suggestion


class ActorFilterForm(forms.Form):
    """The directory's search and filters (a GET form; every field is optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActorKind.choices])
    field = forms.ChoiceField(label=_("Field of action"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    step_free = forms.ChoiceField(
        label=_("Step-free access"),
        required=False,
        choices=[
            ("", _("No matter")),
            (StepFree.YES, _("Step-free")),
            (StepFree.PARTLY, _("Step-free or partly step-free")),
        ],
    )

    def __init__(self, *args, fields_of_action, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields of action"))] + [(f.slug, f.name) for f in fields_of_action]
        self.fields["language"].choices = [("", _("All languages"))] + [(lang.code, lang.label) for lang in languages]
        # The filters go by id (the rows are at hand): the query joins the link table only, and
        # PostgreSQL plans it by how many actors that language or field has.
        self.field_ids = {field.slug: field.pk for field in fields_of_action}
        self.language_ids = {lang.code: lang.pk for lang in languages}

    def filter(self, queryset):
        """The queryset narrowed by the valid filters (invalid values are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("field"):
            queryset = queryset.filter(fields_of_action=self.field_ids[data["field"]])
        if data.get("language"):
            queryset = queryset.filter(languages=self.language_ids[data["language"]])
        if data.get("step_free"):
            queryset = queryset.step_free_at_least(data["step_free"])
        return queryset

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class SuggestionForm(forms.ModelForm):
    """A visitor suggests a new entry or a correction; the e-mail address is confirmed by a link."""

    privacy_consent = forms.BooleanField(
        label=_(
            "I agree that the QM team stores my name and e-mail address to confirm this suggestion and to ask "
            "questions about it. They are never published."
        ),
        required=True,
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Suggestion
        fields = [
            "name",
            "kind_of_actor",
            "description",
            "street",
            "postcode",
            "opening_hours",
            "contact_person",
            "email",
            "phone",
            "website",
            "languages",
            "fields_of_action",
            "step_free",
            "message",
            "suggester_name",
            "suggester_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 3}),
            "languages": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "step_free": forms.RadioSelect,
        }
        help_texts = {
            "contact_person": _("Only a name the organisation wants to be published."),
            "email": _("An address the organisation publishes itself, e.g. info@…"),
            "suggester_email": _("We send you a link to confirm your suggestion. Never published."),
            "suggester_name": _("Optional; never published."),
        }

    def __init__(self, *args, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, {"description": 2500, "opening_hours": 500, "message": 2000})
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.active()
        self.fields["fields_of_action"].label_from_instance = lambda field: field.name
        self.fields["languages"].label_from_instance = lambda language: language.label
        self.fields["step_free"].choices = StepFree.choices
        if correction:
            self.fields["message"].required = True
            self.fields["message"].label = _("What should be corrected?")
            self.fields["message"].help_text = _("Please describe the change; you can also edit the fields below.")
            # The message comes first in a correction.
            self.order_fields(["message"])
        self.fields["message"].widget.attrs.setdefault("rows", 3)
