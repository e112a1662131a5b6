"""Absolute links: every link the portal writes into a mail, a feed, a calendar or a vCard
starts with ``settings.SITE_URL`` (e.g. ``https://kiez.example.org``), never with the host of
whatever request happened to cause it and never with the sites framework's example.com."""

import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def site_url() -> str:
    """The portal's public address without a trailing slash, e.g. ``https://kiez.example.org``."""
    return settings.SITE_URL.rstrip("/")


def site_host() -> str:
    """The host (and port) part of SITE_URL, e.g. ``kiez.example.org`` (for the Site row, iCal UIDs)."""
    return urlsplit(site_url()).netloc


def absolute_url(target) -> str:
    """An absolute link under SITE_URL for a path (``"/ideen/"``), an object with
    ``get_absolute_url()`` or an already absolute URL (returned unchanged)."""
    path = target.get_absolute_url() if hasattr(target, "get_absolute_url") else str(target)
    if urlsplit(path).scheme:
        return path
    return f"{site_url()}/{path.lstrip('/')}"


def reverse_absolute(viewname: str, *args, **kwargs) -> str:
    """``reverse()`` as an absolute link under SITE_URL: ``reverse_absolute("ideas:confirm", token=t)``."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


def rebase(url: str) -> str:
    """Move an absolute URL built from some request's host onto SITE_URL (path, query and fragment
    kept); used for links third-party code builds itself (allauth)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return absolute_url(path or "/")


# --- paths without arguments, reversed once per process ----------------------------------------

_fixed_paths: dict[tuple, str] = {}
_fixed_paths_lock = threading.Lock()
FIXED_PATHS_MAX = 1000


def fixed_reverse(viewname: str, current_app: str | None = None) -> str:
    """``reverse(viewname)`` for a URL without arguments, kept in this process: the layout and the
    list pages reverse the same two dozen names on every page, about 30 µs each. The key holds
    everything ``reverse()`` reads (URLconf, script prefix, language, current app); a failed
    reversal raises ``NoReverseMatch`` and is not kept."""
    key = (viewname, current_app, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    path = _fixed_paths.get(key)
    if path is None:
        path = reverse(viewname, current_app=current_app)
        with _fixed_paths_lock:
            if len(_fixed_paths) >= FIXED_PATHS_MAX:
                _fixed_paths.clear()
            _fixed_paths[key] = path
    return path


@receiver(setting_changed)
def _forget_fixed_paths(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        with _fixed_paths_lock:
            _fixed_paths.clear()


def path_of(viewname: str, kwarg: str = "pk"):
    """``reverse(viewname, kwargs={kwarg: value})`` for many integer values at the cost of one
    ``reverse()``: a function ``value -> path``. For feeds and lists that link every row (a
    ``reverse()`` costs about 40 µs; a feed of a hundred events called it twice per event)."""
    marker = 9876543210
    head, found, tail = reverse(viewname, kwargs={kwarg: marker}).partition(str(marker))
    if not found or str(marker) in tail:
        raise ValueError(f"{viewname}: the {kwarg} does not appear once in its path")
    return lambda value: f"{head}{int(value)}{tail}"
