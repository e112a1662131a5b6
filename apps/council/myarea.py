"""“Mein Bereich” box: a council member's next meetings."""

from django.utils import timezone

from apps.accounts.roles import Role

from .models import Meeting, Membership


def section(request) -> dict | None:
    user = request.user
    if not user.has_role(Role.COUNCIL):
        return None
    term_ids = Membership.objects.active().filter(user=user).values("term_id")
    meetings = list(Meeting.objects.upcoming(timezone.now()).filter(term_id__in=term_ids)[:3])
    return {"template": "council/_myarea.html", "meetings": meetings}
