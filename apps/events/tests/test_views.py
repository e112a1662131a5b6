import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.council.models import CouncilSettings, MeetingStatus, PublicMode
from apps.council.tests.factories import MeetingFactory
from apps.events import services
from apps.events.models import Event, EventSuggestion, Occurrence
from apps.events.views import FEED_DESCRIPTION_CHARS, FEED_MAX_BYTES, FEED_MAX_ENTRIES, FEED_PAST_DAYS
from apps.network.models import Language, StepFree, SuggestionStatus
from apps.network.tests.factories import ActorFactory
from apps.pages.models import SiteSettings

from .factories import EventFactory, EventSuggestionFactory, at

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'<h4 class="h6 mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode())


# --- Repeating events ------------------------------------------------------------------------


def test_a_weekly_event_has_a_date_every_week_until_its_end_at_the_same_wall_clock_time():
    # 2026-03-24 is a Tuesday before the change to summer time (29 March).
    start = timezone.make_aware(datetime(2026, 3, 24, 19, 0))
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), repeat="weekly",
                         repeat_until=date(2026, 4, 21))  # fmt: skip
    dates = list(event.occurrences.order_by("starts_at"))
    assert [timezone.localtime(item.starts_at).date() for item in dates] == [
        date(2026, 3, 24), date(2026, 3, 31), date(2026, 4, 7), date(2026, 4, 14), date(2026, 4, 21)
    ]  # fmt: skip
    assert {timezone.localtime(item.starts_at).time() for item in dates} == {time(19, 0)}
    assert {timezone.localtime(item.ends_at).time() for item in dates} == {time(21, 0)}


def test_monthly_rules_keep_the_day_or_the_nth_weekday_and_a_changed_rule_rewrites_the_dates():
    start = timezone.make_aware(datetime(2026, 1, 6, 10, 0))  # the first Tuesday of January
    event = EventFactory(starts_at=start, ends_at=None, repeat="monthly_weekday", repeat_until=date(2026, 4, 30))
    days = [timezone.localtime(item.starts_at).date() for item in event.occurrences.order_by("starts_at")]
    assert days == [date(2026, 1, 6), date(2026, 2, 3), date(2026, 3, 3), date(2026, 4, 7)]
    assert event.ical_rule()["byday"] == "1TU"
    event.repeat = "monthly_day"
    event.save()
    days = [timezone.localtime(item.starts_at).date() for item in event.occurrences.order_by("starts_at")]
    assert days == [date(2026, 1, 6), date(2026, 2, 6), date(2026, 3, 6), date(2026, 4, 6)]
    event.repeat, event.repeat_until = "none", None
    event.save()
    assert event.occurrences.count() == 1


def test_the_model_refuses_a_series_without_end_or_longer_than_two_years_and_a_price_without_amount():
    event = EventFactory.build(repeat="weekly", repeat_until=None)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "repeat_until" in error.value.error_dict
    event = EventFactory.build(repeat="weekly", repeat_until=timezone.localdate() + timedelta(days=800))
    with pytest.raises(ValidationError):
        event.full_clean()
    event = EventFactory.build(cost_kind="amount", cost_amount=None)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "cost_amount" in error.value.error_dict
    event = EventFactory.build(place_name="", place_address="")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "place_name" in error.value.error_dict


# --- List, filters, month view, detail -------------------------------------------------------


def test_the_list_shows_upcoming_published_dates_by_day_and_hides_past_and_hidden_ones(client):
    EventFactory(title="Hoffest", starts_at=at(2))
    EventFactory(title="Vorbei", starts_at=at(-3))
    EventFactory(title="Versteckt", starts_at=at(2), is_published=False)
    response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert titles(response) == ["Hoffest"]
    assert (timezone.localdate() + timedelta(days=2)).strftime("%Y-%m-%d") in response.content.decode()


def test_filters_narrow_by_kind_language_step_free_and_cost(client):
    turkish = Language.objects.get(code="tr")
    free = EventFactory(title="Frei", kind="culture", step_free=StepFree.YES)
    free.languages.add(turkish)
    EventFactory(title="Teuer", kind="culture", step_free=StepFree.PARTLY, cost_kind="amount",
                 cost_amount=Decimal("5.00"))  # fmt: skip
    EventFactory(title="Sport", kind="sport", step_free=StepFree.NO, cost_kind="text", cost_text="Spende")
    url = reverse("events:list")
    assert sorted(titles(client.get(url, {"kind": "culture"}))) == ["Frei", "Teuer"]
    assert titles(client.get(url, {"language": "tr"})) == ["Frei"]
    assert titles(client.get(url, {"step_free": "yes"})) == ["Frei"]
    assert sorted(titles(client.get(url, {"step_free": "partly"}))) == ["Frei", "Teuer"]
    assert sorted(titles(client.get(url, {"free": "on"}))) == ["Frei"]
    page = client.get(url, {"kind": "culture"}).content.decode()
    assert "5,00" in page and "Kostenlos" in page


def test_the_list_starts_at_the_chosen_day_and_is_paginated(client):
    for day in range(1, 26):
        EventFactory(title=f"Termin {day:02d}", starts_at=at(day))
    url = reverse("events:list")
    first = titles(client.get(url))
    assert first == [f"Termin {day:02d}" for day in range(1, 21)]
    assert titles(client.get(url, {"page": 2})) == [f"Termin {day:02d}" for day in range(21, 26)]
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert titles(client.get(url, {"von": later}))[0] == "Termin 10"


def test_a_page_number_out_of_range_or_not_a_number_shows_the_last_or_the_first_page(client):
    for day in range(1, 26):
        EventFactory(title=f"Termin {day:02d}", starts_at=at(day))
    url = reverse("events:list")
    last = [f"Termin {day:02d}" for day in range(21, 26)]
    assert titles(client.get(url, {"page": 99})) == last
    assert titles(client.get(url, {"page": 0})) == last  # Django's paginator: the last page
    assert titles(client.get(url, {"page": "zwei"}))[0] == "Termin 01"
    assert titles(client.get(url, {"page": "2.0"}))[0] == "Termin 01"  # not an integer to Django either


def test_the_page_count_leaves_out_hidden_and_past_dates_filtered_or_not(client):
    for day in range(1, 22):
        EventFactory(title=f"Termin {day:02d}", starts_at=at(day), kind="culture" if day < 3 else "sport")
    for day in range(1, 30):
        EventFactory(title=f"Versteckt {day:02d}", starts_at=at(day), is_published=False)
        EventFactory(title=f"Vorbei {day:02d}", starts_at=at(-day - 1))
    url = reverse("events:list")
    assert "Seite 1 von 2" in client.get(url).content.decode()
    assert titles(client.get(url, {"page": 2})) == ["Termin 21"]
    filtered = client.get(url, {"kind": "culture"})
    assert titles(filtered) == ["Termin 01", "Termin 02"] and "Seite 1 von" not in filtered.content.decode()


def test_the_language_filter_narrows_the_feed_and_the_month(client):
    turkish = Language.objects.get(code="tr")
    spoken = EventFactory(title="Auf Türkisch", starts_at=at(3))
    spoken.languages.add(turkish)
    EventFactory(title="Ohne Sprache", starts_at=at(3))
    feed = client.get(reverse("events:feed"), {"language": "tr"}).content.decode()
    assert "Auf Türkisch" in feed and "Ohne Sprache" not in feed
    day = timezone.localdate() + timedelta(days=3)
    month = client.get(reverse("events:month", args=[day.year, day.month]), {"language": "tr"}).content.decode()
    assert "Auf Türkisch" in month and "Ohne Sprache" not in month


def test_council_meetings_open_to_the_public_appear_by_themselves(client):
    CouncilSettings.load()
    MeetingFactory(number=41, starts_at=at(4, 18), public_mode=PublicMode.PUBLIC)
    MeetingFactory(number=42, starts_at=at(5, 18), public_mode=PublicMode.NOT_PUBLIC)
    MeetingFactory(number=43, starts_at=at(6, 18), public_mode=PublicMode.PUBLIC, status=MeetingStatus.CANCELLED)
    EventFactory(title="Hoffest", starts_at=at(5, 10))
    council = SiteSettings.load().council_name
    response = client.get(reverse("events:list"))
    assert titles(response) == [f"{council}: 41. Sitzung", "Hoffest"]
    assert titles(client.get(reverse("events:list"), {"kind": "council"})) == [f"{council}: 41. Sitzung"]
    assert titles(client.get(reverse("events:list"), {"step_free": "yes"})) == []
    day = timezone.localdate() + timedelta(days=4)
    month = client.get(reverse("events:month", kwargs={"year": day.year, "month": day.month})).content.decode()
    assert f"18:00 {council}: 41. Sitzung" in month
    assert "42. Sitzung" not in month and "43. Sitzung" not in month
    feed = client.get(reverse("events:feed")).content.decode()
    assert "41. Sitzung" in feed and "42. Sitzung" not in feed


def test_council_meetings_fall_on_the_list_page_that_covers_their_time(client):
    CouncilSettings.load()
    for day in range(1, 31):
        EventFactory(title=f"Termin {day:02d}", starts_at=at(day, 10))
    MeetingFactory(number=50, starts_at=at(25, 18), public_mode=PublicMode.PUBLIC)
    url = reverse("events:list")
    assert not any("50. Sitzung" in title for title in titles(client.get(url)))
    second = titles(client.get(url, {"page": 2}))
    assert second.index("Termin 25") < next(i for i, t in enumerate(second) if "50. Sitzung" in t)


def test_the_month_view_is_a_table_of_weeks_with_weekday_headers_and_the_days_entries(client):
    EventFactory(title="Laternenumzug", starts_at=timezone.make_aware(datetime(2026, 11, 11, 17, 0)), ends_at=None)
    response = client.get(reverse("events:month", kwargs={"year": 2026, "month": 11}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<caption>" in page
    assert page.count('<th scope="col">') == 7
    assert '<abbr title="Montag">Mo</abbr>' in page
    assert "17:00 Laternenumzug" in page
    assert page.count("<tr>") == 1 + 6  # header + the weeks of November 2026 (Mon 26 Oct to Sun 6 Dec)
    assert 'href="/kalender/monat/2026/10/"' in page and 'href="/kalender/monat/2026/12/"' in page
    assert "von=2026-11-11" in page


def test_the_month_view_keeps_filters_and_shows_a_link_for_more_than_four_a_day(client):
    for hour in range(8, 14):
        EventFactory(title=f"Kurs {hour}", kind="education", starts_at=timezone.make_aware(datetime(2026, 12, 2, hour)))
    page = client.get(
        reverse("events:month", kwargs={"year": 2026, "month": 12}), {"kind": "education"}
    ).content.decode()
    assert "und 2 weitere" in page
    assert "/kalender/monat/2027/1/?kind=education" in page
    assert "Kurs 8" in client.get(reverse("events:month", kwargs={"year": 2026, "month": 12})).content.decode()
    assert (
        "Kurs 8"
        not in client.get(
            reverse("events:month", kwargs={"year": 2026, "month": 12}), {"kind": "culture"}
        ).content.decode()
    )


def test_the_detail_page_shows_place_from_the_directory_cost_accessibility_and_next_dates(client):
    actor = ActorFactory(name="Familienzentrum Lindenhof", street="Lindenhofstraße 9", postcode="10997")
    event = EventFactory(title="Elterncafé", actor=actor, place_name="", place_address="", repeat="weekly",
                         repeat_until=timezone.localdate() + timedelta(days=100), cost_kind="amount",
                         cost_amount=Decimal("2.50"), step_free=StepFree.YES)  # fmt: skip
    event.languages.add(Language.objects.get(code="ar"))
    page = client.get(event.get_absolute_url()).content.decode()
    assert actor.get_absolute_url() in page and "Lindenhofstraße 9" in page
    assert "2,50" in page and "Arabisch" in page and "Stufenlos" in page
    assert page.count("<li><time") == 12


# --- iCalendar feed --------------------------------------------------------------------------


def test_a_long_description_is_cut_in_the_feed(client):
    EventFactory(title="Lang", description="Wort " * 200)
    calendar = Calendar.from_ical(client.get(reverse("events:feed")).content)
    [item] = calendar.walk("VEVENT")
    first = str(item["description"]).split("\n\n")[0]
    assert (
        first.startswith("Wort Wort")
        and first.endswith("…")
        and len(first) <= FEED_DESCRIPTION_CHARS < len("Wort " * 200)
    )


def test_the_feed_holds_the_first_dates_from_two_weeks_ago_and_stays_under_its_byte_limit(client):
    CouncilSettings.load()
    EventFactory(title="Lange her", starts_at=at(-FEED_PAST_DAYS - 1))
    EventFactory(title="Letzte Woche", starts_at=at(-7))
    Event.objects.bulk_create(
        [
            Event(title=f"Termin {day:03d}", organiser="Verein", starts_at=at(day // 2, 10 + day % 2), place_name="Hof")
            for day in range(FEED_MAX_ENTRIES + 10)
        ]  # fmt: skip
    )
    MeetingFactory(number=5, starts_at=at(3, 18, 30), public_mode=PublicMode.PUBLIC)
    MeetingFactory(number=6, starts_at=at(200), public_mode=PublicMode.PUBLIC)  # after the 100th date
    calendar = Calendar.from_ical(client.get(reverse("events:feed")).content)
    summaries = [str(item["summary"]) for item in calendar.walk("VEVENT")]
    council = SiteSettings.load().council_name
    assert len(summaries) == FEED_MAX_ENTRIES
    assert summaries[:2] == ["Letzte Woche", "Termin 000"] and "Lange her" not in summaries
    assert f"{council}: 5. Sitzung" in summaries and f"{council}: 6. Sitzung" not in summaries
    Event.objects.filter(title__startswith="Termin").update(
        description="Wort " * 2000, organiser="V" * 200, place_name="Ort " * 50, place_address="Straße " * 28
    )
    response = client.get(reverse("events:feed"))
    assert 50 < len(Calendar.from_ical(response.content).walk("VEVENT")) < FEED_MAX_ENTRIES
    assert len(response.content) <= FEED_MAX_BYTES


def test_the_feed_is_valid_icalendar_with_rules_for_series_and_council_meetings(client):
    CouncilSettings.load()
    EventFactory(title="Hoffest", starts_at=at(2), kind="culture")
    EventFactory(title="Sprachcafé", starts_at=at(1, 17), repeat="biweekly",
                 repeat_until=timezone.localdate() + timedelta(days=60))  # fmt: skip
    MeetingFactory(number=77, starts_at=at(8), public_mode=PublicMode.PUBLIC)
    response = client.get(reverse("events:feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(item["summary"]): item for item in calendar.walk("VEVENT")}
    assert set(events) == {"Hoffest", "Sprachcafé", f"{SiteSettings.load().council_name}: 77. Sitzung"}
    rule = events["Sprachcafé"]["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2] and rule["UNTIL"]
    assert "rrule" not in events["Hoffest"]
    assert str(events["Hoffest"]["url"]).startswith("http")
    assert calendar.walk("VTIMEZONE")
    for item in events.values():
        assert item["dtstart"].dt.tzinfo is not None
        assert str(item["uid"]).count("@") == 1
    series = Event.objects.get(title="Sprachcafé")
    single = Calendar.from_ical(client.get(reverse("events:event_ics", kwargs={"pk": series.pk})).content)
    [item] = single.walk("VEVENT")
    assert str(item["summary"]) == "Sprachcafé" and item["rrule"]["INTERVAL"] == [2]
    filtered = Calendar.from_ical(client.get(reverse("events:feed"), {"kind": "culture"}).content)
    assert [str(item["summary"]) for item in filtered.walk("VEVENT")] == ["Hoffest"]


# --- Suggestions -----------------------------------------------------------------------------


def suggestion_data(**overrides) -> dict:
    data = {
        "title": "Hofflohmarkt",
        "kind": "neighbourhood",
        "description": "Flohmarkt im Innenhof, alle können mitmachen.",
        "organiser": "Hausgemeinschaft Fährstraße 12",
        "date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "start_time": "11:00",
        "end_time": "16:00",
        "place_name": "Innenhof",
        "place_address": "Fährstraße 12",
        "step_free": "partly",
        "languages": [Language.objects.get(code="de").pk],
        "cost_kind": "free",
        "suggester_email": "floh@example.org",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_a_suggestion_is_confirmed_by_a_button_then_moderated_and_becomes_an_event(client, make_user):
    SiteSettings.objects.filter(pk=1).update(email="buero@kiez.example")
    response = client.post(reverse("events:suggest"), suggestion_data())
    assert response.status_code == 302
    suggestion = EventSuggestion.objects.get()
    assert suggestion.status == SuggestionStatus.UNCONFIRMED
    assert [message.to for message in mail.outbox] == [["floh@example.org"]]
    link = re.search(r"http\S+/kalender/vorschlagen/bestaetigen/\S+/", mail.outbox[0].body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200  # a GET (a link scanner) confirms nothing
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.UNCONFIRMED
    client.post(f"/{path}")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW
    assert mail.outbox[-1].to == ["buero@kiez.example"]
    assert not titles(client.get(reverse("events:list")))

    staff = make_user("staff")
    client.force_login(staff)
    response = client.post(
        reverse("admin:events_eventsuggestion_changelist"),
        {"action": "approve", "_selected_action": [suggestion.pk]},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.APPROVED and suggestion.status_changes.last().by == staff
    event = suggestion.event
    assert event.is_published and event.title == "Hofflohmarkt"
    assert timezone.localtime(event.starts_at).time() == time(11, 0)
    assert list(event.languages.values_list("code", flat=True)) == ["de"]
    assert mail.outbox[-1].to == ["floh@example.org"] and event.get_absolute_url() in mail.outbox[-1].body
    client.logout()
    assert titles(client.get(reverse("events:list"))) == ["Hofflohmarkt"]


def test_rejecting_an_unconfirmed_suggestion_sends_nothing_and_a_confirmed_one_is_told(make_user):
    staff = make_user("staff")
    unconfirmed = EventSuggestionFactory()
    services.suggestion_reject(suggestion=unconfirmed, by=staff)
    assert not mail.outbox
    confirmed = EventSuggestionFactory(status=SuggestionStatus.NEW, confirmed_at=timezone.now(),
                                       moderator_comment="Liegt außerhalb des Gebiets.")  # fmt: skip
    services.suggestion_reject(suggestion=confirmed, by=staff)
    assert "außerhalb" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.suggestion_approve(suggestion=confirmed, by=staff)


def test_the_suggestion_form_refuses_the_honeypot_past_dates_missing_price_and_long_texts(client):
    url = reverse("events:suggest")
    response = client.post(url, suggestion_data(website="http://spam.example"))
    assert response.status_code == 200 and "Spam" in response.content.decode()
    response = client.post(url, suggestion_data(date=(timezone.localdate() - timedelta(days=1)).isoformat()))
    assert "Bitte geben Sie ein Datum in der Zukunft an." in response.content.decode()
    response = client.post(url, suggestion_data(cost_kind="amount"))
    assert "Bitte geben Sie den Preis an." in response.content.decode()
    response = client.post(url, suggestion_data(description="x" * 3001))
    assert response.status_code == 200
    assert not EventSuggestion.objects.exists() and not mail.outbox


def test_the_suggestion_form_is_rate_limited(client, settings):
    settings.RATE_LIMIT_COUNT = 2
    for number in range(2):
        assert client.post(reverse("events:suggest"), suggestion_data(title=f"Fest {number}")).status_code == 302
    response = client.post(reverse("events:suggest"), suggestion_data(title="Zu viel"))
    assert response.status_code == 429
    assert EventSuggestion.objects.count() == 2


def test_unconfirmed_suggestions_are_purged_after_the_link_expired():
    old = EventSuggestionFactory()
    EventSuggestion.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = EventSuggestionFactory()
    confirmed = EventSuggestionFactory(status=SuggestionStatus.NEW, confirmed_at=timezone.now())
    EventSuggestion.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=30))
    assert services.unconfirmed_purge() == 1
    assert set(EventSuggestion.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_the_home_page_shows_the_next_dates(client):
    EventFactory(title="Hoffest", starts_at=at(2))
    page = client.get(reverse("pages:home")).content.decode()
    assert "Hoffest" in page and reverse("events:list") in page


def test_occurrences_are_removed_with_their_event():
    event = EventFactory(repeat="weekly", repeat_until=timezone.localdate() + timedelta(days=30))
    assert Occurrence.objects.count() >= 4
    event.delete()
    assert not Occurrence.objects.exists()
    assert not Event.objects.exists()


def test_save_and_approve_in_the_admin_keeps_the_edits_and_writes_one_history_row(client, make_user):
    from tests.admin_forms import change_form_data

    staff = make_user("staff")
    suggestion = EventSuggestionFactory(status=SuggestionStatus.NEW, confirmed_at=timezone.now())
    client.force_login(staff)
    url = reverse("admin:events_eventsuggestion_change", args=[suggestion.pk])
    form = client.get(url)
    assert 'name="_approve"' in form.content.decode()
    data = change_form_data(form, title="Hoffest (korrigiert)", moderator_comment="Gern!")
    assert client.post(url, {**data, "_approve": "1"}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.APPROVED and suggestion.event.title == "Hoffest (korrigiert)"
    [change] = suggestion.status_changes.filter(to_status=SuggestionStatus.APPROVED)
    assert (change.by, change.comment) == (staff, "Gern!")
    assert "Gern!" in mail.outbox[-1].body


def test_what_a_suggester_wrote_is_escaped_in_the_list_and_the_month(client):
    """The list's days and the month's weeks are written in Python (apps/events/listing.py): every
    text of an event (which may come from an anonymous suggestion) is escaped there."""
    hostile = '<script>alert("x")</script>'
    event = EventFactory(title=f"Fest {hostile}", organiser=f"Verein {hostile}", place_name=f"Hof {hostile}",
                         cost_kind="text", cost_text=f"Spende {hostile}")  # fmt: skip
    day = timezone.localtime(event.starts_at).date()
    pages = [
        client.get(reverse("events:list"), {"von": day.isoformat()}),
        client.get(reverse("events:month", kwargs={"year": day.year, "month": day.month})),
    ]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in body
        assert "Fest &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
