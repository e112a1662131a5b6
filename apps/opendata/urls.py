"""The OParl 1.1 API, mounted at /oparl/v1/ (namespace ``oparl``). Ids are these URLs, so the
layout must not change; ``oparl.PATHS`` mirrors it."""

from django.urls import path

from . import api
from .models import Kind
from .oparl import PATHS

app_name = "oparl"

urlpatterns = [
    path("", api.system, name="system"),
    path("bodies/", api.body_list, name="body_list"),
    path("body/", api.body, name="body"),
    path("organizations/", api.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", api.organization, name="organization"),
    path("files/protokoll-<int:pk>/", api.minutes_file, name="minutes_file"),
    path("locations/buero/", api.office_location, name="office_location"),
]
for kind in Kind:
    urlpatterns += [
        path(f"{PATHS[kind]}/", api.object_list(kind), name=f"{kind}_list"),
        path(f"{PATHS[kind]}/<int:pk>/", api.object_detail(kind), name=f"{kind}_detail"),
    ]
