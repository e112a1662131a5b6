"""Home page box: open calls for proposals with their deadline (one query)."""

from .models import Call


def section(request) -> dict | None:
    calls = list(Call.objects.open().only("title", "slug", "deadline").order_by("deadline")[:3])
    return {"template": "funding/_home.html", "calls": calls}
