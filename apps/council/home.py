"""The home page box: the next council meeting (one query, compiled once per process:
apps/core/compiled.py, a stand-in for the moment)."""

from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from apps.core import compiled

from .models import Meeting

NOW = datetime(1900, 1, 1, tzinfo=UTC)


def section(request) -> dict | None:
    statements = compiled.compiled("council:home", lambda: {"next": Meeting.objects.upcoming(now=NOW)[:1]})
    adapt = connection.ops.adapt_datetimefield_value  # the moment as the compiler wrote it
    rows = compiled.run("default", statements, values={adapt(NOW): adapt(timezone.now())})
    found = statements["next"].instances("default", rows["next"])
    return {"template": "council/_home.html", "meeting": found[0] if found else None}
