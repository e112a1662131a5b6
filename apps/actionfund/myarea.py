"""“Mein Bereich” box: a juror's open rounds with their progress, an applicant's own applications."""

from apps.accounts.roles import Role

from . import jury_queries
from .models import Application


def section(request) -> dict | None:
    user = request.user
    rounds = []
    if user.has_role(Role.JUROR):
        rounds = jury_queries.open_rounds(user)
    applications = list(
        Application.objects.filter(user=user)
        .only("title", "status", "created_at", "ends_on")
        .order_by("-created_at")[:10]
    )
    is_juror = user.has_role(Role.JUROR)
    if not is_juror and not applications:
        return None
    return {"template": "actionfund/_myarea.html", "rounds": rounds, "applications": applications, "is_juror": is_juror}
