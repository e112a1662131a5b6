"""“Mein Bereich” box: the resident's own ideas and concerns with their status."""

from .models import Idea


def section(request) -> dict:
    ideas = list(
        Idea.objects.visible_to(request.user)
        .filter(submitter=request.user)
        .only("title", "status", "kind", "created_at")
        .order_by("-created_at")[:10]
    )
    return {"template": "ideas/_myarea.html", "ideas": ideas}
