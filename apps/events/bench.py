"""Benchmark data: 100 calendar events per scale unit over the coming year, a fifth of them
repeating weekly or every two weeks for up to half a year, with languages, places in the
directory or free addresses, and event suggestions (bulk_create, deterministic from rng)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.core.suggestions import SuggestionStatus
from apps.network.models import Actor, Language, StepFree
from apps.pages.bench_registry import scaled

from .models import OWN_KINDS, CostKind, Event, EventSuggestion, Occurrence, Repeat

EVENTS_PER_SCALE = 100
SUGGESTIONS_PER_SCALE = 20
BATCH = 1000
WORDS = ["Kiez", "Nachbarschaft", "Ufer", "Linden", "Spree", "Garten", "Hof", "Brücken"]
THINGS = ["fest", "café", "treff", "werkstatt", "konzert", "lesung", "turnier", "sprechstunde"]


def generate(*, scale: int, rng, stdout) -> None:
    languages = list(Language.objects.all())
    actors = list(Actor.objects.filter(slug__startswith="bench-akteur-").only("pk")[:200])
    kinds = [value for value, _label in OWN_KINDS]
    today = timezone.localdate()
    events = []
    for number in range(1, scaled(EVENTS_PER_SCALE, scale, minimum=5) + 1):
        day = today + timedelta(days=rng.randint(0, 364))
        start = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 14, 15, 17, 18, 19]), 0)))
        repeat = rng.choice([Repeat.WEEKLY, Repeat.BIWEEKLY]) if rng.random() < 0.2 else Repeat.NONE
        cost = rng.choice([CostKind.FREE, CostKind.FREE, CostKind.AMOUNT, CostKind.TEXT])
        actor = rng.choice(actors) if actors and rng.random() < 0.5 else None
        events.append(
            Event(
                title=f"{rng.choice(WORDS)}{rng.choice(THINGS)} {number}",
                kind=rng.choice(kinds),
                description="Für alle aus dem Kiez. Mit Kinderbetreuung, ohne Anmeldung. " * 4,
                organiser=f"Verein {rng.choice(WORDS)} {number}",
                starts_at=start,
                ends_at=start + timedelta(hours=rng.randint(1, 4)),
                repeat=repeat,
                repeat_until=day + timedelta(days=rng.randint(28, 182)) if repeat != Repeat.NONE else None,
                actor=actor,
                place_name="" if actor else f"{rng.choice(WORDS)}platz",
                place_address="" if actor else f"{rng.choice(WORDS)}straße {rng.randint(1, 120)}",
                step_free=rng.choice(StepFree.values),
                cost_kind=cost,
                cost_amount=Decimal(rng.randint(1, 20)) if cost == CostKind.AMOUNT else None,
                cost_text="Spende erbeten" if cost == CostKind.TEXT else "",
                is_published=rng.random() > 0.05,
            )
        )
    events = Event.objects.bulk_create(events, batch_size=BATCH)  # bulk_create skips save(): dates below
    Occurrence.objects.bulk_create(
        [
            Occurrence(event_id=event.pk, starts_at=start, ends_at=end)
            for event in events
            for start, end in event.occurrence_times()
        ],
        batch_size=BATCH,
    )
    EventLanguage = Event.languages.through
    german = next((lang for lang in languages if lang.code == "de"), languages[0])
    EventLanguage.objects.bulk_create(
        [
            EventLanguage(event_id=event.pk, language_id=language.pk)
            for event in events
            for language in {german, *rng.sample(languages, rng.randint(0, 2))}
        ],
        batch_size=BATCH,
    )
    EventSuggestion.objects.bulk_create(
        [
            EventSuggestion(
                status=rng.choice([SuggestionStatus.NEW, SuggestionStatus.APPROVED, SuggestionStatus.REJECTED]),
                title=f"Vorschlag {number}",
                kind=rng.choice(kinds),
                description="Ein Fest im Hof.",
                organiser="Hausgemeinschaft",
                date=today + timedelta(days=rng.randint(1, 90)),
                start_time=time(15, 0),
                place_name="Innenhof",
                place_address="Fährstraße 12",
                suggester_email=f"termin{number}@bench.example",
                confirmed_at=timezone.now(),
            )
            for number in range(1, scaled(SUGGESTIONS_PER_SCALE, scale) + 1)
        ],
        batch_size=BATCH,
    )
    stdout.write(f"  events: {len(events)} events, {Occurrence.objects.count()} dates")


def pages() -> list[tuple[str, str, str | None]]:
    event = Event.objects.published().filter(title__regex=r" \d+$").order_by("pk").first()
    month = timezone.localdate() + timedelta(days=31)
    return [
        ("events: calendar", "/kalender/", None),
        ("events: calendar page 3", "/kalender/?page=3", None),
        ("events: calendar filtered", "/kalender/?kind=culture&step_free=partly", None),
        ("events: month", f"/kalender/monat/{month.year}/{month.month}/", None),
        ("events: month filtered", f"/kalender/monat/{month.year}/{month.month}/?step_free=yes", None),
        ("events: event", event.get_absolute_url(), None),
        ("events: feed", "/kalender/feed.ics", None),
        ("events: feed filtered", "/kalender/feed.ics?language=de&free=on", None),
        ("events: suggest", "/kalender/vorschlagen/", None),
    ]
