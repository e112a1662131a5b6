"""Where the money went, mounted at /foerderung/mittel/ before the funding app's ``<slug>``
(``mittel`` is a reserved call slug in apps/funding/models.py)."""

from django.urls import path

from . import views

app_name = "money"

urlpatterns = [
    path("", views.money_overview, name="overview"),
    path("mittel.csv", views.money_csv, name="csv"),
    path("mittel.json", views.money_json, name="json"),
    path("datapackage.json", views.datapackage, name="datapackage"),
]
