from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("mein-bereich/", views.my_area, name="my_area"),
    # Before the content pages: the statement keeps the address its content page had.
    path("seiten/barrierefreiheit/", views.accessibility_statement, name="accessibility_statement"),
    path("seiten/<slug:slug>/", views.page_detail, name="page_detail"),
    path("barriere-melden/", views.accessibility_feedback, name="accessibility_feedback"),
    path("barriere-melden/danke/", views.accessibility_feedback_done, name="accessibility_feedback_done"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
    path("leichte-sprache/", views.easy_read_index, name="easy_read_index"),
    path("leichte-sprache/<slug:slug>/", views.easy_read_page, name="easy_read_page"),
    path("aktuelles/", views.news_list, name="news_list"),
    path("aktuelles/feed/", views.news_feed, name="news_feed"),
    path("aktuelles/<slug:slug>/", views.news_detail, name="news_detail"),
]
