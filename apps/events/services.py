"""The calendar's entries (own events and what other apps contribute) and the suggestion workflow.

Other apps contribute entries through a ``calendar`` plug-in module (``apps/<app>/calendar.py``
with ``entries(start, end=None, *, limit)`` returning plain dicts, see apps/council/calendar.py),
collected by ``apps.core.plugins.collect``: this app imports none of them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from apps.core import plugins
from apps.core.compiled import compiled, run
from apps.core.links import path_of, reverse_absolute
from apps.core.mail import queue_mail
from apps.core.money import euro
from apps.core.suggestions import Suggestions
from apps.network.models import StepFree
from apps.pages.models import SiteSettings

from .models import CostKind, Event, EventKind, EventSuggestion, Occurrence, berlin

CONFIRM_PURPOSE = "events.suggestion.confirm"  # settings.SIGNED_LINK_MAX_AGE
PLUGIN_LIMIT = 200  # contributed entries per request at most
KIND_LABELS = dict(EventKind.choices)  # lazy labels: shown in the current language
STEP_FREE_LABELS = dict(StepFree.choices)


@dataclass
class Entry:
    """One date in the calendar, whether of an own event or contributed by another app."""

    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    url: str
    kind: str
    organiser: str = ""
    languages: list = field(default_factory=list)  # labels
    step_free: str = StepFree.UNKNOWN
    cost: str = ""
    is_free: bool = True
    event: Event | None = None
    uid: str = ""
    absolute_url: str = ""

    @property
    def day(self):
        return berlin(self.starts_at).date()

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def step_free_label(self) -> str:
        return STEP_FREE_LABELS[self.step_free]


def cost_label(event) -> str:
    return cost_text(event.cost_kind, event.cost_amount, event.cost_text)


def cost_text(kind: str, amount, text: str, free: str | None = None) -> str:
    """``cost_label`` of an event's three cost columns; ``free``: the label of free events, for
    lists that translate it once."""
    if kind == CostKind.FREE:
        return str(CostKind.FREE.label) if free is None else free
    if kind == CostKind.AMOUNT:
        return euro(amount)
    return text


def place_text(actor_id, name, street, postcode, city, place_name: str, place_address: str) -> str:
    """``Event.place`` of the event's columns and its directory entry's (``actor_id`` and the
    entry's name, street, postcode and city, None without one)."""
    if actor_id is not None:
        address = ", ".join(part for part in [street, f"{postcode} {city}".strip()] if part)
        return ", ".join(part for part in [name, address] if part)
    return ", ".join(part for part in [place_name, place_address] if part)


def _languages_of(event) -> list:
    """``language_list`` where the list view set it, else the event's languages."""
    languages = getattr(event, "language_list", None)
    return event.languages.all() if languages is None else languages


def occurrence_entry(occurrence: Occurrence, detail=None) -> Entry:
    """``detail``: ``path_of("events:detail")`` for a list of entries (one ``reverse()`` for all)."""
    event = occurrence.event
    return Entry(
        title=event.title,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        place=event.place,
        url=detail(event.pk) if detail else event.get_absolute_url(),
        kind=event.kind,
        organiser=event.organiser,
        languages=[language.label for language in _languages_of(event)],
        step_free=event.step_free,
        cost=cost_label(event),
        is_free=event.is_free,
        event=event,
    )


def _plugin_matches(entry: dict, filters: dict) -> bool:
    if filters.get("kind") and entry["kind"] != filters["kind"]:
        return False
    if filters.get("language") and filters["language"] not in entry.get("languages", []):
        return False
    if filters.get("free") and not entry.get("is_free"):
        return False
    level = filters.get("step_free")
    if level == StepFree.YES and entry.get("step_free") != StepFree.YES:
        return False
    return not (level == StepFree.PARTLY and entry.get("step_free") not in (StepFree.YES, StepFree.PARTLY))


def contributed(
    start: datetime, end: datetime | None, filters: dict, *, languages, limit: int = PLUGIN_LIMIT
) -> list[Entry]:
    """The entries other apps contribute for [start, end), narrowed by the filters (at most
    ``limit`` from each app); ``languages``: every ``Language`` (the filter form has them), for
    the names of the entries' language codes."""
    items = [
        item
        for batch in plugins.collect("calendar", "entries", start, end, limit=limit)
        for item in batch
        if _plugin_matches(item, filters)
    ]
    names = {language.code: language.label for language in languages} if items else {}
    free = str(CostKind.FREE.label) if items else ""
    return [
        Entry(
            title=item["title"],
            starts_at=item["starts_at"],
            ends_at=item.get("ends_at"),
            place=item.get("place", ""),
            url=item["url"],
            kind=item["kind"],
            organiser=item.get("organiser", ""),
            languages=[names.get(code, code) for code in item.get("languages", [])],
            step_free=item.get("step_free", StepFree.UNKNOWN),
            cost=free if item.get("is_free") else "",
            is_free=item.get("is_free", False),
            uid=item.get("uid", ""),
            absolute_url=item.get("absolute_url", ""),
        )
        for item in items
    ]


def filter_queryset(queryset, filters: dict, *, prefix: str = "event__"):
    """Narrow occurrences (``prefix="event__"``) or events (``prefix=""``) by the calendar's filters."""
    if filters.get("kind"):
        queryset = queryset.filter(**{f"{prefix}kind": filters["kind"]})
    language = filters.get("language")
    if isinstance(language, int):  # by its id (by_language_id): a join of the event-language pairs alone
        queryset = queryset.filter(**{f"{prefix}languages": language})
    elif language:
        # A language code is unique, so this join adds no duplicate rows.
        queryset = queryset.filter(**{f"{prefix}languages__code": language})
    if filters.get("free"):
        queryset = queryset.filter(**{f"{prefix}cost_kind": CostKind.FREE})
    level = filters.get("step_free")
    if level == StepFree.YES:
        queryset = queryset.filter(**{f"{prefix}step_free": StepFree.YES})
    elif level == StepFree.PARTLY:
        queryset = queryset.filter(**{f"{prefix}step_free__in": [StepFree.YES, StepFree.PARTLY]})
    return queryset


def by_language_id(filters: dict, languages) -> dict:
    """``filters`` with the language's code replaced by its id (``languages``: every language, as
    the filter form has them). PostgreSQL knows how many events each language id has (German: all
    of them), but not each code's, and planned the filtered feed by a guess: read every German
    event, then sort (2.3 ms at scale 10); by id it walks the events in order and stops at 100."""
    code = filters.get("language")
    ids = {language.code: language.pk for language in languages} if code else {}
    return {**filters, "language": ids[code]} if code in ids else filters


def merged(entries: list[Entry], extra: list[Entry]) -> list[Entry]:
    return sorted([*entries, *extra], key=lambda entry: (entry.starts_at, entry.title))


def day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


class DayEntry(NamedTuple):
    """An entry as a day's cell of the month view shows it."""

    starts_at: datetime
    title: str
    url: str


def _month_query(start, end, filters: dict, per_day: int):
    day = TruncDate("starts_at", tzinfo=timezone.get_default_timezone())
    order = [F("starts_at").asc(), F("event__title").asc(), F("pk").asc()]
    return (
        filter_queryset(Occurrence.objects.published().filter(starts_at__gte=start, starts_at__lt=end), filters)
        .annotate(
            day=day,
            rank=Window(RowNumber(), partition_by=[day], order_by=order),
            total=Window(Count("pk"), partition_by=[day]),
        )
        .filter(rank__lte=per_day)
        .order_by(*order)
        .values_list("day", "starts_at", "event_id", "event__title", "total")
    )


# The month's query compiled to SQL once per process and shape (which filters, the step-free
# level, the time zone): with its window functions in a subquery it cost more CPU to build than
# to run. Stand-ins take the place of the values that change while it is compiled.
_STAND_INS = {
    "start": datetime(1900, 1, 1, 0, 0, 1, tzinfo=UTC),
    "end": datetime(1900, 1, 1, 0, 0, 2, tzinfo=UTC),
    "kind": "\x00kind",
    "language": -987_654_321,  # an id (by_language_id)
}


def _month_rows(start, end, filters: dict, per_day: int) -> list[tuple]:
    active = {name: value for name, value in filters.items() if value}
    group = f"events:month:{sorted(active)}:{active.get('step_free')}:{per_day}:{settings.TIME_ZONE}"

    def build():
        stand_in = {name: _STAND_INS.get(name, value) for name, value in active.items()}
        return {"month": _month_query(_STAND_INS["start"], _STAND_INS["end"], stand_in, per_day)}

    statements = compiled(group, build)
    # A time is a parameter as the database takes it (SQLite: a string in UTC), the stand-ins' too;
    # the rows come through Django's converters (SQLite returns the day as text).
    adapt = connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value
    values = {adapt(_STAND_INS["start"]): adapt(start), adapt(_STAND_INS["end"]): adapt(end)}
    for name in ("kind", "language"):
        if name in active:
            values[_STAND_INS[name]] = active[name]
    return run(DEFAULT_DB_ALIAS, statements, values=values)["month"]


def month_days(first_day, last_day, filters: dict, *, languages, per_day: int) -> dict:
    """The days of [first_day, last_day] that have entries: ``{day: (its first per_day entries by
    start and title, how many it has)}``. The database ranks each day's own dates and counts them
    (window functions), so one query reads at most ``per_day`` rows a day however full the month."""
    start, end = day_start(first_day), day_start(last_day + timedelta(days=1))
    rows = _month_rows(start, end, by_language_id(filters, languages), per_day)
    detail = path_of("events:detail")
    entries, totals = defaultdict(list), defaultdict(int)
    for on, starts_at, event_id, title, total in rows:
        entries[on].append(DayEntry(starts_at, title, detail(event_id)))
        totals[on] = total
    for entry in contributed(start, end, filters, languages=languages):
        entries[entry.day].append(DayEntry(entry.starts_at, entry.title, entry.url))
        totals[entry.day] += 1
    return {
        on: (sorted(items, key=lambda entry: (entry.starts_at, entry.title))[:per_day], totals[on])
        for on, items in entries.items()
    }


# --- Suggestions (the one moderation path of apps/core/suggestions.py) ---------------------


def suggestion_apply(suggestion: EventSuggestion) -> Event:
    """On approval: the event is created and published."""
    event = Event(
        title=suggestion.title,
        kind=suggestion.kind,
        description=suggestion.description,
        organiser=suggestion.organiser,
        starts_at=suggestion.starts_at(),
        ends_at=suggestion.ends_at(),
        place_name=suggestion.place_name,
        place_address=suggestion.place_address,
        step_free=suggestion.step_free,
        cost_kind=suggestion.cost_kind,
        cost_amount=suggestion.cost_amount if suggestion.cost_kind == CostKind.AMOUNT else None,
        cost_text=suggestion.cost_text,
        is_published=True,
    )
    event.full_clean()
    event.save()
    event.languages.set(suggestion.languages.all())
    suggestion.event = event
    suggestion.save(update_fields=["event"])
    return event


def suggestion_tell_office(suggestion: EventSuggestion) -> None:
    """A confirmed suggestion awaits moderation: the QM office is told by mail."""
    site = SiteSettings.load()
    if site.email:
        queue_mail(
            to=site.email,
            template="events/email/new_suggestion",
            context={
                "suggestion": suggestion,
                "link": reverse_absolute("admin:events_eventsuggestion_change", suggestion.pk),
            },
            reply_to=suggestion.suggester_email,
            language=settings.LANGUAGE_CODE,
        )


SUGGESTIONS = Suggestions(
    model=EventSuggestion,
    purpose=CONFIRM_PURPOSE,
    confirm_url="events:suggestion_confirm",
    confirm_template="events/email/confirm",
    apply=suggestion_apply,
    confirmed=suggestion_tell_office,
)
suggestion_token = SUGGESTIONS.token
suggestion_from_token = SUGGESTIONS.from_token
suggestion_confirm = SUGGESTIONS.confirm
suggestion_approve = SUGGESTIONS.approve  # returns the event
suggestion_reject = SUGGESTIONS.reject
unconfirmed_purge = SUGGESTIONS.purge


@transaction.atomic
def suggestion_submit(*, form) -> EventSuggestion:
    """Save a visitor's event suggestion (unconfirmed) and mail the confirmation link."""
    suggestion = form.save()
    SUGGESTIONS.mail_confirmation(suggestion)
    return suggestion
