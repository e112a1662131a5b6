from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("mein-bereich/", views.my_area, name="my_area"),
    path("seiten/<slug:slug>/", views.page_detail, name="page_detail"),
    path("aktuelles/", views.news_list, name="news_list"),
    path("aktuelles/feed/", views.news_feed, name="news_feed"),
    path("aktuelles/<slug:slug>/", views.news_detail, name="news_detail"),
]
