from django.urls import path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("", views.index, name="index"),
    path("archiv/", views.archive, name="archive"),
    path("archiv/<int:pk>/", views.concept_detail, name="concept_detail"),
    path("<slug:slug>/", views.field_detail, name="field_detail"),
]
