"""Form helpers every app with public forms uses."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


def limit_lengths(form, limits: dict[str, int]) -> None:
    """Give the named text fields of ``form`` a maximum length: checked on the server with a
    field error, announced to the browser as ``maxlength`` (model text fields have none)."""
    for name, limit in limits.items():
        field = form.fields.get(name)
        if field is None:
            continue
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)


class SpamTrapForm(forms.Form):
    """Mixin for the public forms anyone may send without an account: a honeypot field
    ``website`` that people never see (the template hides it with ``d-none`` and
    ``aria-hidden``) and bots that fill in every field do; a filled one refuses the form.
    Use ``class IdeaForm(SpamTrapForm, forms.ModelForm)`` and call ``super().clean()``."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your entry could not be saved because a field meant to catch spam was filled in."), code="honeypot"
            )
        return cleaned
