from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SpamTrapForm

from .legal import privacy_notice_help
from .models import AccessibilityFeedback


class AccessibilityFeedbackForm(SpamTrapForm, forms.ModelForm):
    """ "Barriere melden": report a barrier, anonymously if you like; an answer needs an e-mail
    address. The honeypot ``website`` comes from SpamTrapForm."""

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email", "wants_answer"]
        labels = {
            "message": _("Which barrier did you meet?"),
            "page_url": _("On which page? (optional)"),
            "name": _("Your name (optional)"),
            "email": _("Your e-mail address (optional)"),
            "wants_answer": _("I would like an answer by e-mail."),
        }
        help_texts = {
            "message": _("Describe what did not work, e.g. which content or function. At most 3,000 characters."),
            "page_url": _("The address or the title of the page."),
            "email": _("Needed only if you would like an answer. It is never published."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 3000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["wants_answer"].help_text = privacy_notice_help(_("We use your details only to answer you."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_answer") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Please give your e-mail address so that we can answer you."))
        return cleaned
