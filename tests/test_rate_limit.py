"""One rate-limit rule for every form that takes submissions without an account (apps/core/http.py):
per account for logged-in people, per client address for anonymous ones, with a message that states
the rule; the client address comes from the header the deployment's proxy sets."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.actionfund.models import Application as ActionfundApplication
from apps.actionfund.tests.factories import FundYearFactory
from apps.actionfund.tests.test_views import application_data
from apps.core.http import client_ip
from apps.ideas.models import Idea
from apps.ideas.tests.test_views import form_data as idea_data
from apps.network.models import Suggestion
from apps.network.tests.factories import ActorFactory
from apps.network.tests.test_views import suggestion_data

pytestmark = pytest.mark.django_db

RULE = "Höchstens 2 Einsendungen pro Stunde"


@pytest.fixture(autouse=True)
def limit_of_two(settings):
    settings.RATE_LIMIT_COUNT = 2
    settings.RATE_LIMIT_MINUTES = 60


def test_client_ip_reads_the_proxy_header_from_the_setting(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5",
                                   HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9")  # fmt: skip
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.5"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"  # the last entry is the one the proxy added
    assert client_ip(request) == "203.0.113.9"
    settings.CLIENT_IP_HEADER = "HTTP_X_CLIENT"  # missing or malformed: the connection's address
    assert client_ip(request) == "10.0.0.1"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_CLIENT="nonsense")) == "10.0.0.1"


def test_the_former_setting_name_is_still_read():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.CLIENT_IP_HEADER)"
    env = {**os.environ, "IDEAS_CLIENT_IP_HEADER": "HTTP_X_REAL_IP", "DJANGO_SETTINGS_MODULE": "kiezportal.settings"}
    env.pop("CLIENT_IP_HEADER", None)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "HTTP_X_REAL_IP", result.stderr


def submit_three(client, url, data, model, **extra):
    responses = [client.post(url, data, **extra) for _ in range(3)]
    assert [r.status_code for r in responses[:2]] == [302, 302]
    assert responses[2].status_code == 429
    assert RULE in str(responses[2].context["form"].non_field_errors())
    assert model.objects.count() == 2
    return responses[2]


def test_ideas_form(client):
    response = submit_three(client, reverse("ideas:new"), idea_data(), Idea, REMOTE_ADDR="198.51.100.1")
    assert "Trinkbrunnen am Ufer" in response.content.decode()  # nothing typed is lost
    other = client.post(reverse("ideas:new"), idea_data(), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 302


def test_action_fund_application_form(client):
    FundYearFactory()
    submit_three(client, reverse("actionfund:apply"), application_data(), ActionfundApplication,
                 REMOTE_ADDR="198.51.100.1")  # fmt: skip


def test_directory_suggestions_and_corrections_share_one_count(client):
    actor = ActorFactory()
    url = reverse("network:suggest_entry")
    assert client.post(url, suggestion_data(), REMOTE_ADDR="198.51.100.1").status_code == 302
    correction = reverse("network:suggest_correction", kwargs={"slug": actor.slug})
    data = suggestion_data(message="Neue Öffnungszeiten")
    assert client.post(correction, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    response = client.post(correction, data, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429 and RULE in response.content.decode()
    assert client.post(url, suggestion_data(), REMOTE_ADDR="198.51.100.1").status_code == 429
    assert Suggestion.objects.count() == 2


def test_two_residents_behind_one_address_each_submit(client, make_user, settings):
    settings.RATE_LIMIT_COUNT = 1
    first, second = make_user("resident"), make_user("resident")
    client.force_login(first)
    assert client.post(reverse("ideas:new"), idea_data(), REMOTE_ADDR="198.51.100.7").status_code == 302
    assert client.post(reverse("ideas:new"), idea_data(), REMOTE_ADDR="198.51.100.7").status_code == 429
    client.force_login(second)
    assert client.post(reverse("ideas:new"), idea_data(), REMOTE_ADDR="198.51.100.7").status_code == 302
    assert Idea.objects.filter(submitter__in=[first, second]).count() == 2


def test_behind_the_proxy_each_visitor_has_a_count_of_their_own(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for visitor in ("203.0.113.1", "203.0.113.2"):
        for _ in range(2):
            response = client.post(reverse("ideas:new"), idea_data(), REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=visitor)
            assert response.status_code == 302


def test_anonymous_forms_limit_the_length_of_their_text_fields(client):
    FundYearFactory()
    megabyte = "x" * 1_000_000
    response = client.post(reverse("actionfund:apply"), application_data(description=megabyte))
    assert response.status_code == 200 and "description" in response.context["form"].errors
    assert not ActionfundApplication.objects.exists()
    response = client.post(reverse("network:suggest_entry"), suggestion_data(description=megabyte))
    assert "description" in response.context["form"].errors
    response = client.post(reverse("ideas:new"), idea_data(description=megabyte))
    assert "description" in response.context["form"].errors


def test_accessibility_feedback_form(client):
    from apps.pages.models import AccessibilityFeedback

    data = {"message": "Der Kalender ist mit der Tastatur nicht bedienbar.", "page_url": "", "name": "",
            "email": "", "website": ""}  # fmt: skip
    response = submit_three(client, reverse("pages:accessibility_feedback"), data, AccessibilityFeedback,
                            REMOTE_ADDR="198.51.100.1")  # fmt: skip
    assert "Der Kalender ist mit der Tastatur" in response.content.decode()
