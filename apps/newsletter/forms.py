from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SpamTrapForm
from apps.pages.legal import privacy_notice_help


class SubscribeForm(SpamTrapForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm; nothing else is sent before you confirm."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I want to receive the newsletter and agree that my e-mail address is stored for it."),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["privacy_consent"].help_text = privacy_notice_help(
            _("You can unsubscribe at any time with the link in every newsletter.")
        )
