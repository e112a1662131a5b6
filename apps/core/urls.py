from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("datei/<str:token>/", views.private_file, name="private_file"),
]
