from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from apps.events.models import Event, EventSuggestion
from apps.network.models import SuggestionStatus


def at(days: int, hour: int = 18, minute: int = 0):
    """An aware Berlin datetime ``days`` from today at ``hour:minute``."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    kind = Event.Kind.NEIGHBOURHOOD
    description = "Alle sind willkommen."
    organiser = "Nachbarschaftsverein"
    starts_at = factory.LazyFunction(lambda: at(3))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    place_name = "Nachbarschaftsgarten"
    place_address = "Beispielstraße 5"


class EventSuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSuggestion

    title = factory.Sequence(lambda n: f"Vorgeschlagen {n}")
    description = "Ein Fest für alle."
    organiser = "Hofgemeinschaft"
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    start_time = time(15, 0)
    end_time = time(18, 0)
    place_name = "Innenhof"
    place_address = "Fährstraße 12"
    suggester_email = factory.Sequence(lambda n: f"vorschlag{n}@example.org")
    status = SuggestionStatus.UNCONFIRMED
