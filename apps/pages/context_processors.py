from django.utils.functional import SimpleLazyObject

from .models import Page, SiteSettings


def _menu_pages():
    pages = list(Page.objects.published().exclude(menu=Page.Menu.NONE).only("title", "slug", "menu", "order"))
    return {
        "about": [page for page in pages if page.menu == Page.Menu.ABOUT],
        "footer": [page for page in pages if page.menu == Page.Menu.FOOTER],
    }


def _site_settings():
    settings = SiteSettings.load()
    settings.logo_list = list(settings.logos.all())
    return settings


def site(request):
    """Site settings and menu pages for the base layout, loaded only when a template uses them."""
    return {"site_settings": SimpleLazyObject(_site_settings), "menu_pages": SimpleLazyObject(_menu_pages)}
