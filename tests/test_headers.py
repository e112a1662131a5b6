"""Headers: a Permissions-Policy that turns off what the portal does not use, and
``Cache-Control: private`` on every page that shows personal data."""

import pytest
from django.urls import reverse

from apps.actionfund.tests.factories import ApplicationFactory, FundYearFactory

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_permissions_policy_turns_off_unused_browser_features(client):
    policy = client.get(reverse("pages:home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"):
        assert feature in policy


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("pages:my_area", "resident"),
        ("account_email", "resident"),
        ("account_change_password", "resident"),
        ("funding:application_list", "provider"),
        ("actionfund:my_applications", "resident"),
        ("actionfund:jury", "juror"),
        ("council:my_meetings", "council"),
        ("funding:council_list", "council"),
        ("pages:home", "resident"),  # greets the person by name
    ],
)
def test_pages_for_logged_in_people_are_private(client, make_user, url_name, role):
    if url_name == "actionfund:jury":
        FundYearFactory()
    client.force_login(make_user(role))
    for _ in range(2):  # the second request may come from the page cache: still private
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert "private" in cache_control(response), url_name


def test_status_pages_reached_by_a_signed_link_are_private(client):
    from apps.ideas import services as idea_services
    from apps.ideas.models import IdeaStatus
    from apps.ideas.tests.factories import IdeaFactory

    application = ApplicationFactory()
    idea = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    idea_link = reverse("ideas:confirm", kwargs={"token": idea_services.confirmation_token(idea)})
    for url in (application.get_status_url(), idea_link):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in cache_control(response), url


def test_public_pages_for_anonymous_visitors_stay_shareable(client):
    response = client.get(reverse("pages:home"))
    assert "private" not in cache_control(response)
