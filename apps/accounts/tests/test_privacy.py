"""Privacy self-service: the export holds everything the apps store about the person (with uploads);
erasure deletes what is theirs, keeps submitted applications anonymised, and closes the account."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.actionfund.models import Application as ActionfundApplication
from apps.actionfund.models import ApplicationStatus as AS
from apps.actionfund.models import Attachment as ActionfundAttachment
from apps.actionfund.tests.factories import ApplicationFactory as ActionfundApplicationFactory
from apps.events.models import EventSuggestion
from apps.events.tests.factories import EventSuggestionFactory
from apps.funding.models import Application as FundingApplication
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
from apps.ideas.models import Comment, Idea, Support
from apps.ideas.tests.factories import CommentFactory, IdeaFactory, SupportFactory
from apps.network.models import Suggestion
from apps.network.tests.factories import SuggestionFactory
from apps.newsletter.models import Subscription
from apps.newsletter.tests.factories import SubscriptionFactory

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    user = make_user("provider", first_name="Erika", last_name="Beispiel", email="erika@example.org")
    idea = IdeaFactory(submitter=user, email=user.email, title="Trinkbrunnen am Ufer")
    IdeaFactory(email="erika@example.org", title="Ohne Konto gesendet")
    other_idea = IdeaFactory(title="Fremde Idee", support_count=1)
    SupportFactory(idea=other_idea, user=user)
    CommentFactory(idea=other_idea, author=user, text="Mein Kommentar")
    FundingApplicationFactory(owner=user, title="Entwurf bleibt nicht")
    FundingApplicationFactory.in_status("submitted", owner=user, title="Lesepaten", contact_person="Erika Beispiel",
                                        email="erika@example.org")  # fmt: skip
    kept = ActionfundApplicationFactory(user=user, email=user.email, applicant_name="Erika Beispiel",
                                        title="Hoffest", granted_amount=Decimal("300"), status=AS.APPROVED)  # fmt: skip
    ActionfundAttachment.objects.create(application=kept, title="plan.pdf",
                                        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 Plan"))  # fmt: skip
    ActionfundApplicationFactory(email=user.email, status=AS.UNCONFIRMED, title="Nie bestätigt")
    SuggestionFactory(suggester_email="erika@example.org", name="Repair-Café")
    EventSuggestionFactory(suggester_email="Erika@example.org", title="Hofflohmarkt")
    SubscriptionFactory(email="erika@example.org")
    assert idea.pk
    return user


def test_download_holds_every_app_and_the_uploads(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:my_data_download"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("daten.json"))["sections"]
    assert data["account"][0]["email"] == "erika@example.org" and "password" not in data["account"][0]
    assert {"Trinkbrunnen am Ufer", "Ohne Konto gesendet"} == {row["title"] for row in data["ideas and concerns"]}
    assert len(data["supports"]) == 1 and data["comments"][0]["text"] == "Mein Kommentar"
    assert {"Entwurf bleibt nicht", "Lesepaten"} == {row["title"] for row in data["funding applications"]}
    assert {"Hoffest", "Nie bestätigt"} == {row["title"] for row in data["action fund applications"]}
    assert data["directory suggestions"][0]["name"] == "Repair-Café"
    assert data["event suggestions"][0]["title"] == "Hofflohmarkt"
    subscription = data["newsletter subscriptions"][0]
    assert subscription["email"] == "erika@example.org" and subscription["confirmed_at"]
    assert data["roles"] == [{"group": "Projektträger"}]
    uploads = [name for name in archive.namelist() if name.startswith("uploads/actionfund/")]
    assert len(uploads) == 1 and archive.read(uploads[0]) == b"%PDF-1.4 Plan"
    assert "private" in response["Cache-Control"]


def test_only_the_persons_own_data_is_exported(client, person, resident):
    client.force_login(resident)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:my_data_download")).content))
    data = json.loads(archive.read("daten.json"))["sections"]
    assert data["account"][0]["email"] == resident.email
    assert not data["ideas and concerns"] and not data["funding applications"]


def test_delete_needs_the_password(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:account_delete"), {"password": "falsch"})
    assert response.status_code == 200 and "password" in response.context["form"].errors
    assert User.objects.get(pk=person.pk).is_active


def test_deletion_erases_and_anonymises(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:account_delete")).content.decode()
    assert "10 Jahre" in page  # explains what is kept, and for how long
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    account = User.objects.get(pk=person.pk)
    assert not account.is_active and not account.has_usable_password()
    assert "erika" not in account.email and account.first_name == account.last_name == ""
    assert not account.groups.exists() and not account.emailaddress_set.exists()
    assert not Idea.objects.filter(title__in=["Trinkbrunnen am Ufer", "Ohne Konto gesendet"]).exists()
    assert not Comment.objects.filter(author=account).exists() and not Support.objects.exists()
    assert Idea.objects.get(title="Fremde Idee").support_count == 0
    assert not FundingApplication.objects.filter(title="Entwurf bleibt nicht").exists()
    kept = FundingApplication.objects.get(title="Lesepaten")
    assert kept.contact_person == "" and kept.email == ""
    hoffest = ActionfundApplication.objects.get(title="Hoffest")
    assert hoffest.applicant_name == "–" and hoffest.email == "" and hoffest.user is None
    assert hoffest.attachments.count() == 1  # part of the record that is kept
    assert not ActionfundApplication.objects.filter(title="Nie bestätigt").exists()
    assert not Suggestion.objects.exists()
    assert not EventSuggestion.objects.exists() and not Subscription.objects.exists()
    assert (
        client.post(reverse("account_login"), {"login": "erika@example.org", "password": PASSWORD}).status_code == 200
    )


def test_staff_close_their_accounts_through_a_superuser(client, qm_staff):
    client.force_login(qm_staff)
    assert client.post(reverse("accounts:account_delete"), {"password": PASSWORD}).status_code == 403
