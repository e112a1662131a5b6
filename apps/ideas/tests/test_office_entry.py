"""Entries made by the office: the QM team enters an idea or concern for a person who came, phoned
or wrote, with the consent's date and who recorded it; a printable letter gives the entry's address
(issue #19)."""

from datetime import date

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from apps.ideas.models import Idea, IdeaStatus
from tests.admin_forms import change_form_data

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def qm_client(client, make_user):
    staff = make_user("staff")
    client.force_login(staff)
    client.staff = staff
    return client


def test_the_office_enters_a_concern_without_an_e_mail_address(qm_client):
    url = reverse("admin:ideas_idea_add")
    data = change_form_data(
        qm_client.get(url),
        kind="concern",
        title="Laterne am Spielplatz kaputt",
        description="Seit Wochen ist es abends dunkel.",
        entry_source="phone",
        consent_recorded_on="24.11.2026",
        postal_address="Beispielhof 4\n12345 Berlin",
        display_name="",
        email="",
    )
    response = qm_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.NEW and idea.entry_source == "phone"
    assert idea.entered_by == qm_client.staff and idea.consent_recorded_by == qm_client.staff
    assert idea.consent_recorded_on == date(2026, 11, 24)
    assert mail.outbox == []  # no address, no mail; no confirmation needed
    letter = qm_client.get(reverse("ideas:letter", kwargs={"pk": idea.pk})).content.decode()
    assert "Beispielhof 4<br>12345 Berlin" in letter and idea.get_absolute_url() in letter


def test_an_entry_in_the_admin_needs_the_office_source_and_the_consent_day(qm_client):
    url = reverse("admin:ideas_idea_add")
    base = {"kind": "idea", "title": "Bank", "description": "Eine Bank.", "email": ""}
    response = qm_client.post(url, change_form_data(qm_client.get(url), entry_source="online", **base))
    assert "entry_source" in response.context["adminform"].form.errors
    response = qm_client.post(url, change_form_data(qm_client.get(url), entry_source="office", **base))
    assert "consent_recorded_on" in response.context["adminform"].form.errors
    assert not Idea.objects.exists()


def test_the_database_refuses_an_office_entry_without_consent():
    with pytest.raises(IntegrityError):
        IdeaFactory(entry_source="letter", consent_recorded_on=None)


def test_the_public_form_still_requires_an_e_mail_address(client):
    response = client.post(reverse("ideas:new"), {"kind": "idea", "title": "Bank", "description": "x" * 30})
    assert "email" in response.context["form"].errors


def test_the_letter_has_a_fixed_number_of_queries(client, qm_staff, django_assert_max_num_queries):
    client.force_login(qm_staff)
    idea = IdeaFactory(entry_source="letter", consent_recorded_on=date(2026, 11, 2), postal_address="Hofweg 9")
    client.get("/")
    with django_assert_max_num_queries(6):
        assert client.get(reverse("ideas:letter", kwargs={"pk": idea.pk})).status_code == 200
