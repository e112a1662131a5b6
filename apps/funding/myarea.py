"""“Mein Bereich” box: a provider's applications and what is asked of them; for council members,
the applications presented to the council."""

from apps.accounts.roles import Role

from .models import Application


def section(request) -> dict | None:
    user = request.user
    applications = list(
        Application.objects.owned_by(user).only("title", "status", "created_at").order_by("-created_at")[:10]
    )
    is_provider = user.has_role(Role.PROVIDER)
    is_council = user.has_role(Role.COUNCIL)
    if not applications and not is_provider and not is_council:
        return None
    return {
        "template": "funding/_myarea.html",
        "applications": applications,
        "is_provider": is_provider,
        "is_council": is_council,
    }
