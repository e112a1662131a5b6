"""Who is asking and what may be kept of the answer: the client's address behind the reverse
proxy, the one rate-limit rule of every form that takes submissions without an account (ideas,
action fund applications, directory suggestions and corrections), and ``Cache-Control: private``
on every page with personal data.

The rule: at most ``RATE_LIMIT_COUNT`` submissions of one form in ``RATE_LIMIT_MINUTES``, counted
per account for logged-in people and per client address only for anonymous ones, so two residents
behind one address (a family, a library, a proxy) do not share a limit once logged in. The
counters live in the ``ratelimit`` cache, apart from the pages, so page traffic neither culls nor
clears them; addresses are kept only as a salted hash.
"""

import ipaddress
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

RATE_LIMIT_CACHE = "ratelimit"


def client_ip(request) -> str:
    """The client's IP address. ``CLIENT_IP_HEADER`` names the request header the deployment's
    reverse proxy sets (e.g. ``HTTP_X_REAL_IP``); empty means ``REMOTE_ADDR`` (no proxy). In a list
    such as X-Forwarded-For the last entry is the one the proxy added; entries before it come from
    the client and could be anything. A missing or malformed header falls back to ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    candidate = value.split(",")[-1].strip() if value else ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def rate_limit() -> tuple[int, int]:
    """(submissions, minutes) of the rate-limit rule."""
    return settings.RATE_LIMIT_COUNT, settings.RATE_LIMIT_MINUTES


def rate_limit_message() -> str:
    """The error shown to someone over the limit: it states the rule, not what they did."""
    count, minutes = rate_limit()
    if minutes % 60 == 0:
        hours = minutes // 60
        rule = ngettext(
            "At most %(count)s submissions per hour are possible.",
            "At most %(count)s submissions in %(hours)s hours are possible.",
            hours,
        ) % {"count": count, "hours": hours}
    else:
        rule = _("At most %(count)s submissions in %(minutes)s minutes are possible.") % {
            "count": count,
            "minutes": minutes,
        }
    advice = _("Please try again later or contact the neighbourhood office.")
    return f"{rule} {advice}"


def _client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + salted_hmac("core.http.ratelimit", client_ip(request)).hexdigest()[:32]


def rate_limited(request, scope: str) -> bool:
    """Count one submission of the form ``scope`` for this person; True when it is over the limit.

    Call it once the form is valid, right before saving. Fixed time windows of
    ``RATE_LIMIT_MINUTES``; a count that the cache lost starts again at zero."""
    count, minutes = rate_limit()
    window = int(time.time() // (minutes * 60))
    key = f"submissions:{scope}:{_client_key(request)}:{window}"
    cache = caches[RATE_LIMIT_CACHE]
    cache.add(key, 0, timeout=minutes * 60 + 60)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=minutes * 60 + 60)
        used = 1
    return used > count


def form_rate_limited(request, form, scope: str) -> bool:
    """``rate_limited()`` for a valid public form: over the limit the form shows the rule as its
    error and ``request.rate_limited`` is set, so the view answers 429 (``form_status``)."""
    if not rate_limited(request, scope):
        return False
    form.add_error(None, rate_limit_message())
    request.rate_limited = True
    return True


def form_status(request) -> int:
    """The status of a form page: 429 after ``form_rate_limited`` refused it, else 200."""
    return 429 if getattr(request, "rate_limited", False) else 200


def personal_data(view):
    """View decorator for pages that show personal data to someone without an account (status
    pages reached by a signed link): ``Cache-Control: private``, so neither a shared proxy nor
    the page cache keeps a copy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    return wrapped


class PrivatePagesMiddleware:
    """Every response to a logged-in visitor is ``Cache-Control: private``: account pages, "my
    applications", the jury and council members' pages, "Mein Bereich" and every other page that
    greets the person by name. The page cache, before it in MIDDLEWARE, keeps the visitor's own
    copy with this header (it serves it to the same session only), so each hit is marked too.
    Logged in means the session names a user; the user row is not loaded for this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            patch_cache_control(response, private=True)
        return response
