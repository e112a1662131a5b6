from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("", views.index, name="index"),
    path("sitzungen/", views.meeting_list, name="meeting_list"),
    path("beschluesse/", views.decision_list, name="decision_list"),
    path("sitzungen.ics", views.meeting_ics, name="meeting_ics"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "sitzungen/<int:pk>/protokoll-<str:version>.pdf",
        views.minutes_download,
        name="minutes_download",
    ),
    path("sitzungen/<int:pk>/einladungsbriefe/", views.meeting_letters, name="meeting_letters"),
    path("sitzungen/<int:pk>/mitgliederliste/", views.meeting_member_list, name="meeting_member_list"),
    path("meine-sitzungen/", views.my_meetings, name="my_meetings"),
    path("dokumente/<int:pk>/", views.document_download, name="document_download"),
    path("mitglieder/<int:pk>/foto/", views.member_photo, name="member_photo"),
]
