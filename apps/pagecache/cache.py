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
- A logged-in visitor's copies are their own (the key holds the session, the copy the user it
  was made for), so a page with personal data is never shown to anybody else. A hit needs
  neither the user row nor a query: the session data (read from the session cache in the same
  round trip as the copy) must still name that user, and the copy was rendered for that session
  with the user row as it is now (the user table is one of the page's tables: a changed password
  or a deactivation retires it). A logged-out or expired session gets nothing.
- Anonymous visitors *with* a session, requests with pending messages, and responses that are
  not cacheable (``Cache-Control: no-store/no-cache``, ``private`` unless the copy is the
  session's own, ``Vary`` on other headers, status other than 200, streaming, cookies other than
  the CSRF cookie, a GET that wrote) are passed through.
- CSRF tokens: a stored page keeps a placeholder where the form tokens were; each hit gets this
  visitor's own token (the secret from their CSRF cookie, else a new one, masked as Django
  does) and the CSRF cookie, so forms keep working and tokens are never shared.

The middleware sits right after SessionMiddleware and stores a page as the rest of the stack
left it, security headers included (CSP, X-Frame-Options, Content-Language, Vary, the private
marking); the middleware before it (security, permissions policy, sessions) handle hits as any
response, so a hit carries the same headers as the render it repeats.

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
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers

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


def _new_token() -> int:
    """A new generation: a random number (Redis keeps an int as it is, so reading one needs no
    unpickling)."""
    return secrets.randbits(63)


def _key(table: str) -> str:
    return GENERATION_PREFIX + table


def generations(tables) -> dict[str, int]:
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
            token = _new_token()
            if not cache.add(_key(table), token, None):
                token = cache.get(_key(table)) or token
        result[table] = token
    return result


def is_current(stored: dict[str, int]) -> bool:
    """Whether no table in ``stored`` (table -> generation) was written since."""
    return _check(stored)[0]


def _check(stored: dict[str, int]) -> tuple[bool, dict[str, int]]:
    """``is_current(stored)`` and the current generations it read (table -> generation), which a
    value computed next can use as read before its statements (no second round trip)."""
    if not stored:
        return True, {}
    _seen().update(stored)
    found = cache.get_many([_key(table) for table in stored])
    current = {table: found[_key(table)] for table in stored if _key(table) in found}
    return all(current.get(table) == token for table, token in stored.items()), current


def _remember_tables(path: str, tables) -> None:
    if len(_recent_tables) >= RECENT_TABLES_MAX:
        _recent_tables.clear()
    _recent_tables[path] = tuple(tables)


def _fetch(key: str, path: str, extra: tuple[str, ...] = ()) -> tuple[dict | None, dict[str, int], dict]:
    """The page stored under ``key`` if it is current, else the generations of the tables that
    ``path`` read when this process last rendered or served it; and the values of the ``extra``
    keys (a session): all in one round trip.

    A stored page lists its tables with their generations; those this process did not know of
    are read in a second round trip (the first hit of a page in a process)."""
    tables = _recent_tables.get(path, ())
    found = cache.get_many([key, *extra, *(_key(table) for table in tables)])
    entry = found.pop(key, None)
    extras = {name: found.pop(name, None) for name in extra}
    if entry is not None:
        stored = entry["tables"]
        unknown = [table for table in stored if table not in tables]
        if unknown:
            found.update(cache.get_many([_key(table) for table in unknown]))
            _remember_tables(path, stored)
        if all(found.get(_key(table)) == token for table, token in stored.items()):
            return entry, {}, extras
    known = {table: found[_key(table)] for table in tables if _key(table) in found}
    _seen().update(known)
    missing = [table for table in tables if table not in known]
    if missing:
        known.update(generations(missing))
    return None, known, extras


def bump(tables) -> None:
    """Start a new generation of these tables: every copy made from them is outdated."""
    tables = set(tables)
    if not tables:
        return
    _seen().difference_update(tables)
    token = _new_token()
    try:
        cache.set_many({_key(table): token for table in tables}, None)
    except Exception:
        # A write must not fail because of the cache; pages go on expiring after PAGE_CACHE_SECONDS.
        logger.exception("page cache: could not store new generations")


# --- what a request reads and writes ----------------------------------------------------------


class _Scope:
    """The tables read (with their generations before the read) while a page or a value is computed."""

    __slots__ = ("read", "wrote")

    def __init__(self, known: dict[str, int] | None = None):
        self.read: dict[str, int] = dict(known or {})
        self.wrote = False


def _scopes() -> list[_Scope]:
    scopes = getattr(_local, "scopes", None)
    if scopes is None:
        scopes = _local.scopes = []
    return scopes


def _track(fn, known: dict[str, int] | None = None):
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


def _depend_on(stored: dict[str, int]) -> None:
    """A kept value was used: the page being rendered depends on its tables."""
    scopes = getattr(_local, "scopes", None)
    if scopes:
        _keep_oldest(scopes[-1].read, stored)


def _keep_oldest(read: dict[str, int], more: dict[str, int]) -> None:
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


def _reading(tables) -> None:
    """The page or value being computed reads these tables: record their generations."""
    scopes = _local.scopes
    scope = scopes[-1]
    new = {table for table in tables if table not in scope.read and not table.startswith(IGNORED_TABLE_PREFIXES)}
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


def depends_on(*tables: str) -> None:
    """What is being computed shows data of these tables without reading them: a summary that
    database triggers keep up to date from them (the page cache sees no trigger's writes). A write
    to any of them retires it as if it had read them."""
    if getattr(_local, "scopes", None):
        _reading(tables)


def _watch(execute, sql, params, many, context):
    if not isinstance(sql, str):
        return execute(sql, params, many, context)
    if getattr(_local, "scopes", None) and sql.lstrip()[:4].upper() in ("SELE", "WITH"):
        _reading(READ_RE.findall(sql))
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


# --- CSRF tokens of hits ---------------------------------------------------------------------

_CSRF_CHARS = CSRF_ALLOWED_CHARS.encode()
_CSRF_BASE = len(CSRF_ALLOWED_CHARS)  # 62
# Random bytes from this value up are dropped, so that the rest map evenly (248 = 4 x 62).
_CSRF_BYTE_LIMIT = 256 - 256 % _CSRF_BASE
_CSRF_DROPPED = bytes(range(_CSRF_BYTE_LIMIT, 256))
# bytes.translate tables: a random byte to a character's index (its value mod 62); an index, or
# the sum of two (below 124), to its character (mod 62); a character to its index.
_CSRF_BYTE_TO_INDEX = bytes(value % _CSRF_BASE for value in range(256))
_CSRF_INDEX_TO_CHAR = bytes(_CSRF_CHARS[value % _CSRF_BASE] for value in range(256))
_CSRF_CHAR_TO_INDEX = bytes(_CSRF_CHARS.find(bytes([value])) % 256 for value in range(256))


def _random_csrf_indexes() -> bytes:
    """CSRF_SECRET_LENGTH character indexes, each uniform over 0..61, from the operating system's
    random source (``secrets``), as Django's get_random_string() draws its CSRF secrets and masks.
    Django asks the system once a character (about 35 µs a string, two per token); this asks once
    for all of them and keeps the bytes that map without bias (bytes.translate, in C)."""
    drawn = b""
    while len(drawn) < CSRF_SECRET_LENGTH:
        drawn += secrets.token_bytes(CSRF_SECRET_LENGTH + 8).translate(_CSRF_BYTE_TO_INDEX, _CSRF_DROPPED)
    return drawn[:CSRF_SECRET_LENGTH]


def _random_csrf_string() -> str:
    """A string as Django draws its CSRF secrets and masks (see ``_random_csrf_indexes``)."""
    return _random_csrf_indexes().translate(_CSRF_INDEX_TO_CHAR).decode()


def _csrf_token(request) -> str:
    """What Django's get_token() returns and records, for a hit: this visitor's secret (read from
    the CSRF cookie by CsrfViewMiddleware.process_request, which keeps only a well-formed one, else
    a new one), the cookie flagged to be sent, and the secret masked with a new random mask
    (Django's token format, checked by Django's CsrfViewMiddleware when the form is posted).

    Django's masking adds the index of each mask character to that of the secret's, modulo 62;
    here all 32 additions happen at once on two integers of one byte per character (no sum
    reaches the next byte: at most 61 + 61), and a translation table does the modulo."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_indexes()
    summed = int.from_bytes(secret.encode().translate(_CSRF_CHAR_TO_INDEX)) + int.from_bytes(mask)
    cipher = summed.to_bytes(CSRF_SECRET_LENGTH).translate(_CSRF_INDEX_TO_CHAR)
    return (mask.translate(_CSRF_INDEX_TO_CHAR) + cipher).decode()


def _session_cache_key(session) -> str | None:
    """The key under which a cached_db (or cache) session keeps its data in the page cache's
    cache, so that a hit reads it in the same round trip; None for another session engine."""
    if settings.SESSION_CACHE_ALIAS != "default" or not hasattr(session, "cache_key"):
        return None
    return session.cache_key


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

    Sits right after Django's SessionMiddleware (and the security, permissions-policy and static
    file middleware, which add their headers to hits as to any response): a hit skips the locale,
    CSRF, authentication, messages, clickjacking, CSP and private-page middleware, the view and
    the loading of the user. What those middleware add to a response is part of the stored copy
    (headers included), because a copy is stored as it leaves them; what depends on the visitor
    is redone on each hit: the CSRF token and cookie (with Django's own CsrfViewMiddleware steps)
    and the session's ``Vary: Cookie``. A hit exists only for a response that the same session
    (or, for shared copies, any anonymous visitor without a session) already received with status
    200, and none of the tables it was rendered from has been written since.

    One round trip (``get_many``) brings the copy, the generations of its tables (once this
    process knows which tables the page reads) and, for a visitor with a session, the session
    data from the session cache (``cached_db``): the session must still exist and name the user
    the copy was made for, with no messages waiting.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's CSRF middleware, for its request and response steps on a hit (the visitor's
        # secret from the cookie, the cookie sent again with Vary: Cookie).
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if request.method != "GET" or not page_cache_enabled():
            return self.get_response(request)
        if CookieStorage.cookie_name in request.COOKIES:
            return self.get_response(request)  # messages waiting to be shown
        session_key, session_cache_key = None, None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session_key = request.session.session_key  # None for a malformed cookie
            if not session_key:
                return self.get_response(request)
            session_cache_key = _session_cache_key(request.session)
        language = self._language(request)
        key = self._key(request, f"session:{session_key}" if session_key else "anon", language)
        path = request.path
        extra = (session_cache_key,) if session_cache_key else ()
        try:
            entry, known, extras = _fetch(key, path, extra)
        except Exception:
            logger.exception("page cache: could not read a page")
            return self.get_response(request)
        if entry is not None and (
            not session_key or self._session_user(request, extras.get(session_cache_key)) == entry["user"]
        ):
            return self._from_entry(request, entry)
        response, scope = _track(lambda: self.get_response(request), known)
        _remember_tables(path, scope.read)
        if scope.wrote or getattr(request, "LANGUAGE_CODE", language) != language:
            return response
        user = None
        if session_key:
            # Only a session that names a user, still under the key it came with, with no messages.
            user = self._session_user(request, None)
            if user is None or request.session.session_key != session_key:
                return response
        entry = self._to_entry(request, response, private_ok=bool(user))
        if entry is not None:
            entry["tables"] = scope.read
            entry["user"] = user
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("page cache: could not store a page")
        return response

    @staticmethod
    def _session_user(request, data: dict | None) -> str | None:
        """The user the visitor's session names, or None if it names none or messages are waiting
        in it. ``data``: the session as read from the session cache, or None to ask the session
        (which loads it from the database if the cache lost it)."""
        if data is None:
            session = request.session
            data = {name: session.get(name) for name in (SESSION_KEY, SessionStorage.session_key)}
        if data.get(SessionStorage.session_key):
            return None
        user = data.get(SESSION_KEY)
        return str(user) if user else None

    @staticmethod
    def _language(request) -> str:
        """The language LocaleMiddleware will activate for this request (its own steps)."""
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
        language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
        if (
            i18n_patterns_used
            and not prefixed_default_language
            and not translation.get_language_from_path(request.path_info)
        ):
            language = settings.LANGUAGE_CODE
        return language

    @staticmethod
    def _key(request, identity: str, language: str) -> str:
        parts = [
            identity,
            request.scheme,
            request.get_host(),
            language,
            request.META.get("HTTP_HX_REQUEST", ""),
            request.get_full_path(),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"page:{code_version()}:{digest}"

    @staticmethod
    def _to_entry(request, response, private_ok: bool = False) -> dict | None:
        """The storable form of a response as the middleware after this one left it, or None if
        it must not be cached. ``private_ok``: the copy is only ever served to this session, so
        ``Cache-Control: private`` (every page of a logged-in visitor) does not stop it."""
        if response.status_code != 200 or response.streaming:
            return None
        if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return None
        control = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
        if control & (UNCACHEABLE_CONTROL - {"private"} if private_ok else UNCACHEABLE_CONTROL):
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
        # The page asked for a CSRF token (get_token), so CsrfViewMiddleware sent the cookie.
        uses_csrf = settings.CSRF_COOKIE_NAME in response.cookies
        if uses_csrf:
            content, found = CSRF_INPUT_RE.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
            if not found:
                return None  # a token somewhere else than in a form field: cannot personalise it
        headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
        return {
            "content": content,
            "headers": headers,
            "csrf": uses_csrf,
            # SessionMiddleware adds "Vary: Cookie" to a response when the session was read.
            "session": bool(getattr(session, "accessed", False)),
        }

    def _from_entry(self, request, entry: dict) -> HttpResponse:
        content = entry["content"]
        if entry["csrf"]:
            self.csrf.process_request(request)  # this visitor's secret, from the CSRF cookie
            content = content.replace(CSRF_PLACEHOLDER, _csrf_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(content))
        response.headers["X-Page-Cache"] = "hit"
        if entry["csrf"]:
            self.csrf.process_response(request, response)  # the cookie, as after a render
        if entry.get("session"):
            patch_vary_headers(response, ("Cookie",))
        return response
