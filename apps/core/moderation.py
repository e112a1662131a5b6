"""Moderation in the admin leaves a trace: every action that publishes, hides, approves or rejects
what the public wrote writes one row per object into Django's admin history (``LogEntry``): who
(the QM team member), when, what, and the optional reason typed next to the action. The rows show
under "History" on each object and in the admin's "Recent actions"."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 500


class ReasonActionForm(ActionForm):
    """The admin's action bar with an optional reason (``ModelAdmin.action_form``)."""

    reason = forms.CharField(
        label=_("Reason (optional, kept in the history)"), required=False, max_length=REASON_MAX_LENGTH
    )


def moderation_reason(request) -> str:
    return request.POST.get("reason", "").strip()[:REASON_MAX_LENGTH]


def log_moderation(request, objects, what: str, *, reason: str | None = None) -> None:
    """One history row per object in ``objects``: ``what`` happened, by ``request.user``, now,
    with ``reason`` (default: the reason typed next to the action)."""
    reason = moderation_reason(request) if reason is None else reason.strip()
    message = f"{what} – {reason}" if reason else str(what)
    LogEntry.objects.log_actions(
        user_id=request.user.pk, queryset=list(objects), action_flag=CHANGE, change_message=message
    )
