"""The area and office a mail or a feed speaks for (apps/core reads this through
``settings.SITE_IDENTITY``, so that core needs no import of this app)."""

from .models import SiteSettings


def site_identity() -> SiteSettings:
    """The site settings row (area, office, address, e-mail), or an unsaved row of defaults
    before anyone has saved one. Read-only use: never save the result."""
    return SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)
