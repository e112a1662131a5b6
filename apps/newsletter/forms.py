from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm; nothing else is sent before you confirm."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I want to receive the newsletter and agree that my e-mail address is stored for it."),
        required=True,
    )
    # Honeypot: hidden from people by CSS and aria-hidden; bots that fill every field are refused.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        privacy_url = reverse("pages:page_detail", kwargs={"slug": "datenschutz"})
        self.fields["privacy_consent"].help_text = format_html(
            '{} <a href="{}">{}</a>',
            _("You can unsubscribe at any time with the link in every newsletter."),
            privacy_url,
            _("Read the privacy notice"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your entry could not be saved because a field meant to catch spam was filled in."), code="honeypot"
            )
        return cleaned
