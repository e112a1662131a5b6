"""“Mein Bereich” and the sign-up journey: what waits for each role, and the page a person came
from surviving sign-up and e-mail verification."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.tests.factories import PASSWORD
from apps.actionfund import services as actionfund_services
from apps.actionfund.tests.factories import ApplicationFactory, FundYearFactory, RoundFactory, qm_user
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
from apps.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_confirmation_link_carries_the_next_target_of_the_sign_up(client):
    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": "/foerderung/lernorte/"},
    )
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.outbox[-1].body).group(0)
    assert link.endswith("?next=%2Ffoerderung%2Flernorte%2F")
    # Confirmed in another browser (no session): the button leads to the target, not the home page.
    other = Client()
    response = other.post(re.sub(r"^https?://[^/]+", "", link))
    assert response.status_code == 302 and response.url == "/foerderung/lernorte/"


def test_foreign_next_targets_are_not_put_into_the_confirmation_link(client):
    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": "https://evil.example/"},
    )
    assert "evil.example" not in mail.outbox[-1].body


def test_my_area_shows_each_role_what_waits_and_keeps_its_query_count(client, make_user, django_assert_max_num_queries):
    juror = make_user("juror")
    juror.groups.add(make_user("provider").groups.first())
    juror.groups.add(make_user("council").groups.first())
    year = FundYearFactory(jurors=[juror])
    round = RoundFactory(fund_year=year)
    for _ in range(3):
        actionfund_services.round_add_application(
            round=round, application=ApplicationFactory(fund_year=year), by=qm_user()
        )
    actionfund_services.round_open(round=round, by=qm_user())
    ApplicationFactory(fund_year=year, user=juror, title="Mein Hoffest")
    FundingApplicationFactory(owner=juror, title="Lernwerkstatt")
    IdeaFactory(submitter=juror, title="Mehr Bänke", status="published")
    client.force_login(juror)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("pages:my_area"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "0 von 3 abgestimmt" in content
    assert "Mein Hoffest" in content and "Lernwerkstatt" in content and "Mehr Bänke" in content
    assert "Ihre nächsten Sitzungen" in content or "Zurzeit ist keine Sitzung" in content
    assert "private" in response["Cache-Control"]


def test_resident_without_entries_gets_the_way_to_submit(client, resident):
    client.force_login(resident)
    content = client.get(reverse("pages:my_area")).content.decode()
    assert reverse("ideas:new") in content
    assert "Jury" not in content


def test_login_without_next_lands_on_my_area(client, resident):
    response = client.post(reverse("account_login"), {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("pages:my_area")
