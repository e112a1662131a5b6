"""Home page box: open calls for proposals with their deadline (one query, compiled once per
process and language: apps/core/compiled.py, a stand-in for the moment)."""

from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from apps.core import compiled

from .models import Call

NOW = datetime(1900, 1, 1, tzinfo=UTC)


def section(request) -> dict | None:
    statements = compiled.compiled(
        "funding:home",
        lambda: {"calls": Call.objects.open(now=NOW).only("title", "slug", "deadline").order_by("deadline")[:3]},
    )
    adapt = connection.ops.adapt_datetimefield_value  # the moment as the compiler wrote it
    rows = compiled.run("default", statements, values={adapt(NOW): adapt(timezone.now())})
    return {"template": "funding/_home.html", "calls": statements["calls"].instances("default", rows["calls"])}
