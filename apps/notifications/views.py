from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import Role

from . import preferences, tokens
from .forms import SettingsForm
from .models import Choice, Kind


def kinds_for(user) -> list[str]:
    """The kinds that concern the person: council meetings for council members, jury rounds for
    jurors (and the QM team, who can hold either role), everything else for everyone."""
    kinds = []
    for kind in Kind:
        if kind == Kind.COUNCIL_MEETING and not user.has_role(Role.COUNCIL):
            continue
        if kind == Kind.JURY_ROUND and not user.has_role(Role.JUROR):
            continue
        kinds.append(kind.value)
    return kinds


def _settings_form(request, email: str, kinds: list[str]):
    form = SettingsForm(request.POST or None, kinds=kinds, initial_values=preferences.settings_of(email, kinds))
    if request.method == "POST" and form.is_valid():
        preferences.save(email, form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return form, True
    return form, False


@require_http_methods(["GET", "POST"])
def settings_page(request):
    """ "Benachrichtigungen": the logged-in person's choice per kind. Any logged-in user (own settings only)."""
    form, saved = _settings_form(request, request.user.email, kinds_for(request.user))
    if saved:
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


def _read(token: str):
    try:
        return tokens.read_token(token), None
    except signing.SignatureExpired:
        return None, _("This link has expired. Log in to change your notification settings.")
    except signing.BadSignature:
        return None, _("This link is not valid. Log in to change your notification settings.")


@login_not_required
@require_http_methods(["GET", "POST"])
def link_page(request, token):
    """The signed link in every notification: change the settings it names without a login.
    Public (the signature is the permission; expired or tampered links get 400)."""
    data, error = _read(token)
    if error:
        return render(request, "notifications/link_invalid.html", {"error": error}, status=400)
    email, kinds = data
    form, saved = _settings_form(request, email, kinds)
    if saved:
        return redirect("notifications:link", token=token)
    return render(request, "notifications/link.html", {"form": form, "email": email, "token": token})


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def one_click(request, token):
    """RFC 8058 one-click unsubscribe (the ``List-Unsubscribe`` address): a POST switches the
    token's kinds off, without CSRF token or login (mail clients send it). A GET (a person
    following the address) leads to the settings link. Public."""
    data, error = _read(token)
    if error:
        return render(request, "notifications/link_invalid.html", {"error": error}, status=400)
    if request.method == "GET":
        return redirect("notifications:link", token=token)
    email, kinds = data
    preferences.save(email, dict.fromkeys(kinds, Choice.OFF))
    return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
