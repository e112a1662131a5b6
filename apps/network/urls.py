from django.urls import path

from . import views

app_name = "network"

# The fixed paths come first; their first segments are reserved actor slugs (models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.actor_list, name="list"),
    path("netzwerke/", views.network_list, name="network_list"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network_detail"),
    path("vorschlagen/", views.suggest_entry, name="suggest_entry"),
    path("vorschlagen/bestaetigen/<str:token>/", views.suggestion_confirm, name="suggestion_confirm"),
    path("<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("<slug:slug>/vcard/", views.actor_vcard, name="actor_vcard"),
    path("<slug:slug>/korrektur/", views.suggest_correction, name="suggest_correction"),
]
