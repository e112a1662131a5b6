import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.council.models import Decision, DecisionResult, Meeting, Term

pytestmark = pytest.mark.django_db


def test_demo_has_a_term_with_resident_majority_past_decisions_and_an_upcoming_meeting(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    term = Term.objects.current().get()
    assert term.seat_problems() == []
    seats = term.memberships.all()
    assert seats.filter(consent_name=True).exists() and seats.filter(consent_name=False).exists()
    assert Meeting.objects.upcoming().exists()
    assert Meeting.objects.filter(status=Meeting.Status.MINUTES_APPROVED).exclude(minutes_public="").exists()
    results = set(Decision.objects.values_list("result", flat=True))
    assert {DecisionResult.ADOPTED, DecisionResult.REJECTED} <= results
    body = client.get(reverse("council:index")).content.decode()
    assert "Mehmet M." in body and "Claudia R." not in body
