import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services as account_services
from apps.events.tests.factories import EventFactory, at
from apps.newsletter import services
from apps.newsletter.models import Delivery, Subscription
from apps.pages.models import NewsPost

from .factories import IssueFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return "/" + url.split("//", 1)[1].split("/", 1)[1]


def link_in(message, name: str) -> str:
    return path_of(re.search(rf"http\S+/newsletter/{name}/\S+/", message.body).group(0))


def issue_with_content():
    issue = IssueFactory()
    post = NewsPost.objects.create(title="Neuer Spielplatz", slug="spielplatz", teaser="Er ist fertig.")
    event = EventFactory(title="Kiezfest", starts_at=at(9))
    issue.news_posts.add(post)
    issue.events.add(event)
    return issue


def subscribe(client, email="nachbarin@example.org", **extra):
    data = {"email": email, "privacy_consent": "on", **extra}
    return client.post(reverse("newsletter:subscribe"), data)


def test_double_opt_in_nothing_is_sent_before_confirmation_and_nothing_after_unsubscribing(client, make_user):
    assert subscribe(client).status_code == 302
    assert [message.to for message in mail.outbox] == [["nachbarin@example.org"]]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    issue = issue_with_content()
    assert services.send_issue(issue, by=None) == 0
    assert len(mail.outbox) == 1  # only the confirmation

    confirm = link_in(mail.outbox[0], "bestaetigen")
    assert client.get(confirm).status_code == 200  # a link scanner's GET confirms nothing
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    assert services.send_issue(issue, by=None) == 1
    newsletter = mail.outbox[-1]
    assert newsletter.subject == issue.subject
    assert "Neuer Spielplatz" in newsletter.body and "Kiezfest" in newsletter.body
    unsubscribe = newsletter.extra_headers["List-Unsubscribe"]
    assert newsletter.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in newsletter.body
    assert services.send_issue(issue, by=None) == 0  # sending twice never mails twice
    assert len(mail.outbox) == 2

    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without a CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(
        path_of(unsubscribe.strip("<>")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    assert services.send_issue(IssueFactory(), by=None) == 0
    assert len(mail.outbox) == 2


def test_a_get_of_the_unsubscribe_link_changes_nothing_and_its_button_unsubscribes(client):
    subscription = SubscriptionFactory()
    url = path_of(services.unsubscribe_url(subscription))
    response = client.get(url)
    assert response.status_code == 200 and subscription.email in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.exists()
    assert client.post(url).status_code == 200  # a second click changes nothing and says the same


def test_a_confirmed_address_that_subscribes_again_gets_nothing_and_the_page_says_the_same(client):
    SubscriptionFactory(email="schon@example.org")
    response = subscribe(client, email="SCHON@example.org")
    assert response.status_code == 302
    assert not mail.outbox
    assert Subscription.objects.count() == 1


def test_the_form_refuses_the_honeypot_and_missing_consent_and_is_rate_limited(client, settings):
    assert subscribe(client, website="spam").status_code == 200
    response = client.post(reverse("newsletter:subscribe"), {"email": "a@example.org"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    settings.RATE_LIMIT_COUNT = 1
    assert subscribe(client, email="b@example.org").status_code == 302
    assert subscribe(client, email="c@example.org").status_code == 429
    assert list(Subscription.objects.values_list("email", flat=True)) == ["b@example.org"]


def test_the_confirmation_link_expires_and_unconfirmed_requests_are_purged():
    old = Subscription.objects.create(email="alt@example.org")
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = Subscription.objects.create(email="neu@example.org")
    confirmed = SubscriptionFactory()
    Subscription.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=400))
    assert services.unconfirmed_purge() == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_the_issue_mail_is_in_the_subscribers_language(client):
    SubscriptionFactory(language="tr")
    services.send_issue(issue_with_content(), by=None)
    assert "Mahalledeki tarihler" in mail.outbox[0].body


def test_the_admin_previews_the_issue_and_sends_it_once(client, make_user):
    issue = issue_with_content()
    SubscriptionFactory.create_batch(3)
    Subscription.objects.create(email="unbestaetigt@example.org")
    client.force_login(make_user("staff"))
    url = reverse("admin:newsletter_issue_preview", args=[issue.pk])
    page = client.get(url).content.decode()
    assert "Neuer Spielplatz" in page and "Kiezfest" in page and "3" in page
    assert not mail.outbox
    client.post(url)
    client.post(url)
    assert len(mail.outbox) == 3
    issue.refresh_from_db()
    assert issue.sent_at is not None and issue.deliveries.count() == 3
    assert client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).status_code == 200
    assert client.get(reverse("admin:newsletter_subscription_changelist")).status_code == 200


def test_the_data_export_holds_the_subscription_of_the_accounts_address_and_erasure_ends_it(make_user):
    user = make_user("resident", email="konto@example.org")
    SubscriptionFactory(email="Konto@example.org")
    archive = zipfile.ZipFile(io.BytesIO(account_services.personal_data_export(user=user)))
    sections = json.loads(archive.read("daten.json"))["sections"]
    assert sections["newsletter subscriptions"][0]["email"] == "Konto@example.org"
    assert sections["newsletter subscriptions"][0]["confirmed_at"]
    account_services.account_erase(user=user)
    assert not Subscription.objects.exists()


def test_the_default_privacy_notice_names_the_newsletter_and_its_retention():
    from apps.pages.legal import PRIVACY_NOTICE

    assert "| Newsletter |" in PRIVACY_NOTICE and "Kiezkalender" in PRIVACY_NOTICE
    assert "Nicht bestätigte Anmeldungen: 7 Tage" in PRIVACY_NOTICE


def test_the_demo_has_a_draft_issue_with_news_and_events(client):
    from io import StringIO

    from django.core.management import call_command

    from apps.newsletter.models import Issue

    call_command("load_demo", stdout=StringIO())
    issue = Issue.objects.get()
    assert issue.sent_at is None and issue.events.count() == 4 and issue.news_posts.count() == 2
    assert Subscription.objects.confirmed().count() == 2


def test_sending_to_many_subscribers_is_one_pass_and_a_second_send_queues_nothing(django_assert_max_num_queries):
    import random
    from io import StringIO

    from apps.newsletter import bench

    bench.generate(scale=1, rng=random.Random(5), stdout=StringIO())
    issue = IssueFactory()
    confirmed = Subscription.objects.confirmed().count()
    assert 0 < confirmed < bench.SUBSCRIPTIONS_PER_SCALE
    assert services.send_issue(issue, by=None) == confirmed
    assert len(mail.outbox) == confirmed
    with django_assert_max_num_queries(10):
        assert services.send_issue(issue, by=None) == 0
    assert len(mail.outbox) == confirmed
