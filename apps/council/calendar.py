"""Calendar plug-in (read by the neighbourhood calendar through ``apps.core.plugins.collect``): the
council's meetings that the public may attend, as plain entries, so the calendar app needs no
import of this one. Cancelled and non-public meetings are left out."""

from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, Q, Subquery
from django.utils.translation import gettext

from apps.core.compiled import compiled, run
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
        .annotate(council_name=council_name)
        .values_list("pk", "number", "starts_at", "ends_at", "place", "council_name")[:limit]
    )


# The query compiled to SQL once per process and shape (with or without an end, the limit):
# building it (an EXISTS and a subquery) cost more CPU than running it, on every calendar page.
_START = datetime(1900, 1, 1, 0, 0, 1, tzinfo=UTC)  # stand-ins for the times while compiling
_END = datetime(1900, 1, 1, 0, 0, 2, tzinfo=UTC)


def _meetings(start, end, limit: int) -> list[tuple]:
    """(pk, number, starts_at, ends_at, place, council name) rows."""
    statements = compiled(
        f"council:calendar:{end is None}:{limit}",
        lambda: {"meetings": _meetings_query(_START, None if end is None else _END, limit)},
    )
    # A time is a parameter as the database takes it (SQLite: a string in UTC), the stand-ins' too:
    # compared as datetimes, SQLite's were never replaced and the calendar showed no meeting there.
    adapt = connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value
    values = {adapt(_START): adapt(start), adapt(_END): adapt(end) if end is not None else None}
    return run(DEFAULT_DB_ALIAS, statements, values=values)["meetings"]


def entries(start, end=None, *, limit: int = 100) -> list[dict]:
    """Public meetings that start in [start, end), earliest first, at most ``limit``."""
    host, base = site_host(), site_url()
    detail = path_of("council:meeting_detail")
    entries = []
    label = gettext("%(number)s. meeting")  # str(meeting), translated once
    for pk, number, starts_at, ends_at, place, name in _meetings(start, end, limit):
        if name is None:  # no settings row yet: load() creates it
            name = SiteSettings.load().council_name
        url = detail(pk)
        entries.append(
            {
                "uid": f"council-meeting-{pk}@{host}",
                "title": f"{name}: {label % {'number': number}}",
                "starts_at": starts_at,
                "ends_at": ends_at,
                "place": place,
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
