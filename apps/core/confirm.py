"""The page a signed confirmation link from a mail opens (apps/core/signing.py makes the link).

The link shows a page with a button and only the POST confirms, so mail scanners that follow
links confirm nothing. Used by the suggestion forms of the directory and the calendar; the view
keeps its own decorators (``@login_not_required``, ``@personal_data``) and states who may see it.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def confirmation_page(request, item, *, confirmed: bool, confirm, template: str, done: str):
    """``item`` is what the token named (None: a bad or expired link, 404); ``confirmed`` whether
    it needs no confirmation any more; ``confirm(item) -> bool`` confirms it (False: it already
    was); ``done`` is where the POST redirects to. The template gets ``item`` as ``suggestion``."""
    if item is None:
        raise Http404(_("This confirmation link is invalid or has expired."))
    if request.method == "POST":
        if confirm(item):
            messages.success(request, _("Thank you, your suggestion is confirmed. The QM team will review it."))
        else:
            messages.info(request, _("This suggestion was already confirmed."))
        return redirect(done)
    return render(request, template, {"suggestion": item, "confirmed": confirmed})
