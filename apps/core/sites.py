"""Keep django.contrib.sites' row in step with SITE_URL and the area name: allauth and Django's
own helpers read it, and its default (example.com) must never reach a mail or a feed."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils.module_loading import import_string

from .links import site_host


def site_identity():
    """The area and office the portal speaks for (``settings.SITE_IDENTITY``, the site settings row)."""
    return import_string(settings.SITE_IDENTITY)()


def sync_site(sender=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver: the Site row gets SITE_URL's host as domain and the area name."""
    from django.contrib.sites.models import Site

    name = site_identity().area_name[:50]
    Site.objects.using(using).update_or_create(pk=settings.SITE_ID, defaults={"domain": site_host(), "name": name})
    Site.objects.clear_cache()
