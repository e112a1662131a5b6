from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SpamTrapForm, limit_lengths
from apps.network.models import Language, StepFree
from apps.pages.legal import privacy_notice_help

from .models import CostKind, EventKind, EventSuggestion


class EventFilterForm(forms.Form):
    """The calendar's filters (a GET form; every field is optional, invalid values are ignored)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices])
    language = forms.ChoiceField(label=_("Language"), required=False)
    step_free = forms.ChoiceField(
        label=_("Step-free access"),
        required=False,
        choices=[("", _("No matter")), (StepFree.YES, _("Step-free")), (StepFree.PARTLY, _("At least partly"))],
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    von = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    FILTERS = ("kind", "language", "step_free", "free")

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.fields["language"].choices = [("", _("All languages"))] + [(lang.code, lang.label) for lang in languages]

    def _data(self) -> dict:
        self.is_valid()  # the fields that are valid stay in cleaned_data
        return getattr(self, "cleaned_data", {})

    @property
    def filters(self) -> dict:
        """The valid filter values (without the start date)."""
        data = self._data()
        return {name: data.get(name) for name in self.FILTERS}

    @property
    def start_day(self):
        return self._data().get("von")

    @property
    def is_filtered(self) -> bool:
        return any(self.filters.values())


class EventSuggestionForm(SpamTrapForm, forms.ModelForm):
    """A visitor suggests an event (one date); the e-mail address is confirmed by a link."""

    privacy_consent = forms.BooleanField(required=True)

    class Meta:
        model = EventSuggestion
        fields = [
            "title",
            "kind",
            "description",
            "organiser",
            "date",
            "start_time",
            "end_time",
            "place_name",
            "place_address",
            "step_free",
            "languages",
            "cost_kind",
            "cost_amount",
            "cost_text",
            "message",
            "suggester_name",
            "suggester_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "message": forms.Textarea(attrs={"rows": 3}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "languages": forms.CheckboxSelectMultiple,
            "step_free": forms.RadioSelect,
            "cost_kind": forms.RadioSelect,
        }
        help_texts = {
            "description": _("What happens, for whom, and is registration needed?"),
            "place_address": _("Street and number"),
            "cost_text": _("Only for “Other”, e.g. “Spende erbeten”."),
            "suggester_email": _("We send you a link to confirm your suggestion. Never published."),
            "suggester_name": _("Optional; never published."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, {"description": 3000, "message": 2000})
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["languages"].label_from_instance = lambda language: language.label
        self.fields["step_free"].choices = StepFree.choices
        self.fields["cost_kind"].choices = CostKind.choices
        self.fields["privacy_consent"].label = _(
            "I agree that the QM team stores my name and e-mail address to confirm this suggestion and to tell me "
            "the decision. They are never published."
        )
        self.fields["privacy_consent"].help_text = privacy_notice_help()

    def clean(self):
        cleaned = super().clean()  # the honeypot first (SpamTrapForm)
        day = cleaned.get("date")
        if day and day < timezone.localdate():
            self.add_error("date", _("Please give a date in the future."))
        elif day and (day - timezone.localdate()).days > 2 * 366:
            self.add_error("date", _("Please suggest events of the next two years only."))
        kind = cleaned.get("cost_kind")
        if kind == CostKind.AMOUNT and not cleaned.get("cost_amount"):
            self.add_error("cost_amount", _("Please give the price."))
        if kind != CostKind.AMOUNT:
            cleaned["cost_amount"] = None
        if kind == CostKind.TEXT and not (cleaned.get("cost_text") or "").strip():
            self.add_error("cost_text", _("Please describe the cost."))
        return cleaned
