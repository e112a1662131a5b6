"""Whole-page cache for GET requests, invalidated by every write.

Every page of the portal is a function of the database, the URL, the language and the visitor.
A rendered page can therefore be served again until the data changes: a *data version* changes
after every committed model save, delete or many-to-many change, after every unsafe request
(POST, PUT, PATCH, DELETE: this also covers ``QuerySet.update()`` in views and admin actions) and
when the web server starts (kiezportal/wsgi.py: new code, new templates). The version is part of
every cache key, so one write retires every cached page at once; nothing is ever served from before a committed change
(entries also expire after ``PAGE_CACHE_SECONDS`` for pages that change with the clock, such as
deadlines).

- Anonymous visitors without a session share one copy per URL and language.
- A logged-in visitor's copies are their own (the key holds user and session), so a page with
  personal data is never shown to anybody else; the session is checked on every request as
  usual, so a logged-out or expired session gets nothing from the cache.
- Anonymous visitors *with* a session, requests with pending messages, htmx requests with other
  headers, and responses that set cookies (other than the CSRF cookie), are not cacheable
  (``Cache-Control: private/no-store/no-cache``, ``Vary`` on other headers, status other than
  200, streaming) are passed through.
- CSRF tokens: a stored page keeps a placeholder where the form tokens were; each response gets
  this visitor's own token (``get_token``), so forms keep working and tokens are never shared.

The cache is Django's ``default`` cache (a file cache under ``CACHE_DIR``, shared by the gunicorn
workers of one host); the version lives in a small file next to it, as a file read is cheaper than
a cache round trip and a bump must not list the whole cache directory. Several hosts would need a
shared cache and version (e.g. Redis); see README "Performance".
"""

import hashlib
import logging
import os
import re
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = b"__kiezportal_csrf_token__"
CSRF_INPUT_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}
ALLOWED_VARY = {"cookie", "accept-language", "hx-request"}
SKIPPED_HEADERS = {"content-length", "set-cookie"}


def _version_file() -> Path:
    return Path(settings.CACHE_DIR) / "data-version"


def data_version() -> str:
    """The current data version; created on first use."""
    try:
        return _version_file().read_text()
    except FileNotFoundError:
        return bump()


def bump() -> str:
    """Start a new data version: every cached page is outdated. Safe to call at any time."""
    version = secrets.token_hex(8)
    path = _version_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as handle:
            handle.write(version)
        os.replace(handle.name, path)  # atomic: readers see the old or the new version
    except OSError:
        # Without a version file nothing can be cached safely; pages are rendered every time.
        logger.exception("page cache: could not write the data version to %s", path)
    return version


def bump_after_commit(sender=None, **kwargs) -> None:
    """Signal receiver: a new data version at once and again when the transaction has committed.

    The second bump retires pages that another request rendered from the old data while this
    transaction was still open; the first one serves code that reads within the transaction
    (tests run in one that never commits). An extra bump only costs a re-render.
    """
    if sender is not None and sender._meta.label in IGNORED_MODELS:
        return
    bump()
    transaction.on_commit(bump)


# Written on every login or visit without changing what any page shows.
IGNORED_MODELS = {"sessions.Session", "admin.LogEntry"}


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0))


class PageCacheMiddleware:
    """Serves GET requests from the page cache and stores cacheable responses (see module doc).

    Sits after the session, locale, CSRF, authentication and messages middleware: it needs the
    visitor, the language and the messages, and its hits skip only the view and the view
    middleware (login checks) — a hit exists only for a response that the same visitor (or, for
    shared copies, any anonymous visitor) already received with status 200.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET":
            response = self.get_response(request)
            if request.method not in ("HEAD", "OPTIONS", "TRACE"):
                bump()
            return response
        if not page_cache_enabled():
            return self.get_response(request)
        identity = self._identity(request)
        if identity is None:
            return self.get_response(request)
        version = data_version()
        key = self._key(request, identity, version)
        entry = cache.get(key)
        if entry is not None:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        entry = self._to_entry(request, response)
        if entry is not None and data_version() == version:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _identity(request) -> str | None:
        """Who the page is for: "anon", "<user>:<session>" or None for "do not cache"."""
        if CookieStorage.cookie_name in request.COOKIES:
            return None  # messages waiting to be shown
        user = request.user
        if user.is_authenticated:
            if request.session.get(SessionStorage.session_key):
                return None
            return f"{user.pk}:{request.session.session_key}"
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None  # an anonymous session may carry state a page shows
        return "anon"

    @staticmethod
    def _key(request, identity: str, version: str) -> str:
        parts = [
            identity,
            request.scheme,
            request.get_host(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.headers.get("HX-Request", ""),
            request.get_full_path(),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"page:{version}:{digest}"

    @staticmethod
    def _to_entry(request, response) -> dict | None:
        """The storable form of a response, or None if it must not be cached."""
        if response.status_code != 200 or response.streaming:
            return None
        if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return None
        control = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
        if control & UNCACHEABLE_CONTROL:
            return None
        vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
        if vary - ALLOWED_VARY:
            return None
        messages = getattr(request, "_messages", None)
        if messages is not None and len(messages):
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        content = response.content
        uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if uses_csrf:
            content, found = CSRF_INPUT_RE.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
            if not found:
                return None  # a token somewhere else than in a form field: cannot personalise it
        headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
        return {"content": content, "headers": headers, "csrf": uses_csrf}

    @staticmethod
    def _from_entry(request, entry: dict) -> HttpResponse:
        content = entry["content"]
        if entry["csrf"]:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers["X-Page-Cache"] = "hit"
        return response
