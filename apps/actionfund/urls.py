from django.urls import path

from . import views

app_name = "actionfund"

urlpatterns = [
    path("", views.index, name="index"),
    path("antrag/", views.apply, name="apply"),
    path("antrag/gesendet/", views.sent, name="sent"),
    path("antrag/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("antrag/status/<str:token>/", views.status, name="status"),
    path("antrag/status/<str:token>/nachweis/", views.proof, name="proof"),
    path("antraege/", views.my_applications, name="my_applications"),
    path("anhang/<int:pk>/", views.attachment, name="attachment"),
    path("beleg/<int:pk>/", views.receipt, name="receipt"),
    path("foto/<int:pk>/", views.photo, name="photo"),
    path("jury/", views.jury, name="jury"),
    path("jury/sitzung/<int:pk>/", views.jury_round, name="jury_round"),
    path("jury/antrag/<int:pk>/stimme/", views.jury_vote, name="jury_vote"),
    path("antrag/<int:pk>/statusbrief/", views.status_letter, name="status_letter"),
    path("jury/sitzung/<int:pk>/einladungsbriefe/", views.round_letters, name="round_letters"),
    path("jury/sitzung/<int:pk>/mitgliederliste/", views.round_member_list, name="round_member_list"),
]
