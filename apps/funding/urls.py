"""Funding URLs under two prefixes: /foerderung/ (calls, applying) and /projekte/ (funded projects).

The fixed segments ("antraege", "quartiersrat", "traeger-werden"; "mittel" is mounted in kiezportal/urls.py)
come before ``<slug>``; the slug validator and a
database constraint refuse them as call slugs, so a call can never hide those pages.
"""

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("foerderung/", views.call_list, name="call_list"),
    path("foerderung/traeger-werden/", views.provider_register, name="provider_register"),
    path("foerderung/antraege/", views.application_list, name="application_list"),
    path("foerderung/antraege/<int:pk>/", views.application_detail, name="application_detail"),
    path("foerderung/antraege/<int:pk>/bearbeiten/", views.application_edit, name="application_edit"),
    path("foerderung/antraege/<int:pk>/einreichen/", views.application_submit, name="application_submit"),
    path("foerderung/antraege/<int:pk>/nachbessern/", views.application_answer, name="application_answer"),
    path("foerderung/antraege/<int:pk>/zurueckziehen/", views.application_withdraw, name="application_withdraw"),
    path("foerderung/antraege/<int:pk>/dokumente/", views.attachment_create, name="attachment_create"),
    path("foerderung/antraege/<int:pk>/mittelabruf/", views.payment_request_create, name="payment_request_create"),
    path("foerderung/antraege/<int:pk>/verwendungsnachweis/", views.proof_create, name="proof_create"),
    path("foerderung/antraege/<int:pk>/statusbrief/", views.status_letter, name="status_letter"),
    path("foerderung/antraege/status/<str:token>/", views.status, name="status"),
    path("foerderung/antraege/bescheide/<int:pk>/", views.grant_notice_download, name="grant_notice_download"),
    path("foerderung/antraege/nachweise/<int:pk>/<str:part>/", views.proof_download, name="proof_download"),
    path("foerderung/antraege/dokumente/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("foerderung/antraege/dokumente/<int:pk>/entfernen/", views.attachment_delete, name="attachment_delete"),
    path("foerderung/quartiersrat/", views.council_list, name="council_list"),
    path("foerderung/quartiersrat/<int:pk>/", views.council_detail, name="council_detail"),
    path("foerderung/<slug:slug>/", views.call_detail, name="call_detail"),
    path("foerderung/<slug:slug>/antrag/", views.application_create, name="application_create"),
    path("projekte/", views.project_list, name="project_list"),
    path("projekte/<int:pk>/", views.project_detail, name="project_detail"),
]
