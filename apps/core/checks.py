"""System checks of the shared services' settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PLACEHOLDER_HOSTS = {"example.com", "www.example.com"}  # the sites framework's default


@register(Tags.compatibility)
def check_site_url(app_configs=None, **kwargs):
    """SITE_URL is the base of every absolute link; production refuses a missing or placeholder one."""
    value = getattr(settings, "SITE_URL", "") or ""
    parts = urlsplit(value)
    if not value:
        if settings.DEBUG:
            return []
        return [
            Error(
                "SITE_URL is not set.",
                hint="Set SITE_URL to the portal's public address, e.g. https://kiez.example.org.",
                id="core.E001",
            )
        ]
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        return [
            Error(
                f"SITE_URL {value!r} is not a plain http(s) address.",
                hint="Only scheme and host (and port), e.g. https://kiez.example.org, without a path.",
                id="core.E002",
            )
        ]
    if not settings.DEBUG and parts.hostname in PLACEHOLDER_HOSTS:
        return [
            Error(
                f"SITE_URL {value!r} is a placeholder; mails would link to it.",
                hint="Set SITE_URL to the portal's public address.",
                id="core.E003",
            )
        ]
    if not settings.DEBUG and parts.scheme != "https":
        return [Warning(f"SITE_URL {value!r} is not https.", id="core.W001")]
    return []


@register(Tags.compatibility)
def check_upload_limits(app_configs=None, **kwargs):
    """A video must fit into one request (the reverse proxy refuses larger bodies)."""
    video, request = settings.UPLOAD_VIDEO_MAX_MB, settings.UPLOAD_MAX_REQUEST_MB
    if video >= request:
        return [
            Warning(
                f"UPLOAD_VIDEO_MAX_MB ({video}) is not below UPLOAD_MAX_REQUEST_MB ({request}).",
                hint="Raise UPLOAD_MAX_REQUEST_MB (and render the nginx configuration again) or lower the video limit.",
                id="core.W002",
            )
        ]
    return []
