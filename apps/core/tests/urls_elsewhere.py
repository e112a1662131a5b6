"""A second URLconf for apps/core/tests/test_links.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("anderswo/", lambda request: HttpResponse(), name="elsewhere")]
