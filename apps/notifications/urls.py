from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("link/<str:token>/", views.link_page, name="link"),
    path("link/<str:token>/abmelden/", views.one_click, name="one_click"),
]
