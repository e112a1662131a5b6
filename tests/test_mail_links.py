"""Every mail the portal sends, made from the demo data: each link starts with SITE_URL and opens
(200, after the expected redirects such as a login), no mail names example.com, and CR/LF/NUL or
overlong input in a field that reaches a subject or header gets a normal answer."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.actionfund import services as actionfund
from apps.actionfund.models import Application as ActionFundApplication
from apps.actionfund.tests.test_views import application_data
from apps.core.mail import queue_mail
from apps.core.models import OutgoingMail
from apps.council.models import Meeting, MeetingStatus
from apps.council.services import meeting_invite
from apps.events import services as events
from apps.events.models import EventSuggestion
from apps.events.tests.test_views import suggestion_data as event_suggestion_data
from apps.funding import services as funding
from apps.funding.models import WORKFLOW as FUNDING_WORKFLOW
from apps.funding.models import Application as FundingApplication
from apps.funding.tests.factories import OfficeEntryApplicationFactory
from apps.ideas import services as ideas
from apps.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus, Office
from apps.ideas.tests.factories import CommentFactory, IdeaFactory
from apps.ideas.tests.test_views import form_data as idea_data
from apps.network import services as network
from apps.network.models import Suggestion
from apps.network.tests.test_views import suggestion_data
from apps.newsletter import services as newsletter
from apps.newsletter.models import Issue, Subscription
from apps.notifications import broadcast, digests, office, preferences, reminders
from apps.notifications.models import Kind
from apps.pages.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"https?://[^\s\"<>]+")
ALLAUTH_MAILS = {
    "account/email/email_confirmation_signup",
    "account/email/password_reset_key",
    "account/email/unknown_account",
    "account/email/account_already_exists",
}


def mail_templates() -> set[str]:
    """The portal's own mail templates on disk, as the prefixes queue_mail() takes."""
    found = set()
    for path in ROOT.glob("apps/*/templates/*/*/*.txt"):
        if (
            path.parent.name in ("email", "mail")
            and not path.stem.endswith("_subject")
            and path.stem not in ("signature", "footer")
        ):
            found.add(str(path.relative_to(path.parents[2]).with_suffix("")))
    return found


@pytest.fixture
def demo(settings):
    settings.SITE_URL = "https://kiez.example.org"
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def send_every_mail(client, qm, settings):
    # Ideas: confirmation, status change, rejection, forwarding to an office.
    client.post(reverse("ideas:new"), idea_data(email="idee@example.org"), REMOTE_ADDR="203.0.113.9")
    first, second = (IdeaFactory(status=IdeaStatus.NEW, email=f"idee{n}@example.org") for n in (1, 2))
    ideas.idea_change_status(idea=first, to=IdeaStatus.PUBLISHED, by=qm, answer="Danke!")
    ideas.idea_change_status(idea=second, to=IdeaStatus.REJECTED, by=qm, answer="Werbung.")
    concern = Idea.objects.filter(kind=Idea.Kind.CONCERN, status__in=PUBLIC_STATUSES, is_hidden=False).first()
    ideas.concern_forward(idea=concern, office=Office.objects.first(), message="Bitte prüfen", by=qm)
    ideas.concern_answer_published(idea=concern)
    # Directory: confirmation, the office's notice, approval and rejection.
    client.post(reverse("network:suggest_entry"), suggestion_data(suggester_email="vorschlag@example.org"))
    suggestion = Suggestion.objects.get(suggester_email="vorschlag@example.org")
    network.suggestion_confirm(suggestion=suggestion)
    network.suggestion_approve(suggestion=suggestion, by=qm, comment="Willkommen")
    client.post(reverse("network:suggest_entry"), suggestion_data(name="Zweiter", suggester_email="zwei@example.org"))
    second = Suggestion.objects.get(suggester_email="zwei@example.org")
    network.suggestion_confirm(suggestion=second)
    network.suggestion_reject(suggestion=second, by=qm, comment="Doppelt")
    # Calendar: a suggestion's confirmation, the office's notice, approval and rejection.
    client.post(reverse("events:suggest"), event_suggestion_data(suggester_email="termin@example.org"))
    event_suggestion = EventSuggestion.objects.get(suggester_email="termin@example.org")
    events.suggestion_confirm(suggestion=event_suggestion)
    events.suggestion_approve(suggestion=event_suggestion, by=qm)
    client.post(reverse("events:suggest"), event_suggestion_data(title="Zweites", suggester_email="t2@example.org"))
    event_suggestion = EventSuggestion.objects.get(suggester_email="t2@example.org")
    events.suggestion_confirm(suggestion=event_suggestion)
    events.suggestion_reject(suggestion=event_suggestion, by=qm)
    # Newsletter: the confirmation, then the demo's issue to every confirmed subscription.
    client.post(reverse("newsletter:subscribe"), {"email": "leserin@example.org", "privacy_consent": "on"})
    newsletter.confirm(Subscription.objects.get(email="leserin@example.org"))
    newsletter.send_issue(Issue.objects.first(), by=qm)
    # Action fund: confirmation, receipt and every status mail of its helper.
    later = (timezone.localdate() + timedelta(days=120)).isoformat()  # after the demo's next jury meeting
    client.post(
        reverse("actionfund:apply"), application_data(email="aktion@example.org", starts_on=later, ends_on=later)
    )
    application = ActionFundApplication.objects.get(email="aktion@example.org")
    actionfund.application_confirm(application=application)
    for template in ("decision", "paid", "reclaimed", "proof_reminder"):
        actionfund._mail(application, template, "Aktionsfonds")
    actionfund.application_send_status_link(application=application)  # an application the office entered
    # Funding: a status change; council: the invitation.
    draft = FundingApplication.objects.filter(status="draft").exclude(owner=None).first()
    funding.application_withdraw(application=draft, by=draft.owner, comment="Bitte ergänzen")
    paper = OfficeEntryApplicationFactory(email="traeger@example.org")  # entered by the office, with an address
    assert funding.application_send_status_link(application=paper)
    meeting = Meeting.objects.filter(status=MeetingStatus.PLANNED).first()
    meeting_invite(meeting=meeting, by=qm)
    # Notifications: every announcement at once for the demo logins, a digest, the office's
    # hourly digest of what came in above and the reminder about the forwarded concern.
    for user in User.objects.filter(email__endswith="@kiezportal.example"):
        preferences.save(user.email, dict.fromkeys(Kind.values, "immediate"))
    preferences.save(first.email, {"idea_comment": "immediate"})
    NewsPostFactory(title="Hoffest")
    CommentFactory(idea=first, author=qm, text="Gute Idee")
    broadcast.broadcast_new()
    preferences.save("leser@example.org", {"news": "daily"})
    post = NewsPostFactory(title="Laternenumzug")
    queue_mail(to="leser@example.org", template="notifications/email/news", context={"object": post}, kind="news")
    digests.daily_digests()
    office.office_digests()
    settings.FORWARD_REMINDER_TO_OFFICE = True
    Idea.objects.filter(pk=concern.pk).update(forwarded_at=timezone.now() - timedelta(days=30))
    reminders.forward_reminders()
    # allauth: sign-up, sign-up with a known address, password reset for a known and an unknown one.
    password = "ein-langes-passwort-2026"
    client.post(reverse("account_signup"), {"email": "neu@example.org", "password1": password, "password2": password})
    Client().post(reverse("account_signup"), {"email": qm.email, "password1": password, "password2": password})
    Client().post(reverse("account_reset_password"), {"email": qm.email})
    Client().post(reverse("account_reset_password"), {"email": "unbekannt@example.org"})


def test_every_mail_links_only_to_site_url_and_every_link_opens(demo, client, settings):
    qm = User.objects.filter(is_staff=True, is_superuser=False).first() or User.objects.filter(is_staff=True).first()
    send_every_mail(client, qm, settings)
    mails = list(OutgoingMail.objects.all())
    assert {mail.template for mail in mails} >= mail_templates() | ALLAUTH_MAILS
    checked = set()
    for mail in mails:
        text = mail.subject + mail.body + mail.reply_to
        assert "example.com" not in text, mail.template
        assert mail.status == OutgoingMail.Status.SENT
        for link in LINK.findall(mail.body):
            assert link.startswith(settings.SITE_URL + "/"), (mail.template, link)
            path = link.removeprefix(settings.SITE_URL)
            if path in checked:
                continue
            checked.add(path)
            response = Client().get(path, follow=True)
            assert response.status_code == 200, (mail.template, link)
    assert len(checked) > 15


@pytest.mark.parametrize(
    "value", ["Zeile eins\r\nBcc: alle@example.org", "Null\x00Byte", "Lang " * 400, "Tab\tund\u2028Trenner"]
)
def test_bad_values_in_fields_that_reach_a_subject_get_a_normal_answer(client, value, make_user):
    from apps.funding.tests.factories import ApplicationFactory

    answers = [
        client.post(reverse("ideas:new"), idea_data(title=value, email="idee@example.org"), REMOTE_ADDR="203.0.113.8"),
        client.post(reverse("network:suggest_entry"), suggestion_data(name=value)),
        client.post(
            reverse("account_signup"),
            {"email": f"{value}@example.org", "password1": "ein-langes-pw-2026", "password2": "ein-langes-pw-2026"},
        ),
    ]
    assert all(answer.status_code in (200, 302) for answer in answers), [a.status_code for a in answers]
    application = ApplicationFactory(title=value[:200].replace("\x00", ""))
    # The mail of the funding workflow's steps, with the value as the step's comment.
    status_mail = FUNDING_WORKFLOW.mail
    queue_mail(to=status_mail.to(application), template=status_mail.template, kind=status_mail.kind,
               context={**status_mail.context(application, None), "comment": value})  # fmt: skip
    for mail in OutgoingMail.objects.all():
        assert "\n" not in mail.subject and "\r" not in mail.subject and "\x00" not in mail.subject
        assert "\x00" not in mail.body and len(mail.subject) <= 200
