from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("neu/", views.idea_new, name="new"),
    path("bestaetigen/<str:token>/", views.idea_confirm, name="confirm"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/foto/", views.idea_photo, name="photo"),
    path("<int:pk>/brief/", views.idea_letter, name="letter"),
    path("<int:pk>/unterstuetzen/", views.idea_support, name="support"),
    path("<int:pk>/kommentieren/", views.idea_comment, name="comment"),
]
