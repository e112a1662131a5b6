"""Absolute links: every link the portal writes into a mail, a feed, a calendar or a vCard
starts with ``settings.SITE_URL`` (e.g. ``https://kiez.example.org``), never with the host of
whatever request happened to cause it and never with the sites framework's example.com."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


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
