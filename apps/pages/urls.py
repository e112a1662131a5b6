from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("mein-bereich/", views.my_area, name="my_area"),
    path("seiten/<slug:slug>/", views.page_detail, name="page_detail"),
    path("leichte-sprache/", views.easy_read_index, name="easy_read_index"),
    path("leichte-sprache/<slug:slug>/", views.easy_read_page, name="easy_read_page"),
    path("aktuelles/", views.news_list, name="news_list"),
    path("aktuelles/feed/", views.news_feed, name="news_feed"),
    path("aktuelles/<slug:slug>/", views.news_detail, name="news_detail"),
]
