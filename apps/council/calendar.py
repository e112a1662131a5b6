"""Calendar plug-in (read by the neighbourhood calendar through ``apps.core.plugins.collect``): the
council's meetings that the public may attend, as plain entries, so the calendar app needs no
import of this one. Cancelled and non-public meetings are left out."""

from django.db.models import Q

from apps.core.links import absolute_url, path_of, site_host
from apps.pages.models import SiteSettings

from .models import CouncilSettings, Meeting, MeetingStatus, PublicMode

OPEN_TO_THE_PUBLIC = [PublicMode.PUBLIC, PublicMode.ON_REGISTRATION]


def public_meetings():
    """Meetings the public may attend: their own mode, or the council's default when they have none."""
    condition = Q(public_mode__in=OPEN_TO_THE_PUBLIC)
    if CouncilSettings.load().public_mode in OPEN_TO_THE_PUBLIC:
        condition |= Q(public_mode="")
    return Meeting.objects.filter(condition).exclude(status=MeetingStatus.CANCELLED)


def entries(start, end=None, *, limit: int = 100) -> list[dict]:
    """Public meetings that start in [start, end), earliest first, at most ``limit``."""
    meetings = public_meetings().filter(starts_at__gte=start)
    if end is not None:
        meetings = meetings.filter(starts_at__lt=end)
    meetings = meetings.order_by("starts_at", "pk").only("number", "starts_at", "ends_at", "place", "public_mode")
    site = SiteSettings.load()
    host = site_host()
    detail = path_of("council:meeting_detail")
    entries = []
    for meeting in meetings[:limit]:
        url = detail(meeting.pk)
        entries.append(
            {
                "uid": f"council-meeting-{meeting.pk}@{host}",
                "title": f"{site.council_name}: {meeting}",
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "place": meeting.place,
                "url": url,
                "absolute_url": absolute_url(url),
                "kind": "council",
                "organiser": site.council_name,
                "languages": ["de"],
                "step_free": "unknown",
                "is_free": True,
            }
        )
    return entries
