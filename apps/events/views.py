import calendar
import heapq
import itertools
from datetime import date, datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.compiled import compiled, run
from apps.core.http import form_rate_limited, personal_data
from apps.core.ical import ICalendar
from apps.core.links import absolute_url, path_of, site_host, site_url
from apps.network.models import Language
from apps.pages.models import SiteSettings

from . import listing, services
from .forms import EventFilterForm, EventSuggestionForm
from .models import CostKind, Event, Repeat, berlin, ical_rule

EVENTS_PER_PAGE = 20
PER_DAY = 4  # entries in one day's cell of the month view; the rest behind a link
FEED_PAST_DAYS = 14
FEED_MAX_ENTRIES = 100  # dates (own events and contributed entries) in the feed, the earliest first
FEED_MAX_BYTES = 95_000  # and never more than this: calendar apps poll it (issue #17: pages under 100 KB)
FEED_DESCRIPTION_CHARS = 400  # the event's page has the whole text
# The columns of the feed's rows (FeedEvent.from_rows), in this order.
FEED_FIELDS = ["pk", "title", "kind", "description", "organiser", "starts_at", "ends_at", "repeat", "repeat_until",
               "actor_id", "place_name", "place_address", "cost_kind", "cost_amount", "cost_text",
               "actor__name", "actor__street", "actor__postcode", "actor__city"]  # fmt: skip


def _filter_form(request) -> EventFilterForm:
    return EventFilterForm(request.GET or None, languages=_languages())


def _languages() -> list:
    """Every language (the filter's options, in their order), by SQL compiled once per process
    (apps/core/compiled.py): every calendar page and feed reads them, and building the query cost
    more than running it."""
    db = Language.objects.db
    statements = compiled("events:languages", lambda: {"languages": Language.objects.all()}, db)
    return statements["languages"].instances(db, run(db, statements)["languages"])


def _filter_query(form: EventFilterForm, **extra) -> str:
    """The query string of the valid filters (for links between the views), plus ``extra``."""
    values = {name: value for name, value in form.filters.items() if value}
    if values.get("free"):
        values["free"] = "on"
    values.update({key: value for key, value in extra.items() if value})
    return urlencode(values)


@login_not_required
def event_list(request):
    """The calendar as a list by day from a date (default today), filtered, 20 own dates a page;
    council meetings and other contributed entries fall on the page that covers their time. Public."""
    form = _filter_form(request)
    filters = form.filters
    start_day = form.start_day or timezone.localdate()
    start = services.day_start(start_day)
    by_id = services.by_language_id(filters, form.languages)
    try:  # the page asked for, most likely the one shown (else read again below)
        number = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        number = 1
    reads = listing.list_rows(by_id, start, number)
    paginator = Paginator(range(reads["count"][0][0]), EVENTS_PER_PAGE)  # counted above
    page_obj = paginator.get_page(request.GET.get("page"))
    if page_obj.number != number:
        reads = listing.list_rows(by_id, start, page_obj.number, count=False)
    # The page's dates and the first date of the next page: the page covers [its first date, the
    # next page's first date), and the entries other apps contribute in that time are shown on it.
    rows = reads["page"]
    range_end = rows[EVENTS_PER_PAGE][0] if len(rows) > EVENTS_PER_PAGE else None
    rows = rows[:EVENTS_PER_PAGE]
    range_start = start if page_obj.number == 1 or not rows else rows[0][0]
    entries = services.merged(
        listing.own_entries(rows, reads["languages"], form.languages, path_of("events:detail")),
        services.contributed(range_start, range_end, filters, languages=form.languages),
    )
    today = timezone.localdate()
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "filter_fields": listing.filter_fields_html(form, start_day=start_day, with_date=True),
            "page_obj": page_obj,
            "days": listing.days_html(entries, today),
            "start_day": start_day,
            "filtered": form.is_filtered,
            "filter_query": _filter_query(form),
            "month": start_day,
        },
    )


@login_not_required
def month_current(request):
    """The month view of the current month. Public."""
    today = timezone.localdate()
    return month_view(request, today.year, today.month)


@login_not_required
def month_view(request, year, month):
    """One month as a table (weeks as rows, Monday to Sunday as columns) with the entries of
    each day, filtered like the list. Works without JavaScript. Public."""
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404(_("There is no such month."))
    form = _filter_form(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = services.month_days(weeks[0][0], weeks[-1][-1], form.filters, languages=form.languages, per_day=PER_DAY)
    query = _filter_query(form)
    today = timezone.localdate()
    list_url = reverse("events:list")
    first = date(year, month, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/month.html",
        {
            "form": form,
            "filter_fields": listing.filter_fields_html(form),
            "weeks": listing.weeks_html(weeks, month, days, query=query, list_url=list_url, today=today),
            "weekdays": weeks[0],
            "month": first,
            "previous": previous,
            "following": following,
            "filtered": form.is_filtered,
            "filter_query": query,
            "count": sum(total for day, (_entries, total) in days.items() if day.month == month),
        },
    )


@login_not_required
def event_detail(request, pk):
    """One published event with its next dates. Public."""
    event = get_object_or_404(
        Event.objects.published()
        .select_related("actor")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("order", "name"))),
        pk=pk,
    )
    now = timezone.now()
    upcoming = list(event.occurrences.filter(Q(starts_at__gte=now) | Q(ends_at__gt=now)).order_by("starts_at")[:12])
    last = None if upcoming else event.occurrences.order_by("-starts_at").first()
    return render(
        request,
        "events/event_detail.html",
        {"event": event, "upcoming": upcoming, "last": last, "cost": services.cost_label(event)},
    )


def _calendar(name: str, *, max_bytes: int | None = None) -> ICalendar:
    return ICalendar(prodid="-//Kiezportal//Kiezkalender//DE", name=name, max_bytes=max_bytes)


class _EventTexts:
    """What every VEVENT of an event needs beside the event itself, looked up once per file."""

    def __init__(self):
        self.host = site_host()
        self.organiser = _("Organiser")
        self.cost = _("Cost")
        self.kinds = {value: str(label) for value, label in Event.Kind.choices}
        self.site = site_url()
        self.detail = path_of("events:detail")


class FeedEvent(NamedTuple):
    """What a VEVENT shows of an event: the feed reads it as plain rows (``FEED_FIELDS``), the
    file of one event from the model (``of``)."""

    pk: int
    title: str
    kind: str
    description: str
    organiser: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    cost: str
    rule: dict | None

    @classmethod
    def of(cls, event: Event) -> "FeedEvent":
        return cls(event.pk, event.title, event.kind, event.description, event.organiser, event.starts_at,
                   event.ends_at, event.place, services.cost_label(event), event.ical_rule())  # fmt: skip

    @classmethod
    def from_rows(cls, rows, free: str) -> list["FeedEvent"]:
        return [
            cls(pk, title, kind, description, organiser, starts_at, ends_at,
                services.place_text(actor_id, name, street, postcode, city, place_name, place_address),
                services.cost_text(cost_kind, cost_amount, cost_text, free), ical_rule(starts_at, repeat, until))
            for (pk, title, kind, description, organiser, starts_at, ends_at, repeat, until, actor_id, place_name,
                 place_address, cost_kind, cost_amount, cost_text, name, street, postcode, city) in rows
        ]  # fmt: skip


def _add_event(cal: ICalendar, event: FeedEvent, texts: _EventTexts) -> bool:
    """One VEVENT for an event; a repeating one carries its rule (RRULE)."""
    description = event.description
    if len(description) > FEED_DESCRIPTION_CHARS:
        description = description[: FEED_DESCRIPTION_CHARS - 1].rstrip() + "…"
    details = [description, f"{texts.organiser}: {event.organiser}", f"{texts.cost}: {event.cost}"]
    return cal.event(
        uid=f"event-{event.pk}@{texts.host}",
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        location=event.place,
        description="\n\n".join(part for part in details if part),
        categories=[texts.kinds.get(event.kind, event.kind)],
        url=f"{texts.site}{texts.detail(event.pk)}",
        rrule=event.rule,
    )


def _ics_response(cal: ICalendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_bytes(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
def feed(request):
    """iCalendar feed of the calendar: the first 100 dates from 14 days ago on (own events and
    contributed entries in the order of their start; a repeating event is one entry with its rule,
    placed by its first date), all or as filtered by the same query parameters as the list. At most
    95 KB, whatever the texts. Public."""
    form = _filter_form(request)
    filters = form.filters
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    events = FeedEvent.from_rows(
        services.filter_queryset(Event.objects.published(), services.by_language_id(filters, form.languages), prefix="")
        .filter(
            Q(repeat=Repeat.NONE, starts_at__gte=since)
            | (~Q(repeat=Repeat.NONE) & Q(repeat_until__gte=berlin(since).date()))
        )
        .order_by("starts_at", "pk")
        .values_list(*FEED_FIELDS)[:FEED_MAX_ENTRIES],
        free=str(CostKind.FREE.label),
    )
    # With a full list of own events, entries contributed after the last of them would be cut anyway.
    until = events[-1].starts_at + timedelta(seconds=1) if len(events) == FEED_MAX_ENTRIES else None
    others = services.contributed(since, until, filters, languages=form.languages, limit=FEED_MAX_ENTRIES)
    chosen = heapq.merge(
        ((event.starts_at, 0, event) for event in events),
        ((entry.starts_at, 1, entry) for entry in others),
        key=lambda item: item[:2],
    )
    site = SiteSettings.load()
    cal = _calendar(_("Neighbourhood calendar – %(area)s") % {"area": site.area_name}, max_bytes=FEED_MAX_BYTES)
    texts = _EventTexts()
    for _start, _order, item in itertools.islice(chosen, FEED_MAX_ENTRIES):
        if isinstance(item, FeedEvent):
            added = _add_event(cal, item, texts)
        else:
            added = cal.event(
                uid=item.uid or f"{item.kind}-{item.starts_at:%Y%m%dT%H%M}@{texts.host}",
                start=item.starts_at,
                end=item.ends_at,
                summary=item.title,
                location=item.place,
                categories=[texts.kinds.get(item.kind, item.kind)],  # item.kind_label, translated once
                url=item.absolute_url or absolute_url(item.url),
            )
        if not added:
            break
    return _ics_response(cal, "kiezkalender.ics")


@login_not_required
def event_ics(request, pk):
    """One published event as an iCalendar file, to add it to one's own calendar. Public."""
    event = get_object_or_404(Event.objects.published().select_related("actor"), pk=pk)
    cal = _calendar(event.title)
    _add_event(cal, FeedEvent.of(event), _EventTexts())
    return _ics_response(cal, f"veranstaltung-{event.pk}.ics")


@login_not_required
@require_http_methods(["GET", "POST"])
def suggest(request):
    """Suggest an event without an account; confirmed by e-mail, moderated by the QM team. Public."""
    form = EventSuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form_rate_limited(request, form, "event-suggestions"):
            status = 429
        else:
            services.suggestion_submit(form=form)
            messages.success(
                request,
                _("Thank you! We have sent you an e-mail: please confirm your suggestion with the link in it."),
            )
            return redirect("events:list")
    return render(request, "events/suggestion_form.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
@personal_data
def suggestion_confirm(request, token):
    """Confirm an event suggestion with the signed link from the e-mail (a button, so link
    scanners do not confirm). Public: whoever holds the link."""
    return services.SUGGESTIONS.confirmation_page(
        request, token, template="events/suggestion_confirm.html", done="events:list"
    )
