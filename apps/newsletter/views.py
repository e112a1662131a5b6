from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.core.http import form_rate_limited, personal_data

from . import services
from .forms import SubscribeForm


@login_not_required
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Subscribe without an account; a link mailed to the address confirms it. Public."""
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = SubscribeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form_rate_limited(request, form, "newsletter"):
            status = 429
        else:
            services.subscribe(email=form.cleaned_data["email"], language=get_language())
            messages.success(
                request,
                _(
                    "Thank you! Unless this address has subscribed already, we have sent it an e-mail: "
                    "please confirm your subscription with the link in it."
                ),
            )
            return redirect("newsletter:subscribe")
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
@personal_data
def confirm(request, token):
    """Confirm a subscription with the signed link (a button, so link scanners do not
    subscribe anybody). Public: whoever holds the link."""
    subscription = services.subscription_to_confirm(token)
    if subscription is None:
        raise Http404(_("This confirmation link is invalid or has expired."))
    if request.method == "POST":
        if services.confirm(subscription):
            messages.success(request, _("Thank you, your newsletter subscription is confirmed."))
        else:
            messages.info(request, _("This subscription was already confirmed."))
        return redirect("newsletter:subscribe")
    return render(request, "newsletter/confirm.html", {"subscription": subscription})


@login_not_required
@csrf_exempt  # RFC 8058: mail programs POST here without a form; the signed link is the authority
@require_http_methods(["GET", "POST"])
@personal_data
def unsubscribe(request, token):
    """Unsubscribe in one click: the page's button, or the mail program's one-click POST
    (``List-Unsubscribe=One-Click``). A GET changes nothing. Public: whoever holds the link."""
    subscription = services.subscription_to_end(token)
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription)
        return render(request, "newsletter/unsubscribed.html")
    if subscription is None:
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscription": subscription})
