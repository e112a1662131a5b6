"""Entries the QM team makes for a person who came to the office, phoned or wrote (issue #19):
where the entry came from, who typed it in, and the person's consent to the data processing
with its date and who recorded it. Any app's submission model adds these fields by inheriting
the abstract ``OfficeEntry``; the admin sets ``entered_by``/``consent_recorded_by`` on save."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class EntrySource(models.TextChoices):
    ONLINE = "online", _("Online form")
    OFFICE = "office", _("Visit to the office")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")


class OfficeEntry(models.Model):
    """Abstract: the source of an entry and, for entries made by the office, the recorded consent."""

    entry_source = models.CharField(
        _("entered from"), max_length=10, choices=EntrySource.choices, default=EntrySource.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        editable=False,
    )
    consent_recorded_on = models.DateField(
        _("consent to the data processing given on"),
        null=True,
        blank=True,
        help_text=_("For entries made by the office: the day the person agreed (in person, by phone or in writing)."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def entered_by_office(self) -> bool:
        return self.entry_source != EntrySource.ONLINE

    def clean(self):
        super().clean()
        if self.entered_by_office and not self.consent_recorded_on:
            raise ValidationError(
                {"consent_recorded_on": _("An entry made by the office needs the day the person agreed.")}
            )

    def record_office_entry(self, user) -> None:
        """Note who typed the entry in and who recorded the consent (before the first save)."""
        if self.entered_by_office:
            self.entered_by = self.entered_by or user
            self.consent_recorded_by = self.consent_recorded_by or user


class OfficeEntryAdminForm:
    """Mixin for the admin forms of models with ``OfficeEntry``: an entry typed in there (by default:
    every new one; see ``office_entry_required``) comes from the office — visit, phone or letter —
    and needs the day the person agreed to the data processing (one implementation for ideas,
    action fund and funding applications)."""

    office_entry_message = _("An entry made here comes from the office: visit, phone or letter.")

    def office_entry_required(self, data) -> bool:
        return self.instance.pk is None

    def clean(self):
        """The source here; the day of the consent is the model's own check (``OfficeEntry.clean``)."""
        data = super().clean()
        if self.office_entry_required(data) and data.get("entry_source", EntrySource.ONLINE) == EntrySource.ONLINE:
            self.add_error("entry_source", self.office_entry_message)
        return data


def render_letter(request, template: str, *, heading: str, recipient: str, address: str, link: str, **context):
    """The printable letter (``template`` extends templates/print/status_letter.html) to a person
    the office entered something for: ``heading`` for the QM team's screen, the recipient's name
    and postal address, and ``link`` (a path) to follow the entry, written out in full."""
    from django.shortcuts import render
    from django.utils import timezone

    from .links import absolute_url

    letter = {
        "letter_heading": heading,
        "letter_recipient": recipient,
        "letter_address": address,
        "letter_link": absolute_url(link),
        "today": timezone.localdate(),
    }
    return render(request, template, {**letter, **context})


def status_links(obj, letter_url: str):
    """The admin's links for an entry made by the office: its status page and the letter that
    carries the address."""
    from django.utils.html import format_html

    return format_html(
        '<a href="{}">{}</a> · <a href="{}">{}</a>',
        obj.get_status_url(),
        _("open"),
        letter_url,
        _("letter with the link (to print)"),
    )
