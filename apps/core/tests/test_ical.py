"""The iCalendar writer: what it writes reads back with the icalendar package, line by line within
RFC 5545 (escaped text, 75-octet lines that never split a character, CRLF), and a file never
grows over its byte limit."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar

from apps.core.ical import ICalendar, fold, text


def berlin(*args):
    return timezone.make_aware(datetime(*args))


def test_text_values_are_escaped_and_long_lines_folded_at_75_octets_between_characters():
    assert text("a;b,c\\d\r\ne\nf") == "a\\;b\\,c\\\\d\\ne\\nf"
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"
    for line in ("DESCRIPTION:" + "Grüße aus dem Kiez – ☕ " * 20, "SUMMARY:" + "ä" * 100, "X:" + "𝄞" * 40):
        folded = fold(line)
        assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
        assert folded.replace("\r\n ", "") == line


def test_a_calendar_reads_back_with_icalendar_with_local_times_rules_and_a_time_zone():
    cal = ICalendar(prodid="-//Kiezportal//Test//DE", name="Kiez, Kalender; Test")
    start = berlin(2026, 3, 24, 19, 0)  # before the change to summer time
    description = "Erste Zeile, mit Komma; Semikolon\nzweite Zeile \\ " + "Grüße " * 60
    assert cal.event(
        uid="event-1@kiez.example.org",
        start=start,
        end=start + timedelta(hours=2),
        summary="Sprachcafé",
        location="Hof, Fährstraße 12",
        description=description,
        categories=["Kultur, Bildung"],
        url="https://kiez.example.org/kalender/1/",
        rrule={"freq": "weekly", "until": datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC), "interval": 2},
    )
    cal.event(uid="event-2@kiez.example.org", start=berlin(2026, 7, 1, 18, 0), summary="Hoffest", status="CONFIRMED")
    data = cal.to_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    parsed = Calendar.from_ical(data)
    assert b"\r\nX-WR-CALNAME:Kiez\\, Kalender\\; Test\r\n" in data  # escaped as icalendar writes it
    [zone] = parsed.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"
    first, second = parsed.walk("VEVENT")
    assert first["dtstart"].dt == start and str(first["dtstart"].dt.tzinfo) == "Europe/Berlin"
    assert first["dtend"].dt == start + timedelta(hours=2)
    assert str(first["description"]) == description
    assert str(first["location"]) == "Hof, Fährstraße 12"
    assert [str(category) for category in first["categories"].cats] == ["Kultur, Bildung"]
    assert first["rrule"]["FREQ"] == ["WEEKLY"] and first["rrule"]["INTERVAL"] == [2]
    assert first["rrule"]["UNTIL"] == [datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC)]
    assert str(first["url"]) == "https://kiez.example.org/kalender/1/"
    assert second["dtstart"].dt == berlin(2026, 7, 1, 18, 0) and "dtend" not in second
    assert str(second["status"]) == "CONFIRMED"
    # Summer time: 18:00 in Berlin is 16:00 UTC.
    assert second["dtstart"].dt.astimezone(UTC).hour == 16
    assert date(2026, 7, 1) == second["dtstart"].dt.date()


def test_an_event_that_would_take_the_file_over_its_limit_is_left_out():
    cal = ICalendar(prodid="-//Kiezportal//Test//DE", name="Test", max_bytes=20_000)
    added = 0
    while cal.event(uid=f"e{added}@x", start=berlin(2026, 5, 1, 10, 0), summary="Lang", description="Wort " * 200):
        added += 1
    assert 10 < added < 20 and cal.count == added
    data = cal.to_bytes()
    assert len(data) <= 20_000
    assert len(Calendar.from_ical(data).walk("VEVENT")) == added
