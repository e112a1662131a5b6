from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.events.models import Event, EventSuggestion, Occurrence
from apps.network.models import SuggestionStatus

pytestmark = pytest.mark.django_db


def test_the_demo_calendar_lies_ahead_on_fitting_weekdays_and_shows_on_the_pages(client):
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    cafe = Event.objects.get(title="Elterncafé")
    days = [timezone.localtime(item.starts_at) for item in cafe.occurrences.all()]
    assert len(days) > 10 and {day.weekday() for day in days} == {2} and min(days).date() > today
    fest = Event.objects.get(title="Kiezfest am Spreeufer")
    assert timezone.localtime(fest.starts_at).weekday() == 5 and fest.starts_at.date() > today
    assert Event.objects.get(title="Herbstputz im Kiez").starts_at.date() < today
    assert Event.objects.filter(actor__isnull=False).count() >= 8
    assert EventSuggestion.objects.get().status == SuggestionStatus.NEW
    assert Occurrence.objects.filter(starts_at__gte=timezone.now()).count() > 50
    page = client.get(reverse("events:list")).content.decode()
    assert "Elterncafé" in page and "Sprachcafé Deutsch" in page
    assert "Elterncafé" in client.get(reverse("pages:home")).content.decode() or "Sprechstunde" in page
