"""The calendar list's dates: read as plain rows and written as HTML in Python.

A page of the list shows twenty dates and the council meetings between them, each with some
fifteen template variables (two times in two formats each, labels, place, languages, cost): about
half the page's CPU as Django templates, most of it the engine's work per node. Here the rows come
as plain values (no model instances), the labels are translated once per page and each day is
written with the markup, escaping and message ids that ``event_list.html`` had.
"""

import html
from collections import defaultdict
from datetime import date

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .models import CostKind, Event
from .services import KIND_LABELS, STEP_FREE_LABELS, Entry, cost_text, place_text

# The columns of a list row (``values_list``), in this order.
ROW_FIELDS = ("starts_at", "ends_at", "event_id", "event__title", "event__kind", "event__organiser",
              "event__actor_id", "event__place_name", "event__place_address", "event__step_free",
              "event__cost_kind", "event__cost_amount", "event__cost_text", "event__actor__name",
              "event__actor__street", "event__actor__postcode", "event__actor__city")  # fmt: skip


def _languages(event_ids, languages) -> dict:
    """Each event's language labels in the languages' order, from the event-language pairs alone
    (the filter form has read every language already)."""
    position = {language.pk: index for index, language in enumerate(languages)}
    labels = {language.pk: language.label for language in languages}
    pairs = defaultdict(list)
    through = Event.languages.through.objects.filter(event_id__in=set(event_ids))
    for event_id, language_id in through.values_list("event_id", "language_id"):
        pairs[event_id].append(language_id)
    return {event_id: [labels[pk] for pk in sorted(ids, key=position.__getitem__)] for event_id, ids in pairs.items()}


def own_entries(rows, languages, detail) -> list[Entry]:
    """Entries of the calendar's own dates from ``ROW_FIELDS`` rows (what ``occurrence_entry``
    makes of an occurrence); ``detail``: ``path_of("events:detail")``."""
    labels = _languages([row[2] for row in rows], languages) if rows else {}
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
    kinds, steps = {}, {}  # labels translated once per page
    out = []
    for day, day_entries in sorted(days.items()):
        iso = day.isoformat()
        today_note = f" ({esc(gettext('today'))})" if day == today else ""
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
