from django import forms

from .models import Choice, Kind


class SettingsForm(forms.Form):
    """One choice (immediately / daily / weekly / off) per kind in ``kinds``."""

    def __init__(self, *args, kinds, initial_values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=Choice.choices,
                initial=initial_values[kind],
                widget=forms.RadioSelect,
            )
