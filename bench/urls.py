"""The project's URLs plus the bench-only views; used only by bench.settings."""

from django.urls import path

from kiezportal.urls import handler403, handler404, handler500
from kiezportal.urls import urlpatterns as project_urlpatterns

from .views import baseline, retire

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("bench/retire/", retire, name="bench_retire"),
    *project_urlpatterns,
]
