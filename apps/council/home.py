"""The home page box: the next council meeting (one query)."""

from .models import Meeting


def section(request) -> dict | None:
    return {"template": "council/_home.html", "meeting": Meeting.objects.upcoming().first()}
