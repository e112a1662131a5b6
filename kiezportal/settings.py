"""Kiezportal settings: one file, everything from the environment.

Safe defaults: DEBUG is off unless set, SECRET_KEY is required when DEBUG is off,
and the database is an embedded SQLite file under var/ unless DATABASE_URL is set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-do-not-use-in-production"  # noqa: S105

# The portal's public address (scheme and host): the base of every absolute link in mails, feeds,
# calendars and vCards (apps/core/links.py). Required when DEBUG is off (system check core.E001).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# The area and office mails and feeds speak for (the site settings row of apps/pages).
SITE_IDENTITY = "apps.pages.identity.site_identity"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so that translated fields get their admin widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Project apps. load_demo and bench_data run their demo/bench modules in this order, so an
    # app comes after the apps whose demo rows it links to (council seats and anchor places
    # link to directory actors, agenda items to funding applications, ideas to applications).
    "apps.core",
    "apps.pagecache",  # watches the SQL of every connection: the page cache and kept values
    "apps.accounts",
    "apps.pages",
    "apps.network",
    "apps.actionplan",
    "apps.funding",
    "apps.actionfund",
    "apps.council",
    "apps.ideas",
    "apps.events",  # reads network; council meetings come through the council's calendar plug-in
    "apps.newsletter",  # reads pages (news) and events
    "apps.notifications",  # reads the domain apps (announcements, office notices); none imports it
    "apps.opendata",  # reads council, funding, actionfund and actionplan; none of them imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Serves pages from the cache before the rest of the stack (apps/pagecache/cache.py).
    "apps.pagecache.cache.PageCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.http.PrivatePagesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kiezportal.urls"
WSGI_APPLICATION = "kiezportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.pages.context_processors.site",
            ],
            # {% url %} reverses a path without arguments once per process (apps/core/links.py).
            "builtins": ["apps.core.templatetags.fixed_url"],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL; an embedded SQLite file for a quick local start.
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kiezportal.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to one SQLite file: readers never wait for the writer
    # (WAL), and a writer takes its lock at the start of a transaction instead of failing midway.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # the login throttle, first: refuses before any password check
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:my_area"
SITE_ID = 1

# django-allauth: e-mail is the login; sign-up needs a verified address.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up with a registered address shows the same page as a new one and mails the owner instead;
# the adapter does the same hashing work on both paths (apps/accounts/adapter.py).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if SITE_URL.startswith("http:") else "https"
# Links in allauth's mails from SITE_URL, allauth's mails through the portal's mail path; the ``next``
# target survives sign-up and verification (confirming in the same browser logs the person in and
# continues there).
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One login throttle for /konto/login/ and /admin/login/: django-axes (below) replaces allauth's
# login limits, which covered only allauth's page and locked an address out from anywhere.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None}

# django-axes: LOGIN_FAILURE_LIMIT wrong passwords for one address from one client address pause
# logins of that address from that client address for LOGIN_LOCKOUT_MINUTES. Keyed on the pair, so
# a stranger elsewhere cannot lock a known account out, and people behind one proxy do not share a
# count. Counters in the database (axes' default handler), where page traffic cannot evict them;
# the client address from CLIENT_IP_HEADER (apps/core/http.py). No log of successful logins.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "apps.core.http.client_ip"
AXES_USERNAME_CALLABLE = "apps.accounts.throttle.login_name"
AXES_LOCKOUT_CALLABLE = "apps.accounts.throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True
# Not in the admin: lifting a lockout there would let staff undo the throttle on any account
# (superusers included). Lockouts expire by themselves; on the server: manage.py axes_reset_username.
AXES_ENABLE_ADMIN = False

# Internationalisation: German first, English second, then Turkish and Arabic (right to left:
# Django's LANGUAGES_BIDI default lists "ar"). The switch shows each name in its own language.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English")), ("tr", _("Turkish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The office's content (pages, news, slides, calls, action fund texts) can be translated in the
# admin with django-modeltranslation; what is not translated shows the German original.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# Content created in code (demo data, tests) while another language is active still gets its German text.
MODELTRANSLATION_AUTO_POPULATE = "default"
# British formats for English (28/11/2026, 18:30), dd.mm.yyyy for Turkish, 24-hour Arabic.
FORMAT_MODULE_PATH = ["kiezportal.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files (vendored, served by whitenoise) and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Non-public documents (confidential minutes, application attachments): never under a
# public URL, only served by views that check permissions.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# Files served at the site root by whitenoise (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "apps.core.staticfiles.StaticFilesStorage"},  # URLs kept per process
}
# Upload limits (apps/core/files.py). Every file field has its own size limit (at most 20 MB);
# all files of one request together at most UPLOAD_MAX_REQUEST_MB, which the reverse proxy
# mirrors as client_max_body_size (manage.py nginx_config). Pictures above UPLOAD_MAX_PIXELS are refused before decoding.
UPLOAD_MAX_REQUEST_MB = env_int("UPLOAD_MAX_REQUEST_MB", 100)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)
# Sign-language videos (uploaded by staff in the admin): at most this many MB per file; keep it
# below UPLOAD_MAX_REQUEST_MB (a video and its captions are sent together).
UPLOAD_VIDEO_MAX_MB = env_int("UPLOAD_VIDEO_MAX_MB", 80)
FILE_UPLOAD_HANDLERS = [
    "apps.core.files.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger files go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # the form fields besides the files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 40  # a proof of use: up to 20 receipts and 6 photos

# Widget templates come from the project's template folders first (templates/admin/widgets/
# overrides Django's split date/time widget with labelled boxes); the common widgets are written in
# Python with the same output (apps/core/forms.py, FormRenderer).
FORM_RENDERER = "apps.core.forms.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# A mail server that accepts the connection and then never answers costs the worker at most this.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kiezportal@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The durable queue (django-tasks with its database backend, see apps/core/mail.py): mails and
# scheduled jobs are rows in the portal's own database, worked off by `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Pauses in seconds before the 2nd, 3rd, ... attempt to send a mail (about 16 hours in all);
# after the last one the mail is "failed" and waits in the admin for "send again".
MAIL_RETRY_DELAYS = [
    int(value) for value in env_list("MAIL_RETRY_DELAYS", "30,60,120,300,600,1200,1800,3600,7200,14400,28800")
]
# Sent mails (with their confirmation links) are deleted after this many days.
MAIL_KEEP_DAYS = env_int("MAIL_KEEP_DAYS", 30)

# Security: on by default when DEBUG is off; each can be overridden for a given deployment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (django-permissions-policy): every browser feature the portal does not use is
# off for the portal and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope", "hid",
        "identity-credentials-get", "idle-detection", "interest-cohort", "local-fonts", "magnetometer",
        "microphone", "midi", "otp-credentials", "payment", "picture-in-picture", "publickey-credentials-create",
        "publickey-credentials-get", "screen-wake-lock", "serial", "storage-access", "usb", "web-share",
        "window-management", "xr-spatial-tracking",
    )
}  # fmt: skip
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy: scripts only from this host, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Caches. "default": whole pages (apps/pagecache/cache.py), sessions (cached_db), list totals.
# "ratelimit": rate-limit and login-throttle counters, apart from the pages so that page traffic
# can neither cull nor clear them. With REDIS_URL both live in Redis, shared by every gunicorn
# worker and every application host (the counters in the next Redis database number, or in
# RATELIMIT_REDIS_URL); without it, file caches under CACHE_DIR shared by the workers of one host.
# PAGE_CACHE_SECONDS=0 turns the page cache off (the default with DEBUG, so that edited templates
# show at once).
CACHE_DIR = Path(os.environ.get("CACHE_DIR", VAR_DIR / "cache"))
REDIS_URL = os.environ.get("REDIS_URL", "")


def next_redis_database(url: str) -> str:
    """The same Redis server, the database number after the one in ``url`` (default 0)."""
    scheme, _, rest = url.partition("://")
    address, slash, database = rest.partition("/")
    number = int(database.split("?")[0] or 0) if slash else 0
    return f"{scheme}://{address}/{number + 1}"


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "apps.pagecache.redis.RedisCache",  # one client per pool (see there)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kp",
            "TIMEOUT": 300,
        },
        "ratelimit": {
            "BACKEND": "apps.pagecache.redis.RedisCache",  # one client per pool (see there)
            "LOCATION": os.environ.get("RATELIMIT_REDIS_URL") or next_redis_database(REDIS_URL),
            "KEY_PREFIX": "kp-ratelimit",
            "TIMEOUT": 3600,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "entries",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "ratelimit",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Retention (apps/accounts: "Konto löschen" and the daily personal_data_purge job): decided funding
# and action fund applications are records of the programme, kept this many years after the
# decision (anonymised when the person deletes the account), then deleted.
FUNDING_RETENTION_YEARS = env_int("FUNDING_RETENTION_YEARS", 10)

# Ideas and concerns: confirmation period of submissions without an account (see apps/ideas).
IDEAS_CONFIRMATION_DAYS = env_int("IDEAS_CONFIRMATION_DAYS", 7)
# Notifications (apps/notifications): how long the signed settings link in a mail is valid; after
# how many days without an answer a forwarded concern reminds the QM team (and, if set, the office).
NOTIFICATIONS_LINK_DAYS = env_int("NOTIFICATIONS_LINK_DAYS", 90)
FORWARD_REMINDER_DAYS = env_int("FORWARD_REMINDER_DAYS", 14)
FORWARD_REMINDER_TO_OFFICE = env_bool("FORWARD_REMINDER_TO_OFFICE", False)

# Signed links (apps/core/signing.py): days each kind of link stays valid; None = no expiry.
# What was not confirmed within its link's days is deleted by the apps' purge jobs.
SIGNED_LINK_MAX_AGE = {
    "ideas.confirm": IDEAS_CONFIRMATION_DAYS,  # confirm an idea sent without an account
    "network.suggestion.confirm": 7,  # confirm a directory suggestion
    "events.suggestion.confirm": 7,  # confirm an event suggestion for the calendar
    "newsletter.confirm": 7,  # confirm a newsletter subscription (double opt-in)
    "newsletter.unsubscribe": None,  # the unsubscribe link in every newsletter works as long as it is sent
    "actionfund.application.confirm": 14,  # confirm an action fund application (longer form, bigger loss)
    # The applicant's status page (and proof of use, files) without an account: needed until the
    # proof of use months after the action, so it does not expire; it shows only that application.
    "actionfund.application.status": None,
    # A funding application the office entered for a provider without an account: its status page,
    # needed until the final proof of use years later; it shows only that application.
    "funding.application.status": None,
    "notifications.settings": NOTIFICATIONS_LINK_DAYS,  # change one's notification settings from a mail
    "core.private_file": 1,  # the admin's link to a private file (staff only; permissions checked again)
}

# The client address (apps/core/http.py): behind a reverse proxy, the request header the proxy
# sets, as Django names it (e.g. HTTP_X_REAL_IP); empty: REMOTE_ADDR. Used by the login throttle
# and the rate limit. IDEAS_CLIENT_IP_HEADER is its former name and still read.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER") or os.environ.get("IDEAS_CLIENT_IP_HEADER", "")
IDEAS_CLIENT_IP_HEADER = CLIENT_IP_HEADER
# The rate limit of every form that takes submissions without an account: at most this many
# submissions of one form in this many minutes, per account, or per client address for anonymous
# visitors (formerly IDEAS_RATE_LIMIT_COUNT / _MINUTES, still read). Counted in the "ratelimit"
# cache (see CACHES), which page traffic cannot evict.
RATE_LIMIT_COUNT = env_int("RATE_LIMIT_COUNT", env_int("IDEAS_RATE_LIMIT_COUNT", 5))
RATE_LIMIT_MINUTES = env_int("RATE_LIMIT_MINUTES", env_int("IDEAS_RATE_LIMIT_MINUTES", 60))
