from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from apps.pages import views as page_views

urlpatterns = [
    path("admin/private/", include("apps.core.urls")),  # staff downloads of private files
    path("admin/", admin.site.urls),
    path("konto/benachrichtigungen/", include("apps.notifications.urls")),
    path("konto/", include("apps.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", page_views.healthz, name="healthz"),
    path("aktionsplan/", include("apps.actionplan.urls")),
    path("quartiersrat/", include("apps.council.urls")),
    path("netzwerk/", include("apps.network.urls")),
    path("ideen/", include("apps.ideas.urls")),
    path("kalender/", include("apps.events.urls")),
    path("newsletter/", include("apps.newsletter.urls")),
    path("oparl/v1/", include("apps.opendata.urls")),
    path("foerderung/mittel/", include("apps.opendata.money_urls")),  # before the funding app's <slug>
    path("", include("apps.funding.urls")),
    path("aktionsfonds/", include("apps.actionfund.urls")),
    path("", include("apps.pages.urls")),
]

if settings.SERVE_MEDIA:
    # Public uploads (slides, news and idea photos). In production the reverse proxy serves /media/.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$", login_not_required(serve), {"document_root": settings.MEDIA_ROOT}, name="media"
        )
    ]

handler403 = "apps.pages.errors.permission_denied"
handler404 = "apps.pages.errors.page_not_found"
handler500 = "apps.pages.errors.server_error"
