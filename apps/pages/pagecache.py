"""Whole-page cache for GET requests, invalidated by every write.

Every page of the portal is a function of the database, the code, the URL, the language and the
visitor. A rendered page can therefore be served again until the data or the code changes:

- A *data version* changes after every committed write to the database: the module watches the
  SQL that Django runs (a database execute wrapper on every connection, see ``connect()``), so
  model saves, ``QuerySet.update()``, bulk inserts, cascaded fast deletes and raw SQL in views,
  the admin, management commands and the worker all count; writes to the session table and the
  task queue do not (they change no page). A request that wrote nothing (a refused or invalid
  form, a 403 for a missing CSRF token, a failed login) retires nothing.
- A *code version* (a digest of the Python files, templates, compiled catalogues and the static
  files' manifest, computed once per process) changes with a deployment, so new code never
  serves a page rendered by the old one, and every host running the same code shares the cache.

Both versions are part of every cache key, so one write retires every cached page at once;
nothing is ever served from before a committed change (entries also expire after
``PAGE_CACHE_SECONDS`` for pages that change with the clock, such as deadlines).

- Anonymous visitors without a session share one copy per URL and language.
- A logged-in visitor's copies are their own (the key holds user and session), so a page with
  personal data is never shown to anybody else. A hit needs neither the user row nor a query:
  the session (from the cache) names the user, and the copy was rendered for that session
  under the current data version, i.e. with the user row as it is now (a changed password or a
  deactivation is a write). A logged-out or expired session gets nothing from the cache.
- Anonymous visitors *with* a session, requests with pending messages, htmx requests with other
  headers, and responses that set cookies (other than the CSRF cookie), are not cacheable
  (``Cache-Control: private/no-store/no-cache``, ``Vary`` on other headers, status other than
  200, streaming) are passed through.
- CSRF tokens: a stored page keeps a placeholder where the form tokens were; each response gets
  this visitor's own token (``get_token``), so forms keep working and tokens are never shared.

Pages and the data version live in Django's ``default`` cache: Redis when ``REDIS_URL`` is set
(shared by every application host: a write on one host retires the pages of all), else a file
cache under ``CACHE_DIR`` shared by the gunicorn workers of one host. Other code that keeps
derived data until the next write (list totals, the layout's site settings) keys it by
``data_version()``. Nothing outside this module has to tell the page cache about a write.
"""

import hashlib
import logging
import re
import secrets
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = b"__kiezportal_csrf_token__"
CSRF_INPUT_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}
ALLOWED_VARY = {"cookie", "accept-language", "hx-request"}
SKIPPED_HEADERS = {"content-length", "set-cookie"}

VERSION_KEY = "pagecache:data-version"
# A statement that changes rows, and the table it writes to.
WRITE_RE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)', re.IGNORECASE)
# Tables whose rows no page shows: sessions (written on every login and many visits), the
# task queue and the worker's outbox and job clocks (apps/core), and the login throttle's counters
# (every failed login).
IGNORED_TABLE_PREFIXES = ("django_session", "django_tasks", "axes_", "core_outgoingmail", "core_scheduledjob")

_local = threading.local()


def data_version() -> str | None:
    """The current data version (created on first use); None if the cache cannot be reached."""
    try:
        version = cache.get(VERSION_KEY) or bump()
    except Exception:
        logger.exception("page cache: could not read the data version")
        return None
    _local.read_since_bump = True
    return version


def bump() -> str | None:
    """Start a new data version: every cached page is outdated. Safe to call at any time."""
    version = secrets.token_hex(8)
    _local.read_since_bump = False
    try:
        cache.set(VERSION_KEY, version, None)
    except Exception:
        # A write must not fail because of the cache; pages go on expiring after PAGE_CACHE_SECONDS.
        logger.exception("page cache: could not store a new data version")
        return None
    return version


def _bump_after_commit() -> None:
    bump()


def _written(connection) -> None:
    """A write on ``connection``: retire the cached pages now and again when it has committed.

    The bump after the commit retires pages that other requests rendered from the old data while
    the transaction was open (one per transaction). The bump at once serves code that reads
    within the transaction (tests run in one that never commits): needed only when this thread
    read the version since its last bump. Outside a transaction every write has committed.
    """
    if not connection.in_atomic_block:
        bump()
        return
    if getattr(_local, "read_since_bump", True):
        bump()
    if not any(func is _bump_after_commit for _, func, _ in connection.run_on_commit):
        connection.on_commit(_bump_after_commit)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = WRITE_RE.match(sql) if isinstance(sql, str) else None
    if match and not match.group(1).startswith(IGNORED_TABLE_PREFIXES):
        _written(context["connection"])
    return result


def _install(sender=None, connection=None, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch_writes)


def connect() -> None:
    """Watch the writes of every database connection (called once, from the pages app's ready())."""
    from django.db import connections

    connection_created.connect(_install, dispatch_uid="pagecache_watch_writes")
    for connection in connections.all(initialized_only=True):
        _install(connection=connection)


_code_version: str | None = None


def code_version() -> str:
    """A digest of the code that renders pages (computed once per process, about 15 ms)."""
    global _code_version
    if _code_version is None:
        digest = hashlib.sha256()
        base = Path(settings.BASE_DIR)
        for top in ("apps", "kiezportal", "templates", "locale"):
            for path in sorted((base / top).rglob("*")):
                if path.suffix in {".py", ".html", ".txt", ".mo"} and path.is_file():
                    digest.update(str(path.relative_to(base)).encode())
                    digest.update(path.read_bytes())
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if manifest.is_file():
            digest.update(manifest.read_bytes())
        _code_version = digest.hexdigest()[:16]
    return _code_version


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0))


class PageCacheMiddleware:
    """Serves GET requests from the page cache and stores cacheable responses (see module doc).

    Sits after the session, locale, CSRF, authentication and messages middleware: it needs the
    session, the language and the messages, and its hits skip only the view, the view middleware
    (login checks) and the loading of the user — a hit exists only for a response that the same
    session (or, for shared copies, any anonymous visitor) already received with status 200 under
    the same data version.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not page_cache_enabled():
            return self.get_response(request)
        identity = self._identity(request)
        if identity is None:
            return self.get_response(request)
        version = data_version()
        if version is None:
            return self.get_response(request)
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
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return "anon"
        session = request.session
        user_id = session.get(SESSION_KEY)
        if not user_id or session.get(SessionStorage.session_key):
            return None  # an anonymous session may carry state a page shows; messages waiting
        return f"{user_id}:{session.session_key}"

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
        return f"page:{code_version()}:{version}:{digest}"

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
