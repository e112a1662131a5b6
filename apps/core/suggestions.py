"""Suggestions from the public, one moderation path for every app that takes them (the
directory's new entries and corrections, the calendar's events).

A visitor suggests without an account. The suggestion is "unconfirmed" until the suggester opens
the signed link mailed to them and presses the button (``Suggestions.confirm``: "new", awaiting
moderation). The QM team then approves it (the app's ``apply`` creates or changes what it
proposes) or rejects it, and the workflow mails the decision with the moderator's comment; a
suggestion never confirmed is rejected without a mail (nobody to write to). Unconfirmed
suggestions are deleted once their link expired (``Suggestions.purge``, a daily job).

An app declares its workflow with ``suggestion_workflow()`` at the end of its ``models.py``, one
``Suggestions`` in its ``services.py`` and registers its admin as a ``SuggestionAdmin``
(``workflow_admin.py``). What a suggestion proposes, the mail templates and who is told about a
confirmed suggestion come from the app: nothing here knows a domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .confirm import confirmation_page
from .links import absolute_url, reverse_absolute
from .mail import queue_mail
from .signing import expired_before, make_token, read_token_or_none
from .workflow import SYSTEM, Actor, Mail, StatusChangeBase, Step, Workflow, transition

__all__ = ["SuggestionStatus", "SuggestionStatusChangeBase", "Suggestions", "suggestion_workflow"]


class SuggestionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
    NEW = "new", _("Awaiting moderation")
    APPROVED = "approved", pgettext_lazy("suggestion", "Approved")
    REJECTED = "rejected", _("Rejected")


S = SuggestionStatus


class SuggestionStatusChangeBase(StatusChangeBase):
    """The history of a suggestion model: each app adds the foreign key ``suggestion``
    (``related_name="status_changes"``)."""

    from_status = models.CharField(_("from"), max_length=20, choices=SuggestionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=SuggestionStatus.choices)

    class Meta(StatusChangeBase.Meta):
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    from_status__in=["", *SuggestionStatus.values], to_status__in=SuggestionStatus.values
                ),
                name="%(app_label)s_%(class)s_status_valid",
            )
        ]


# The suggester has no account: the signed link of the confirmation mail stands for them.
SIGNED_LINK = Actor(_("the suggester (signed link)"), SYSTEM.test)


def _suggester(suggestion) -> list[str]:
    return [suggestion.suggester_email]


def suggestion_workflow(model, *, history, moderators: Actor, decision_template: str, created: str) -> Workflow:
    """The workflow of a suggestion model: confirmed by the signed link, approved or rejected by
    ``moderators``. The decision mail (``decision_template``) gets ``suggestion``, ``approved``,
    the moderator's ``comment`` and a ``link`` to what the approval created or changed (the
    model's foreign key ``created``)."""

    def decision(suggestion, change) -> dict:
        approved = change.to_status == S.APPROVED
        target = getattr(suggestion, created) if approved else None
        return {"suggestion": suggestion, "approved": approved, "link": absolute_url(target) if target else ""}

    decided = Mail(decision_template, to=_suggester, context=decision)
    return Workflow(
        model,
        history=history,
        states={
            S.UNCONFIRMED: {
                S.NEW: Step(_("Confirm the e-mail address"), by=SIGNED_LINK, stamp="confirmed_at", mail=False),
                # never confirmed: nobody to write to
                S.REJECTED: Step(_("Reject"), by=moderators, stamp="decided_at", mail=False),
            },
            S.NEW: {
                S.APPROVED: Step(_("Approve"), by=moderators, stamp="decided_at", mail=decided),
                S.REJECTED: Step(_("Reject"), by=moderators, stamp="decided_at", mail=decided),
            },
        },
    )


@dataclass(frozen=True)
class Suggestions:
    """One app's suggestions: the model, the signed link's ``purpose`` (its days in
    ``settings.SIGNED_LINK_MAX_AGE``), the confirmation page's URL name and mail template,
    ``apply(suggestion)`` (on approval: create or change what it proposes, link it on the
    suggestion, return it) and ``confirmed(suggestion)`` (who is told, if the app tells anyone
    itself). Its methods are the app's services (keyword-only)."""

    model: type[models.Model]
    purpose: str
    confirm_url: str
    confirm_template: str
    apply: Callable
    confirmed: Callable | None = None
    related: tuple[str, ...] = ()

    def token(self, suggestion) -> str:
        return make_token(self.purpose, suggestion.pk)

    def from_token(self, token: str):
        """The suggestion a valid, unexpired confirmation token names, else None."""
        pk = read_token_or_none(self.purpose, token)
        if not isinstance(pk, int):
            return None
        return self.model.objects.select_related(*self.related).filter(pk=pk).first()

    def mail_confirmation(self, suggestion) -> None:
        """Mail the confirmation link to the suggester (in the submitting transaction)."""
        link = reverse_absolute(self.confirm_url, token=self.token(suggestion))
        queue_mail(
            to=suggestion.suggester_email,
            template=self.confirm_template,
            context={"suggestion": suggestion, "link": link},
        )

    def confirmation_page(self, request, token: str, *, template: str, done: str):
        """The page the confirmation link opens: a button, so link scanners do not confirm
        (``confirm.confirmation_page``; ``done``: where the POST redirects to)."""
        suggestion = self.from_token(token)
        return confirmation_page(
            request,
            suggestion,
            confirmed=suggestion is not None and suggestion.status != S.UNCONFIRMED,
            confirm=lambda item: self.confirm(suggestion=item),
            template=template,
            done=done,
        )

    def _locked(self, suggestion):
        return self.model.objects.select_for_update().get(pk=suggestion.pk)

    def confirm(self, *, suggestion) -> bool:
        """The suggester confirmed the address: the suggestion awaits moderation. False if it was
        confirmed before."""
        with transaction.atomic():
            suggestion = self._locked(suggestion)
            if suggestion.status != S.UNCONFIRMED:
                return False
            transition(suggestion, S.NEW, by=None, comment=gettext("E-mail address confirmed."))
            if self.confirmed is not None:
                self.confirmed(suggestion)
            return True

    def approve(self, *, suggestion, by, comment: str = ""):
        """Approve a confirmed suggestion: ``apply`` creates or changes what it proposes, the
        workflow mails the suggester. Returns what ``apply`` returned."""
        with transaction.atomic():
            suggestion = self._locked(suggestion)
            if suggestion.status != S.NEW:
                raise ValidationError(
                    _("Only confirmed suggestions awaiting moderation can be approved."), code="not_new"
                )
            result = self.apply(suggestion)
            transition(suggestion, S.APPROVED, by=by, comment=comment or suggestion.moderator_comment)
            return result

    def reject(self, *, suggestion, by, comment: str = "") -> None:
        """Reject; a confirmed suggester gets the reason by e-mail (the workflow's mail)."""
        with transaction.atomic():
            suggestion = self._locked(suggestion)
            transition(suggestion, S.REJECTED, by=by, comment=comment or suggestion.moderator_comment)

    def purge(self, *, now=None) -> int:
        """Delete suggestions whose e-mail address was not confirmed while the link was valid."""
        cutoff = expired_before(self.purpose, now)
        deleted, _rows = self.model.objects.filter(status=S.UNCONFIRMED, created_at__lt=cutoff).delete()
        return deleted
