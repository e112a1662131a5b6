"""Each person's notification settings and what they do to the mails, the digests, the signed
settings link, the List-Unsubscribe headers, the announcements and the office's notices."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.actionfund.models import RoundStatus
from apps.actionfund.tests.factories import FundYearFactory, RoundFactory
from apps.core.mail import queue_mail
from apps.core.models import OutgoingMail
from apps.core.workflow import transition
from apps.council.tests.factories import MeetingFactory
from apps.funding.tests.factories import CallFactory
from apps.ideas.models import IdeaStatus
from apps.ideas.services import comment_add, idea_change_status, idea_submit
from apps.ideas.tests.factories import CommentFactory, IdeaFactory
from apps.notifications import broadcast, digests, office, preferences, tokens
from apps.notifications.models import (
    Broadcast,
    Choice,
    DigestItem,
    Kind,
    OfficeKind,
    OfficeNotice,
    OfficeRecipients,
    Preference,
)
from apps.pages.models import SiteSettings
from apps.pages.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db


def set_choice(email, kind, choice):
    preferences.save(email, {kind: choice})


def publish(idea, staff):
    return idea_change_status(idea=idea, to=IdeaStatus.PUBLISHED, by=staff)


@pytest.fixture
def new_idea():
    return IdeaFactory(status=IdeaStatus.NEW, email="Einreicherin@Example.org")


# --- What each setting does -------------------------------------------------------------------


def test_immediately_is_the_default_for_the_status_of_my_idea(new_idea, qm_staff):
    mail.outbox.clear()
    publish(new_idea, qm_staff)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Einreicherin@Example.org"]
    assert "/konto/benachrichtigungen/link/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/abmelden/>" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not DigestItem.objects.exists()


@pytest.mark.parametrize("choice", [Choice.DAILY, Choice.WEEKLY])
def test_a_digest_setting_stores_an_item_instead_of_a_mail(new_idea, qm_staff, choice):
    set_choice("einreicherin@example.org", Kind.IDEA_STATUS, choice)
    mail.outbox.clear()
    change = publish(new_idea, qm_staff)
    assert not mail.outbox
    item = DigestItem.objects.get()
    assert (item.email, item.kind, item.frequency) == ("einreicherin@example.org", Kind.IDEA_STATUS, choice)
    assert item.object_key == f"ideas.statuschange:{change.pk}"
    assert new_idea.title in item.subject


def test_off_sends_nothing_and_stores_nothing(new_idea, qm_staff):
    set_choice("einreicherin@example.org", Kind.IDEA_STATUS, Choice.OFF)
    mail.outbox.clear()
    publish(new_idea, qm_staff)
    assert not mail.outbox
    assert not DigestItem.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_mails_without_a_kind_are_never_suppressed(new_idea):
    for kind in Kind.values:
        set_choice("einreicherin@example.org", kind, Choice.OFF)
    mail.outbox.clear()
    queue_mail(to="einreicherin@example.org", template="account/email/unknown_account", context={"signup_url": "/"})
    assert len(mail.outbox) == 1
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_each_recipient_gets_their_own_setting(qm_staff):
    set_choice("b@example.org", Kind.APPLICATION, Choice.OFF)
    set_choice("c@example.org", Kind.APPLICATION, Choice.DAILY)
    mail.outbox.clear()
    queue_mail(
        to=["a@example.org", "b@example.org", "c@example.org"],
        template="notifications/email/news",
        context={"object": NewsPostFactory(), "link": "/"},
        kind=Kind.APPLICATION,
        about="x",
    )
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    assert list(DigestItem.objects.values_list("email", flat=True)) == ["c@example.org"]


# --- Digests --------------------------------------------------------------------------------


def news_item(email, post, kind=Kind.NEWS):
    queue_mail(
        to=email, template="notifications/email/news", context={"object": post, "link": "/"}, kind=kind, about=post
    )


def test_the_daily_digest_lists_each_item_once_and_never_again():
    set_choice("leser@example.org", Kind.NEWS, Choice.DAILY)
    first, second = NewsPostFactory(title="Hoffest"), NewsPostFactory(title="Baustelle")
    news_item("leser@example.org", first)
    news_item("leser@example.org", first)  # the same object again: still one item
    news_item("leser@example.org", second)
    assert DigestItem.objects.count() == 2
    mail.outbox.clear()
    assert digests.daily_digests() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count("Hoffest") >= 1 and "Baustelle" in body
    assert "2" in mail.outbox[0].subject
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not DigestItem.objects.filter(sent_at__isnull=True).exists()
    # Nothing new: no second digest; the old object reported again: still nothing.
    news_item("leser@example.org", first)
    assert digests.daily_digests() == 0
    # Something new: a digest with only the new item.
    third = NewsPostFactory(title="Laternenumzug")
    news_item("leser@example.org", third)
    mail.outbox.clear()
    assert digests.daily_digests() == 1
    assert "Laternenumzug" in mail.outbox[0].body
    assert "Hoffest" not in mail.outbox[0].body and "Baustelle" not in mail.outbox[0].body


def test_the_weekly_digest_goes_out_on_mondays_or_when_an_item_is_overdue():
    set_choice("leser@example.org", Kind.NEWS, Choice.WEEKLY)
    news_item("leser@example.org", NewsPostFactory())
    tuesday = timezone.make_aware(timezone.datetime(2026, 12, 1, 7, 15))
    monday = tuesday + timedelta(days=6)
    assert digests.send_digests(Choice.WEEKLY, now=tuesday) == 0
    assert digests.daily_digests() == 0  # weekly items are not in the daily digest
    assert digests.send_digests(Choice.WEEKLY, now=monday) == 1
    news_item("leser@example.org", NewsPostFactory())
    DigestItem.objects.filter(sent_at__isnull=True).update(created_at=tuesday - timedelta(days=9))
    assert digests.send_digests(Choice.WEEKLY, now=tuesday) == 1


def test_a_digest_takes_the_same_number_of_queries_for_one_item_or_ten():
    set_choice("leser@example.org", Kind.NEWS, Choice.DAILY)
    set_choice("viel@example.org", Kind.NEWS, Choice.DAILY)
    news_item("leser@example.org", NewsPostFactory())
    for _n in range(10):
        news_item("viel@example.org", NewsPostFactory())
    with CaptureQueriesContext(connection) as one:
        assert digests.send_digest("leser@example.org", Choice.DAILY) == 1
    with CaptureQueriesContext(connection) as ten:
        assert digests.send_digest("viel@example.org", Choice.DAILY) == 10
    assert len(one) == len(ten)


# --- The settings page and the signed link ------------------------------------------------------


def test_the_settings_page_shows_the_kinds_of_the_persons_roles(client, resident, council_member, juror):
    client.force_login(resident)
    body = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="news"' in body and 'name="idea_status"' in body
    assert 'name="council_meeting"' not in body and 'name="jury_round"' not in body
    client.force_login(council_member)
    body = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="council_meeting"' in body and 'name="jury_round"' not in body
    client.force_login(juror)
    assert 'name="jury_round"' in client.get(reverse("notifications:settings")).content.decode()


def test_the_settings_page_saves_the_choices(client, resident):
    client.force_login(resident)
    data = dict.fromkeys(("idea_status", "idea_comment", "application", "call", "news"), Choice.WEEKLY)
    data["news"] = Choice.IMMEDIATE
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302
    assert preferences.settings_of(resident.email)["news"] == Choice.IMMEDIATE
    assert preferences.settings_of(resident.email)["call"] == Choice.WEEKLY
    # A choice that does not exist is an error beside the field, not a 500.
    response = client.post(reverse("notifications:settings"), {**data, "news": "hourly"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_the_settings_page_takes_the_same_number_of_queries_with_more_settings(client, resident, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache
    client.force_login(resident)
    url = reverse("notifications:settings")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for kind in Kind.values:
        set_choice(resident.email, kind, Choice.DAILY)
    client.get(url)  # the layout's cached site settings follow the write
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_the_signed_link_changes_the_setting_without_a_login(client):
    token = tokens.make_token("Gast@Example.org", [Kind.IDEA_STATUS])
    url = reverse("notifications:link", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "gast@example.org" in body
    assert 'name="idea_status"' in body and 'name="news"' not in body  # only the kinds of the mail
    response = client.post(url, {"idea_status": Choice.OFF})
    assert response.status_code == 302
    assert Preference.objects.get().choice == Choice.OFF
    # It changes nothing but the kinds it names.
    client.post(url, {"idea_status": Choice.DAILY, "news": Choice.IMMEDIATE})
    assert dict(Preference.objects.values_list("kind", "choice")) == {"idea_status": Choice.DAILY}


def test_a_tampered_link_is_refused(client):
    token = tokens.make_token("gast@example.org", [Kind.NEWS])
    other = tokens.make_token("opfer@example.org", [Kind.NEWS])
    forged = other.split(":")[0] + ":" + ":".join(token.split(":")[1:])
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "kaputt"):
        assert client.get(reverse("notifications:link", kwargs={"token": bad})).status_code == 400
        assert client.post(reverse("notifications:one_click", kwargs={"token": bad})).status_code == 400
    assert not Preference.objects.exists()


def test_an_expired_link_is_refused(client, settings):
    settings.SIGNED_LINK_MAX_AGE = {**settings.SIGNED_LINK_MAX_AGE, "notifications.settings": 90}
    with mock.patch("time.time", return_value=time.time() - 91 * 86400):
        token = tokens.make_token("gast@example.org", [Kind.NEWS])
    response = client.get(reverse("notifications:link", kwargs={"token": token}))
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()  # "This link has expired."
    with mock.patch("time.time", return_value=time.time() - 89 * 86400):
        token = tokens.make_token("gast@example.org", [Kind.NEWS])
    assert client.get(reverse("notifications:link", kwargs={"token": token})).status_code == 200


def test_one_click_unsubscribe_is_a_post_without_csrf_token(new_idea, qm_staff):
    mail.outbox.clear()
    publish(new_idea, qm_staff)
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    path = header.strip("<>").split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)
    assert client.get("/" + path).status_code == 302  # a person following it lands on the settings page
    response = client.post("/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert preferences.settings_of("einreicherin@example.org")[Kind.IDEA_STATUS] == Choice.OFF
    mail.outbox.clear()
    idea_change_status(idea=new_idea, to=IdeaStatus.IN_REVIEW, by=qm_staff)
    assert not mail.outbox


# --- Announcements --------------------------------------------------------------------------


def test_news_go_only_to_those_who_switched_them_on(make_user):
    reader, other = make_user("resident"), make_user("resident")
    set_choice(reader.email, Kind.NEWS, Choice.IMMEDIATE)
    NewsPostFactory(title="Hoffest am Samstag")
    NewsPostFactory(title="Altes", published_at=timezone.now() - timedelta(days=30))  # before the window
    NewsPostFactory(title="Später", published_at=timezone.now() + timedelta(days=1))  # not yet published
    mail.outbox.clear()
    assert broadcast.broadcast_new() == 1
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert "Hoffest am Samstag" in mail.outbox[0].subject
    assert other.email not in str([message.to for message in mail.outbox])
    mail.outbox.clear()
    assert broadcast.broadcast_new() == 0  # never twice
    assert not mail.outbox


def test_a_new_call_lands_in_everyones_weekly_digest(make_user):
    users = [make_user("resident"), make_user("provider")]
    set_choice(users[1].email, Kind.CALL, Choice.IMMEDIATE)
    call = CallFactory(title="Grüne Höfe")
    CallFactory(title="Entwurf", is_published=False)
    mail.outbox.clear()
    broadcast.broadcast_new()
    assert [message.to for message in mail.outbox] == [[users[1].email]]
    item = DigestItem.objects.get()
    assert (item.email, item.frequency, item.object_key) == (
        users[0].email.lower(),
        Choice.WEEKLY,
        f"funding.call:{call.pk}",
    )


def test_council_meetings_go_to_council_members_and_jury_rounds_to_the_rounds_jurors(make_user):
    resident, member, juror, other_juror = (make_user(role) for role in ("resident", "council", "juror", "juror"))
    year = FundYearFactory(jurors=[juror])
    RoundFactory(fund_year=year, status=RoundStatus.OPEN, opened_at=timezone.now())
    MeetingFactory()
    mail.outbox.clear()
    assert broadcast.broadcast_new() == 2
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([member.email, juror.email])
    assert other_juror.email not in recipients and resident.email not in recipients


def test_a_published_comment_is_announced_to_the_ideas_author_once(make_user):
    idea = IdeaFactory(email="autorin@example.org")
    CommentFactory(idea=idea, text="Tolle Idee!")
    CommentFactory(idea=idea, status="pending", text="Wartet noch")
    mail.outbox.clear()
    broadcast.broadcast_new()  # comments default to the daily digest
    assert not mail.outbox
    item = DigestItem.objects.get()
    assert item.email == "autorin@example.org" and "Tolle Idee!" in item.body
    assert broadcast.broadcast_new() == 0
    assert Broadcast.objects.count() == 1


def test_announcing_takes_the_same_number_of_queries_for_more_readers(make_user):
    make_user("resident")
    set_choice("nobody@example.org", Kind.NEWS, Choice.OFF)
    NewsPostFactory()
    with CaptureQueriesContext(connection) as few:
        broadcast.broadcast_new()
    for _n in range(10):
        make_user("resident")
    NewsPostFactory()
    with CaptureQueriesContext(connection) as many:
        broadcast.broadcast_new()
    assert len(few) == len(many)  # news are off by default: nobody to render for either time


# --- The office ----------------------------------------------------------------------------


@pytest.fixture
def office_address():
    site = SiteSettings.load()
    site.email = "buero@qm.example"
    site.save()
    return site.email


def test_what_comes_in_is_collected_and_mailed_to_the_office_once_an_hour(office_address, resident):
    idea = IdeaFactory(status=IdeaStatus.UNCONFIRMED, submitter=None)
    idea_submit(idea=IdeaFactory.build(status=IdeaStatus.UNCONFIRMED, title="Bank am Teich"), user=resident)
    comment_add(idea=idea, author=resident, text="Ein Kommentar zum Prüfen")
    comment_add(idea=idea, author=resident, text="Noch einer")
    assert sorted(OfficeNotice.objects.values_list("kind", flat=True)) == ["comment", "comment", "idea"]
    now = timezone.now()
    mail.outbox.clear()
    assert office.office_digests(now=now) == 2  # one mail per kind
    assert sorted(len(message.body.split("\n* ")) - 1 for message in mail.outbox) == [1, 2]
    assert all(message.to == [office_address] for message in mail.outbox)
    assert "Bank am Teich" in "".join(message.body for message in mail.outbox)
    # More comes in within the hour: it waits for the next hour.
    comment_add(idea=idea, author=resident, text="Dritter")
    mail.outbox.clear()
    assert office.office_digests(now=now + timedelta(minutes=30)) == 0
    assert not mail.outbox
    assert office.office_digests(now=now + timedelta(minutes=61)) == 1
    assert "Dritter" in mail.outbox[0].body


def test_office_addresses_are_set_per_kind(office_address, resident):
    OfficeRecipients.objects.create(kind=OfficeKind.COMMENT, addresses="moderation@qm.example\nzweite@qm.example")
    comment_add(idea=IdeaFactory(), author=resident, text="Bitte prüfen")
    mail.outbox.clear()
    office.office_digests()
    assert mail.outbox[0].to == ["moderation@qm.example", "zweite@qm.example"]


def test_submitted_applications_and_confirmed_suggestions_reach_the_office(office_address):
    from apps.actionfund.models import ApplicationEvent
    from apps.actionfund.tests.factories import ApplicationFactory as ActionFundApplicationFactory
    from apps.funding.services import application_submit
    from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
    from apps.network.services import suggestion_confirm
    from apps.network.tests.factories import SuggestionFactory

    funding = FundingApplicationFactory(title="Kiezgarten")
    application_submit(application=funding, by=funding.owner)
    action = ActionFundApplicationFactory(title="Hoffest")
    ApplicationEvent.objects.create(application=action, from_status="unconfirmed", to_status="submitted")
    suggestion_confirm(suggestion=SuggestionFactory(name="Repair-Café"))
    notices = dict(OfficeNotice.objects.values_list("kind", "summary"))
    assert "Kiezgarten" in notices["funding"] and "Hoffest" in notices["actionfund"]
    assert "Repair-Café" in notices["suggestion"]
    mail.outbox.clear()
    assert office.office_digests() == 3
    assert {message.to[0] for message in mail.outbox} == {office_address}
    # The accessibility feedback of the pages app plugs in by its model name (once it exists).
    assert any(source.model == "pages.AccessibilityFeedback" for source in office.SOURCES)


def test_payment_requests_and_proofs_of_use_from_providers_reach_the_office(office_address, qm_staff):
    """A provider's payment request (Mittelabruf) and proof of use (Verwendungsnachweis) are
    announced like a new application; what the QM team entered itself from a letter is not."""
    from datetime import date
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.funding import grants
    from apps.funding.tests.factories import PDF_BYTES, ApplicationFactory, GrantNoticeFactory

    def pdf():
        return SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf")

    paying = GrantNoticeFactory(application=ApplicationFactory.in_status("running", title="Kiezgarten")).application
    grants.payment_request_create(application=paying, amount=Decimal("6000.00"), by=paying.owner, purpose="1. Rate")
    grants.payment_request_create(application=paying, amount=Decimal("1000.00"), by=qm_staff, purpose="Brief")
    grants.proof_submit(application=paying, kind="interim", period_end=date(2027, 6, 30), report=pdf(),
                        statement=pdf(), by=paying.owner)  # fmt: skip
    notices = {
        kind: (summary, link) for kind, summary, link in OfficeNotice.objects.values_list("kind", "summary", "link")
    }
    assert OfficeNotice.objects.count() == 2  # the request the QM team typed in is not reported back
    assert notices[OfficeKind.FUNDING_PAYMENT][0] == f"Kiezgarten (#{paying.pk}): 6.000,00\xa0€"
    assert "/admin/funding/paymentrequest/" in notices[OfficeKind.FUNDING_PAYMENT][1]
    assert notices[OfficeKind.FUNDING_PROOF][0] == f"Kiezgarten (#{paying.pk}): Zwischennachweis"
    assert f"/admin/funding/application/{paying.pk}/" in notices[OfficeKind.FUNDING_PROOF][1]
    OfficeRecipients.objects.create(kind=OfficeKind.FUNDING_PAYMENT, addresses="kasse@qm.example")
    mail.outbox.clear()
    assert office.office_digests() == 2  # one digest per kind, each to its addresses
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "6.000,00" in by_address["kasse@qm.example"].body
    assert "Zwischennachweis" in by_address[office_address].body


def test_entries_the_office_typed_in_itself_are_not_reported_back_to_it(office_address, qm_staff):
    typed_in = IdeaFactory(
        status=IdeaStatus.UNCONFIRMED, entry_source="office", consent_recorded_on=timezone.localdate()
    )
    transition(typed_in, IdeaStatus.NEW, by=None)  # the workflow's confirmation step
    online = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    transition(online, IdeaStatus.NEW, by=None)
    assert list(OfficeNotice.objects.values_list("object_key", flat=True)) == [f"ideas.idea:{online.pk}"]
