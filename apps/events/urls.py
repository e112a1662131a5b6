from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("monat/", views.month_current, name="month_current"),
    path("monat/<int:year>/<int:month>/", views.month_view, name="month"),
    path("feed.ics", views.feed, name="feed"),
    path("vorschlagen/", views.suggest, name="suggest"),
    path("vorschlagen/bestaetigen/<str:token>/", views.suggestion_confirm, name="suggestion_confirm"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/termin.ics", views.event_ics, name="event_ics"),
]
