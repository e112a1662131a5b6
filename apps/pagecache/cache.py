"""Whole-page cache for GET requests, invalidated per table by the writes that touch it.

Every page of the portal is a function of the database, the code, the URL, the language and the
visitor. A rendered page can therefore be served again until a table it read or the code changes:

- **Per-table generations.** The module watches the SQL that Django runs on every connection (a
  database execute wrapper, see ``connect()``). A statement that writes a table (``INSERT``,
  ``UPDATE``, ``DELETE``, ``TRUNCATE``: model saves, ``QuerySet.update()``, bulk inserts,
  cascaded fast deletes, raw SQL; in views, the admin, management commands and the worker)
  gives that table a new *generation* (a random token in the cache) at once and again when the
  transaction commits. While a page renders, the tables its ``SELECT`` statements read are
  recorded together with their generations, read *before* the statement runs; the stored copy
  keeps them, and a hit compares them with the current ones (one ``get_many``). A write
  retires exactly the pages that read the written table; a request that wrote nothing (a
  refused or invalid form, a 403 for a missing CSRF token, a failed login, a 404) retires
  nothing. Writes that no page shows are ignored: the session table, the task queue, the
  worker's outbox and job clocks, the login throttle, and a login's ``last_login`` update.
- A *code version* (a digest of the Python files, templates, compiled catalogues and the static
  files' manifest, computed once per process) changes with a deployment, so new code never
  serves a page rendered by the old one, and every host running the same code shares the cache.
- Entries also expire after ``PAGE_CACHE_SECONDS`` for what changes with the clock (deadlines,
  "upcoming" meetings).

Who gets which copy:

- Anonymous visitors without a session share one copy per URL, language and htmx header.
- A logged-in visitor's copies are their own (the key holds user and session), so a page with
  personal data is never shown to anybody else. A hit needs neither the user row nor a query:
  the session (from the cache) names the user, and the copy was rendered for that session
  with the user row as it is now (the user table is one of the page's tables: a changed
  password or a deactivation retires it). A logged-out or expired session gets nothing.
- Anonymous visitors *with* a session, requests with pending messages, and responses that are
  not cacheable (``Cache-Control: private/no-store/no-cache``, ``Vary`` on other headers,
  status other than 200, streaming, cookies other than the CSRF cookie, a GET that wrote) are
  passed through.
- CSRF tokens: a stored page keeps a placeholder where the form tokens were; each response gets
  this visitor's own token (``get_token``), so forms keep working and tokens are never shared.

Derived data that other code keeps between requests (list totals, the layout's site settings)
uses ``memo()`` / ``local_memo()``: the value is kept with the generations of the tables its
computation read, and a page that uses it depends on those tables too.

Pages and generations live in Django's ``default`` cache: Redis when ``REDIS_URL`` is set
(shared by every application host: a write on one host retires the pages of all), else a file
cache under ``CACHE_DIR`` shared by the gunicorn workers of one host. Nothing outside this
module has to tell the page cache about a write; it connects no model signal (Django keeps its
fast delete).
"""

import hashlib
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
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

GENERATION_PREFIX = "pagecache:gen:"
# A statement that changes rows, and the table it writes to.
WRITE_RE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)', re.IGNORECASE)
# The tables a statement reads (Django quotes table names on every backend it runs on here).
READ_RE = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
# A login's only write to the user row: no page shows it (the admin is never cached).
LAST_LOGIN_RE = re.compile(r'^\s*UPDATE\s+"\w+"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE', re.IGNORECASE)
# Tables whose rows no page shows: sessions (written on every login and many visits), the
# task queue and the worker's outbox and job clocks (apps/core), and the login throttle's counters
# (every failed login).
IGNORED_TABLE_PREFIXES = ("django_session", "django_tasks", "axes_", "core_outgoingmail", "core_scheduledjob")
# Per process: the tables a path read the last time it was rendered, fetched in one round trip
# when it renders again (a bounded map; cleared when full).
RECENT_TABLES_MAX = 2000

_local = threading.local()
_recent_tables: dict[str, tuple[str, ...]] = {}


# --- generations ----------------------------------------------------------------------------


def _seen() -> set[str]:
    """Tables whose generation this thread read since it last bumped them."""
    seen = getattr(_local, "seen", None)
    if seen is None:
        seen = _local.seen = set()
    return seen


def _key(table: str) -> str:
    return GENERATION_PREFIX + table


def generations(tables) -> dict[str, str]:
    """The current generation of each table (created for a table that has none yet)."""
    tables = list(tables)
    if not tables:
        return {}
    _seen().update(tables)
    found = cache.get_many([_key(table) for table in tables])
    result = {}
    for table in tables:
        token = found.get(_key(table))
        if token is None:
            token = secrets.token_hex(8)
            if not cache.add(_key(table), token, None):
                token = cache.get(_key(table)) or token
        result[table] = token
    return result


def is_current(stored: dict[str, str]) -> bool:
    """Whether no table in ``stored`` (table -> generation) was written since."""
    return _check(stored)[0]


def _check(stored: dict[str, str]) -> tuple[bool, dict[str, str]]:
    """``is_current(stored)`` and the current generations it read (table -> generation), which a
    value computed next can use as read before its statements (no second round trip)."""
    if not stored:
        return True, {}
    _seen().update(stored)
    found = cache.get_many([_key(table) for table in stored])
    current = {table: found[_key(table)] for table in stored if _key(table) in found}
    return all(current.get(table) == token for table, token in stored.items()), current


def bump(tables) -> None:
    """Start a new generation of these tables: every copy made from them is outdated."""
    tables = set(tables)
    if not tables:
        return
    _seen().difference_update(tables)
    token = secrets.token_hex(8)
    try:
        cache.set_many({_key(table): token for table in tables}, None)
    except Exception:
        # A write must not fail because of the cache; pages go on expiring after PAGE_CACHE_SECONDS.
        logger.exception("page cache: could not store new generations")


# --- what a request reads and writes ----------------------------------------------------------


class _Scope:
    """The tables read (with their generations before the read) while a page or a value is computed."""

    __slots__ = ("read", "wrote")

    def __init__(self, known: dict[str, str] | None = None):
        self.read: dict[str, str] = dict(known or {})
        self.wrote = False


def _scopes() -> list[_Scope]:
    scopes = getattr(_local, "scopes", None)
    if scopes is None:
        scopes = _local.scopes = []
    return scopes


def _track(fn, known: dict[str, str] | None = None):
    """Run ``fn`` and return (its result, the scope with the tables it read); ``known``: generations
    read beforehand for tables it is expected to read."""
    scope = _Scope(known)
    scopes = _scopes()
    scopes.append(scope)
    try:
        result = fn()
    finally:
        scopes.pop()
    if scopes:  # a value computed inside a page: the page depends on the same tables
        _keep_oldest(scopes[-1].read, scope.read)
        scopes[-1].wrote |= scope.wrote
    return result, scope


def _depend_on(stored: dict[str, str]) -> None:
    """A kept value was used: the page being rendered depends on its tables."""
    scopes = getattr(_local, "scopes", None)
    if scopes:
        _keep_oldest(scopes[-1].read, stored)


def _keep_oldest(read: dict[str, str], more: dict[str, str]) -> None:
    """Add the generations of ``more`` to ``read``; where both have a table, the one read first
    (in ``read``) stays: what was rendered from it is at most as new as that generation."""
    for table, token in more.items():
        read.setdefault(table, token)


def _written(connection, table: str) -> None:
    """A write to ``table`` on ``connection``: retire its pages now and again when it has committed.

    The bump after the commit retires pages that other requests rendered from the old rows while
    the transaction was open. The bump at once serves code that reads within the transaction
    (tests run in one that never commits). Outside a transaction every write has committed.
    """
    scopes = getattr(_local, "scopes", None)
    if scopes:
        scopes[-1].wrote = True
    if not connection.in_atomic_block:
        bump([table])
        return
    pending = getattr(connection, "_pagecache_pending", None)
    if pending is None or not any(func is pending for _, func, _ in connection.run_on_commit):
        # No callback in this transaction yet (or the last one was rolled back with its tables).
        pending = connection._pagecache_pending = _Pending()
        connection.on_commit(pending)
    if table not in pending.tables or table in _seen():
        # Once per table and transaction, and again whenever this thread read its generation
        # since (a test reading the page between two writes in one transaction).
        pending.tables.add(table)
        bump([table])


class _Pending:
    """The tables a transaction wrote; called by the connection when it has committed."""

    __slots__ = ("tables",)

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self) -> None:
        bump(self.tables)


def _watch(execute, sql, params, many, context):
    if not isinstance(sql, str):
        return execute(sql, params, many, context)
    scopes = getattr(_local, "scopes", None)
    if scopes and sql.lstrip()[:4].upper() in ("SELE", "WITH"):
        scope = scopes[-1]
        new = {
            table
            for table in READ_RE.findall(sql)
            if table not in scope.read and not table.startswith(IGNORED_TABLE_PREFIXES)
        }
        if new and len(scopes) > 1:
            # A value computed inside a page: a generation the page read earlier is at most as new
            # as the current one, so keeping it can only retire the value sooner, never later.
            for outer in reversed(scopes[:-1]):
                for table in new & outer.read.keys():
                    scope.read[table] = outer.read[table]
                new -= outer.read.keys()
        if new:
            try:
                scope.read.update(generations(new))
            except Exception:
                logger.exception("page cache: could not read generations")
                scope.wrote = True  # do not store what was rendered without them
    result = execute(sql, params, many, context)
    match = WRITE_RE.match(sql)
    if match and not match.group(1).startswith(IGNORED_TABLE_PREFIXES) and not LAST_LOGIN_RE.match(sql):
        _written(context["connection"], match.group(1).split(".")[-1])
    return result


def _install(sender=None, connection=None, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


def connect() -> None:
    """Watch the SQL of every database connection (called once, from this app's ready())."""
    from django.db import connections

    connection_created.connect(_install, dispatch_uid="pagecache_watch_sql")
    for connection in connections.all(initialized_only=True):
        _install(connection=connection)


# --- kept values ------------------------------------------------------------------------------


def memo(key: str, compute: Callable, timeout: int = 300):
    """``compute()``, kept in the shared cache until a table it read is written (or ``timeout``)."""
    full_key = f"pagecache:memo:{key}"
    known = None
    try:
        entry = cache.get(full_key)
        if entry is not None:
            current, known = _check(entry["tables"])
            if current:
                _depend_on(entry["tables"])
                return entry["value"]
    except Exception:
        logger.exception("page cache: could not read %s", key)
    value, scope = _track(compute, known)
    if not scope.wrote:
        try:
            cache.set(full_key, {"value": value, "tables": scope.read}, timeout)
        except Exception:
            logger.exception("page cache: could not store %s", key)
    return value


_local_memo: dict[str, tuple[float, object, dict]] = {}
_local_memo_lock = threading.Lock()


def local_memo(key: str, compute: Callable, timeout: int = 300):
    """Like ``memo()``, but the value stays in this process (objects that are costly to
    unpickle, read on every page); checking it costs one ``get_many`` of its tables' generations."""
    kept = _local_memo.get(key)
    known = None
    if kept is not None and kept[0] > time.monotonic():
        try:
            current, known = _check(kept[2])
            if current:
                _depend_on(kept[2])
                return kept[1]
        except Exception:
            logger.exception("page cache: could not check %s", key)
    value, scope = _track(compute, known)
    if not scope.wrote:
        with _local_memo_lock:
            _local_memo[key] = (time.monotonic() + timeout, value, scope.read)
    return value


def clear_local_memo(**kwargs) -> None:
    """Forget the values kept in this process (connected to ``setting_changed`` for the tests)."""
    with _local_memo_lock:
        _local_memo.clear()


# --- the middleware ---------------------------------------------------------------------------

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
    session (or, for shared copies, any anonymous visitor) already received with status 200, and
    none of the tables it was rendered from has been written since.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not page_cache_enabled():
            return self.get_response(request)
        identity = self._identity(request)
        if identity is None:
            return self.get_response(request)
        key = self._key(request, identity)
        try:
            entry = cache.get(key)
            if entry is not None and is_current(entry["tables"]):
                return self._from_entry(request, entry)
        except Exception:
            logger.exception("page cache: could not read a page")
            return self.get_response(request)
        path = request.path
        try:
            known = generations(_recent_tables.get(path, ()))
        except Exception:
            logger.exception("page cache: could not read generations")
            return self.get_response(request)
        response, scope = _track(lambda: self.get_response(request), known)
        if len(_recent_tables) >= RECENT_TABLES_MAX:
            _recent_tables.clear()
        _recent_tables[path] = tuple(scope.read)
        entry = None if scope.wrote else self._to_entry(request, response)
        if entry is not None:
            entry["tables"] = scope.read
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("page cache: could not store a page")
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
    def _key(request, identity: str) -> str:
        parts = [
            identity,
            request.scheme,
            request.get_host(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.headers.get("HX-Request", ""),
            request.get_full_path(),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"page:{code_version()}:{digest}"

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
