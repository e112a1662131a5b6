"""The login throttle (django-axes) for both login pages: allauth's at /konto/login/ (field
``login``, credentials ``email``) and the admin's at /admin/login/ (field ``username``)."""


def login_name(request, credentials) -> str:
    """The address someone tried to log in as, normalised, so ``QM@…`` and ``qm@…`` count together."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    for key in ("email", "username", "login"):
        value = credentials.get(key) or data.get(key)
        if value:
            return str(value).strip().lower()
    return ""


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while a login is paused (status 429), in the portal's layout."""
    from axes.helpers import get_cool_off
    from django.conf import settings
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "account/lockout.html", context, status=429)
