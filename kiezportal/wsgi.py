"""WSGI entry point for gunicorn: ``gunicorn kiezportal.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiezportal.settings")
application = get_wsgi_application()

# New code may render pages differently: retire every page cached before this start (only here,
# not in AppConfig.ready, so that cron jobs such as prune_cache do not empty the page cache).
from apps.pages.pagecache import bump  # noqa: E402 - needs the app registry loaded above

bump()
