"""Calendar plug-in (read by the neighbourhood calendar through ``apps.core.plugins.collect``): the
council's meetings that the public may attend, as plain entries, so the calendar app needs no
import of this one. Cancelled and non-public meetings are left out."""

from datetime import UTC, datetime

from django.db.models import Exists, Q, Subquery

from apps.core.links import path_of, site_host, site_url
from apps.pages.models import SiteSettings

from .models import CouncilSettings, Meeting, MeetingStatus, PublicMode

OPEN_TO_THE_PUBLIC = [PublicMode.PUBLIC, PublicMode.ON_REGISTRATION]


def public_meetings():
    """Meetings the public may attend: their own mode, or the council's default when they have none
    (read in the same query: the settings row says otherwise, or its default applies without one)."""
    default = CouncilSettings._meta.get_field("public_mode").default
    closed_default = CouncilSettings.objects.filter(pk=1).exclude(public_mode__in=OPEN_TO_THE_PUBLIC)
    condition = Q(public_mode__in=OPEN_TO_THE_PUBLIC)
    if default in OPEN_TO_THE_PUBLIC:
        condition |= Q(public_mode="") & ~Exists(closed_default)
    else:
        condition |= Q(public_mode="") & Exists(
            CouncilSettings.objects.filter(pk=1, public_mode__in=OPEN_TO_THE_PUBLIC)
        )
    return Meeting.objects.filter(condition).exclude(status=MeetingStatus.CANCELLED)


def _meetings_query(start, end, limit: int):
    meetings = public_meetings().filter(starts_at__gte=start)
    if end is not None:
        meetings = meetings.filter(starts_at__lt=end)
    # The council's name rides along on every row (no query of its own).
    council_name = Subquery(SiteSettings.objects.filter(pk=1).values("council_name")[:1])
    return (
        meetings.order_by("starts_at", "pk")
        .only("number", "starts_at", "ends_at", "place", "public_mode")
        .annotate(council_name=council_name)[:limit]
    )


# The query compiled to SQL once per process and shape (with or without an end, the limit):
# building it (an EXISTS and a subquery) cost more CPU than running it, on every calendar page.
_compiled: dict[tuple, tuple] = {}
_START = datetime(1900, 1, 1, 0, 0, 1, tzinfo=UTC)  # stand-ins for the times while compiling
_END = datetime(1900, 1, 1, 0, 0, 2, tzinfo=UTC)


def _meetings(start, end, limit: int) -> list:
    key = (end is None, limit)
    compiled = _compiled.get(key)
    if compiled is None:
        queryset = _meetings_query(_START, None if end is None else _END, limit)
        sql, params = queryset.query.sql_with_params()
        compiled = _compiled[key] = (queryset.db, sql, params)
    db, sql, params = compiled
    values = [start if param == _START else end if param == _END else param for param in params]
    return list(Meeting.objects.raw(sql, values).using(db))


def entries(start, end=None, *, limit: int = 100) -> list[dict]:
    """Public meetings that start in [start, end), earliest first, at most ``limit``."""
    host, base = site_host(), site_url()
    detail = path_of("council:meeting_detail")
    entries = []
    for meeting in _meetings(start, end, limit):
        name = meeting.council_name
        if name is None:  # no settings row yet: load() creates it
            name = SiteSettings.load().council_name
        url = detail(meeting.pk)
        entries.append(
            {
                "uid": f"council-meeting-{meeting.pk}@{host}",
                "title": f"{name}: {meeting}",
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "place": meeting.place,
                "url": url,
                "absolute_url": f"{base}{url}",
                "kind": "council",
                "organiser": name,
                "languages": ["de"],
                "step_free": "unknown",
                "is_free": True,
            }
        )
    return entries
