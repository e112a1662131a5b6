from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DecisionResult, Meeting, Term


class DecisionFilterForm(forms.Form):
    """Filters of the public decision list; every field optional, bad values become field errors."""

    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.all(), required=False, empty_label=_("All terms")
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    result = forms.ChoiceField(label=_("Result"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = [day.year for day in Meeting.objects.dates("starts_at", "year", order="DESC")]
        self.fields["year"].choices = [("", _("All years")), *[(year, str(year)) for year in years]]
        self.fields["result"].choices = [("", _("All results")), *DecisionResult.choices]
