from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("meine-daten/", views.my_data, name="my_data"),
    path("meine-daten/export.zip", views.my_data_download, name="my_data_download"),
    path("loeschen/", views.account_delete, name="account_delete"),
]
