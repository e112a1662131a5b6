from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import AccountDeleteForm


def my_data(request):
    """ "Meine Daten": download everything the portal holds about the person, or delete the
    account. Any logged-in user (their own data only)."""
    return render(request, "accounts/my_data.html", {"retention_years": settings.FUNDING_RETENTION_YEARS})


def my_data_download(request):
    """The ZIP with the person's data and uploads. Any logged-in user (their own data only)."""
    response = HttpResponse(services.personal_data_export(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{timezone.localdate():%Y-%m-%d}.zip"'
    return response


@require_http_methods(["GET", "POST"])
def account_delete(request):
    """ "Konto löschen" with password confirmation. Any logged-in user except staff (their own
    account only): staff accounts are closed by a superuser, so the admin keeps its users."""
    if request.user.is_staff:
        raise PermissionDenied
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_erase(user=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("pages:home")
    context = {"form": form, "retention_years": settings.FUNDING_RETENTION_YEARS}
    return render(request, "accounts/account_delete.html", context)
