import io
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone
from PIL import Image

from apps.ideas import services
from apps.ideas.models import Idea, IdeaStatus

from .factories import IdeaFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def test_status_change_mails_the_submitter_on_every_public_change(qm_staff, django_capture_on_commit_callbacks):
    idea = IdeaFactory(status=IdeaStatus.NEW, email="anna@example.org")
    for target in (IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW, IdeaStatus.TAKEN_UP, IdeaStatus.REALISED):
        with django_capture_on_commit_callbacks(execute=True):
            services.idea_change_status(idea=idea, to=target, by=qm_staff, answer=f"Antwort {target}")
    assert [m.to for m in mail.outbox] == [["anna@example.org"]] * 4
    assert "Antwort taken_up" in mail.outbox[2].body


def test_rejection_mails_the_reason(qm_staff, django_capture_on_commit_callbacks):
    idea = IdeaFactory(status=IdeaStatus.NEW, email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_change_status(idea=idea, to=IdeaStatus.REJECTED, by=qm_staff, answer="Das ist Werbung.")
    assert len(mail.outbox) == 1
    assert "Das ist Werbung." in mail.outbox[0].body


def test_taken_up_keeps_the_linked_application_in_the_history(qm_staff):
    idea = IdeaFactory(status=IdeaStatus.PUBLISHED)
    change = services.idea_change_status(
        idea=idea, to=IdeaStatus.TAKEN_UP, by=qm_staff, answer="Wird gefördert.", linked_record="Projekt „Kiezgarten“"
    )
    assert change.linked_record == "Projekt „Kiezgarten“"


def test_confirmation_token_valid_tampered_and_expired():
    idea = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    token = services.confirmation_token(idea)
    assert services.idea_from_token(token) == idea
    with pytest.raises(signing.BadSignature):
        services.idea_from_token(token[:-2] + "xx")
    with pytest.raises(signing.SignatureExpired):
        signing.loads(token, salt=services.CONFIRM_PURPOSE, max_age=-1)


def test_purge_deletes_only_expired_unconfirmed_entries():
    old = IdeaFactory(status=IdeaStatus.UNCONFIRMED, created_at=timezone.now() - timedelta(days=8))
    fresh = IdeaFactory(status=IdeaStatus.UNCONFIRMED, created_at=timezone.now() - timedelta(days=6))
    published = IdeaFactory(created_at=timezone.now() - timedelta(days=30))
    assert services.unconfirmed_purge() == 1
    assert set(Idea.objects.all()) == {fresh, published}
    assert not Idea.objects.filter(pk=old.pk).exists()


def test_support_toggle_counts_and_withdraws(resident, make_user):
    idea = IdeaFactory()
    assert services.support_toggle(idea=idea, user=resident) is True
    assert services.support_toggle(idea=idea, user=make_user("resident")) is True
    idea.refresh_from_db()
    assert idea.support_count == 2
    assert services.support_toggle(idea=idea, user=resident) is False
    idea.refresh_from_db()
    assert idea.support_count == 1


def test_comments_wait_for_moderation_except_from_the_qm_team(resident, qm_staff):
    idea = IdeaFactory()
    assert services.comment_add(idea=idea, author=resident, text="Super").status == "pending"
    assert services.comment_add(idea=idea, author=qm_staff, text="Danke!").status == "approved"


def test_forwarding_a_concern_mails_the_office(django_capture_on_commit_callbacks, qm_staff):
    concern = IdeaFactory(kind=Idea.Kind.CONCERN, title="Laterne kaputt")
    office = OfficeFactory(email="sga@bezirksamt.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.concern_forward(idea=concern, office=office, message="Bitte prüfen", by=qm_staff)
    concern.refresh_from_db()
    assert concern.office == office and concern.forwarded_at is not None
    assert mail.outbox[0].to == ["sga@bezirksamt.example"]
    assert "Laterne kaputt" in mail.outbox[0].body and "Bitte prüfen" in mail.outbox[0].body


def _image_bytes(fmt: str, *, exif: bool = False, size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, "#336699")
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Kamerahersteller"  # Make
        data[0x8825] = {2: (52.0, 30.0, 0.0)}  # GPS
        kwargs["exif"] = data.tobytes()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def test_reencoded_photo_has_no_exif():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.files import JPEG, reencode_image

    original = _image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif()
    result = reencode_image(SimpleUploadedFile("foto.jpg", original, content_type="image/jpeg"), JPEG)
    cleaned = Image.open(io.BytesIO(result.read()))
    assert cleaned.format == "JPEG"
    assert not cleaned.getexif()
    assert b"Kamerahersteller" not in result.file.getvalue()


def test_purge_command_reports_deleted_entries():
    from django.core.management import call_command

    IdeaFactory(status=IdeaStatus.UNCONFIRMED, created_at=timezone.now() - timedelta(days=10))
    out = io.StringIO()
    call_command("ideas_purge_unconfirmed", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert not Idea.objects.exists()
