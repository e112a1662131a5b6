"""The calendar list's dates: read as plain rows and written as HTML in Python.

A page of the list shows twenty dates and the council meetings between them, each with some
fifteen template variables (two times in two formats each, labels, place, languages, cost): about
half the page's CPU as Django templates, most of it the engine's work per node. Here the rows come
as plain values (no model instances), the labels are translated once per page and each day is
written with the markup, escaping and message ids that ``event_list.html`` had.
"""

import html
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Value
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from apps.core.compiled import compiled, run

from .models import CostKind, Event, Occurrence
from .services import KIND_LABELS, STEP_FREE_LABELS, Entry, cost_text, filter_queryset, place_text

# The columns of a list row (``values_list``), in this order.
ROW_FIELDS = ("starts_at", "ends_at", "event_id", "event__title", "event__kind", "event__organiser",
              "event__actor_id", "event__place_name", "event__place_address", "event__step_free",
              "event__cost_kind", "event__cost_amount", "event__cost_text", "event__actor__name",
              "event__actor__street", "event__actor__postcode", "event__actor__city")  # fmt: skip


def _languages(pairs, languages) -> dict:
    """Each event's language labels in the languages' order, from the (event id, language id)
    pairs (the filter form has read every language already)."""
    position = {language.pk: index for index, language in enumerate(languages)}
    labels = {language.pk: language.label for language in languages}
    by_event = defaultdict(list)
    for event_id, language_id in pairs:
        by_event[event_id].append(language_id)
    return {
        event_id: [labels[pk] for pk in sorted(ids, key=position.__getitem__)] for event_id, ids in by_event.items()
    }


def own_entries(rows, pairs, languages, detail) -> list[Entry]:
    """Entries of the calendar's own dates from ``ROW_FIELDS`` rows and their events' (event id,
    language id) pairs (what ``occurrence_entry`` makes of an occurrence); ``detail``:
    ``path_of("events:detail")``."""
    labels = _languages(pairs, languages)
    free = str(CostKind.FREE.label)
    entries = []
    for (starts_at, ends_at, event_id, title, kind, organiser, actor_id, place_name, place_address, step_free,
         cost_kind, cost_amount, described, actor_name, street, postcode, city) in rows:  # fmt: skip
        place = place_text(actor_id, actor_name, street, postcode, city, place_name, place_address)
        cost = cost_text(cost_kind, cost_amount, described, free)
        entries.append(
            Entry(
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place,
                url=detail(event_id),
                kind=kind,
                organiser=organiser,
                languages=labels.get(event_id, []),
                step_free=step_free,
                cost=cost,
                is_free=cost_kind == CostKind.FREE,
            )
        )
    return entries


def _esc(value) -> str:
    """``conditional_escape`` without building a SafeString for every value (the result is joined
    into one SafeString)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _local(value, tz) -> tuple[str, str]:
    """``value|machine_datetime`` and ``value|time:"H:i"`` (``tz``: the current time zone)."""
    local = value.astimezone(tz) if timezone.is_aware(value) else value
    return local.replace(microsecond=0).isoformat(), f"{local:%H:%M}"


def days_html(entries: list[Entry], today: date) -> SafeString:
    """The list's days (``entries`` sorted by start), as the template's loop over the days wrote them."""
    days = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    if not days:
        return mark_safe("")
    esc, tz = _esc, timezone.get_current_timezone()
    long_date = LongDates()
    organiser_label, step_free_label = esc(gettext("Organiser")), esc(gettext("Step-free access"))
    languages_label, cost_label = esc(gettext("Languages")), esc(gettext("Cost"))
    today_label = esc(gettext("today"))  # not inside an f-string: xgettext does not look there
    kinds, steps = {}, {}  # labels translated once per page
    out = []
    for day, day_entries in sorted(days.items()):
        iso = day.isoformat()
        today_note = f" ({today_label})" if day == today else ""
        out.append(
            f'\n    <section aria-labelledby="day-{iso}" class="calendar-day">\n'
            f'      <h3 id="day-{iso}" class="h5 mt-4"><time datetime="{iso}">'
            f"{esc(long_date(day))}</time>{today_note}</h3>\n"
            '      <ul class="list-unstyled">\n        '
        )
        for entry in day_entries:
            kind = kinds.get(entry.kind)
            if kind is None:
                kind = kinds[entry.kind] = esc(KIND_LABELS.get(entry.kind, entry.kind))
            step = steps.get(entry.step_free)
            if step is None:
                step = steps[entry.step_free] = esc(STEP_FREE_LABELS[entry.step_free])
            machine, hour = _local(entry.starts_at, tz)
            times = f'<time datetime="{machine}">{hour}</time>'
            if entry.ends_at:
                machine, hour = _local(entry.ends_at, tz)
                times += f'–<time datetime="{machine}">{hour}</time>'
            place = f"· {esc(entry.place)}" if entry.place else ""
            organiser = f"{organiser_label}: {esc(entry.organiser)} · " if entry.organiser else ""
            languages = (
                f"· {languages_label}: {', '.join(esc(label) for label in entry.languages)}" if entry.languages else ""
            )
            cost = f"· {cost_label}: {esc(entry.cost)}" if entry.cost else ""
            out.append(
                '\n        <li class="calendar-entry mb-3">\n'
                f'          <h4 class="h6 mb-1"><a href="{esc(entry.url)}">{esc(entry.title)}</a></h4>\n'
                '          <p class="mb-1">\n'
                f"            {times}\n"
                f'            · <span class="status-badge">{kind}</span>\n'
                f"            {place}\n"
                "          </p>\n"
                '          <p class="mb-0 small">\n'
                f"            {organiser}\n"
                f"            {step_free_label}: {step}\n"
                f"            {languages}\n"
                f"            {cost}\n"
                "          </p>\n"
                "        </li>\n        "
            )
        out.append("\n      </ul>\n    </section>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


class LongDates:
    """``day|date:"l, j. F Y"`` for many days: the weekday and month names translated once each."""

    def __init__(self):
        self.weekdays, self.months = {}, {}

    def __call__(self, day: date) -> str:
        weekday = self.weekdays.get(day.weekday())
        if weekday is None:
            weekday = self.weekdays[day.weekday()] = str(WEEKDAYS[day.weekday()])
        month = self.months.get(day.month)
        if month is None:
            month = self.months[day.month] = str(MONTHS[day.month])
        return f"{weekday}, {day.day}. {month} {day.year:04d}"


def weeks_html(weeks, month: int, days: dict, *, query: str, list_url: str, today: date) -> SafeString:
    """The month table's rows (``weeks``: ``monthdatescalendar``; ``days``: ``services.month_days``),
    as ``month.html`` wrote them from the cells the view made: 42 cells, up to four links each."""
    esc, tz = _esc, timezone.get_current_timezone()
    long_date = LongDates()
    out = []
    for week in weeks:
        out.append("\n      <tr>\n        ")
        for day in week:
            day_entries, total = days.get(day, ((), 0))
            classes = ([] if day.month == month else ["calendar-month__other"]) + (
                ["calendar-month__today"] if day == today else []
            )
            iso = day.isoformat()
            href = esc(f"{list_url}?{query}&von={iso}" if query else f"{list_url}?von={iso}")
            current = ' aria-current="date"' if day == today else ""
            out.append(
                f'\n          <td class="{esc(" ".join(classes))}">\n'
                f'            <a class="calendar-month__day" href="{href}"{current}><time datetime="{iso}">'
                f'<span class="visually-hidden">{esc(long_date(day))}</span>'
                f'<span aria-hidden="true">{day.day}</span></time></a>\n            '
            )
            if day_entries:
                out.append('\n              <ul class="list-unstyled mb-0">\n                ')
                for entry in day_entries:
                    text = f"{entry.starts_at.astimezone(tz):%H:%M} {entry.title}"
                    out.append(
                        f'\n                  <li><a href="{esc(entry.url)}">{esc(text)}</a></li>\n                '
                    )
                out.append("\n              </ul>\n              ")
                more = total - len(day_entries)
                if more:
                    words = ngettext("and %(counter)s more", "and %(counter)s more", more) % {"counter": more}
                    out.append(f'<a class="small" href="{href}">{words}</a>')
                out.append("\n            ")
            out.append("\n          </td>\n        ")
        out.append("\n      </tr>\n    ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def filter_fields_html(form, *, start_day=None, with_date: bool = False) -> SafeString:
    """The filter form's fields as ``_filters.html`` wrote them (a select per choice field with
    its options, the checkbox, the date only where ``with_date``): some thirty options and their
    comparisons were a template node each."""
    esc = _esc
    out = []
    for field in form:
        name = field.name
        if name == "von" and not with_date:
            continue
        ident, label = esc(field.id_for_label), esc(field.label)
        out.append('\n      <div class="col-sm-6 col-lg">\n        ')
        if name == "free":
            checked = " checked" if field.value() else ""
            out.append(
                '\n          <div class="form-check">\n'
                f'            <input type="checkbox" name="free" id="{ident}" class="form-check-input"{checked}>\n'
                f'            <label for="{ident}" class="form-check-label">{label}</label>\n'
                "          </div>\n        "
            )
        elif name == "von":
            day = start_day.isoformat() if start_day else ""
            out.append(
                f'\n          <label for="{ident}" class="form-label">{label}</label>\n'
                f'          <input type="date" name="von" id="{ident}" class="form-control" value="{day}">\n        '
            )
        else:
            current = field.value()
            out.append(
                f'\n          <label for="{ident}" class="form-label">{label}</label>\n'
                f'          <select name="{esc(field.html_name)}" id="{ident}" class="form-select">\n            '
            )
            for value, text in field.field.choices:
                selected = " selected" if current == value else ""
                out.append(f'\n              <option value="{esc(value)}"{selected}>{esc(text)}</option>\n            ')
            out.append("\n          </select>\n        ")
        out.append("\n      </div>\n    ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


# --- The list's reads: compiled once per process and shape, sent in one round trip ------------

PER_PAGE = 20
_START = datetime(1900, 1, 1, 0, 0, 1, tzinfo=UTC)  # stand-ins while compiling (no row has them)
_KIND = "\x00kind"
_LANGUAGE = -987_654_321  # a language id (services.by_language_id)
_OFFSET = 987_654  # OFFSET is written into the SQL: replaced in its text


def _list_querysets(filters: dict) -> dict:
    stand_ins = {"kind": _KIND, "language": _LANGUAGE}
    shaped = {name: stand_ins.get(name, value) for name, value in filters.items() if value}
    occurrences = filter_queryset(Occurrence.objects.published().between(_START), shaped).order_by("starts_at", "pk")
    if shaped:
        counted = occurrences
    else:
        # Unfiltered, the dates are counted without joining the events: those of the few unpublished
        # ones left out (a partial index), not every event's flag read (scale 10: 1.3 -> 0.5 ms).
        counted = Occurrence.objects.between(_START).exclude(
            event_id__in=Event.objects.filter(is_published=False).values("pk")
        )
    # The page's dates and the first date of the next page; the page's event-language pairs.
    page = occurrences.values_list(*ROW_FIELDS)[_OFFSET : _OFFSET + PER_PAGE + 1]
    events = occurrences.values("event_id")[_OFFSET : _OFFSET + PER_PAGE]
    return {
        "count": counted.order_by().values(one=Value(1)).annotate(n=Count("pk")).values_list("n"),
        "page": page,
        "languages": Event.languages.through.objects.filter(event_id__in=events).values_list("event_id", "language_id"),
    }


def list_rows(filters: dict, start, page_number: int, *, count: bool = True) -> dict:
    """The list's reads for one page (``filters`` with the language's id, ``by_language_id``):
    ``count`` (the dates from ``start`` on), ``page`` (``ROW_FIELDS`` rows of the page and the
    next page's first) and ``languages`` (the page's event-language pairs). Building and compiling
    these three querysets cost more CPU than running them; here that is done once per process and
    shape of the filters, and the three go to the database together."""
    active = tuple(sorted(name for name, value in filters.items() if value))
    group = f"events:list:{active}:{filters.get('step_free') or ''}"
    statements = compiled(group, lambda: _list_querysets(filters))
    offset = f"OFFSET {_OFFSET}"
    bottom = f"OFFSET {(page_number - 1) * PER_PAGE}"
    names = ["count", "page", "languages"] if count else ["page", "languages"]
    chosen = {
        name: replace(statements[name], sql=statements[name].sql.replace(offset, bottom))
        if offset in statements[name].sql
        else statements[name]
        for name in names
    }
    # A time is a parameter as the database takes it (SQLite: a string in UTC), the stand-in's too.
    adapt = connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value
    values = {adapt(_START): adapt(start), _KIND: filters.get("kind"), _LANGUAGE: filters.get("language")}
    return run(DEFAULT_DB_ALIAS, chosen, values=values)
