import io
import re
import time

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.actionplan.models import FieldOfAction
from apps.ideas import services
from apps.ideas.models import Comment, Idea, IdeaStatus

from .factories import CommentFactory, IdeaFactory, OfficeFactory, StatusChangeFactory, SupportFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def form_data(**overrides):
    data = {
        "kind": "idea",
        "title": "Trinkbrunnen am Ufer",
        "description": "Im Sommer fehlt Wasser.",
        "location": "Uferweg",
        "display_name": "",
        "email": "anna@example.org",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def image_upload(fmt="JPEG", name="foto.jpg", size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2e7d32").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def expired_token(idea):
    class OldSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)

    return OldSigner(salt=services.CONFIRM_PURPOSE).sign_object({"idea": idea.pk, "email": idea.email}, compress=True)


# --- list and detail -------------------------------------------------------------------


def test_list_total_is_cached_and_renewed_when_ideas_change(client, django_assert_num_queries):
    ideas = [IdeaFactory() for _ in range(3)]
    assert "3 Einträge" in client.get(reverse("ideas:list")).content.decode()
    with django_assert_num_queries(2):  # nothing written since: the page and the field choices, no COUNT
        assert "3 Einträge" in client.get(reverse("ideas:list") + "?sort=supported").content.decode()
    Idea.objects.filter(pk=ideas[0].pk).update(is_hidden=True)  # a bulk update renews the total too
    assert "2 Einträge" in client.get(reverse("ideas:list") + "?sort=supported").content.decode()
    Idea.objects.filter(pk=ideas[0].pk).update(is_hidden=False, title="Ohne Signal")
    IdeaFactory()
    assert "4 Einträge" in client.get(reverse("ideas:list")).content.decode()
    services.idea_set_hidden(idea=ideas[1], hidden=True)
    assert "3 Einträge" in client.get(reverse("ideas:list")).content.decode()
    ideas[2].delete()
    assert "2 Einträge" in client.get(reverse("ideas:list")).content.decode()
    assert "1 Eintrag" in client.get(reverse("ideas:list") + "?q=Signal").content.decode()


def test_list_shows_only_published_entries_with_constant_queries(client, django_assert_max_num_queries, make_user):
    field = FieldOfAction.objects.first()
    for number in range(50):
        IdeaFactory(field_of_action=field, support_count=number)
    IdeaFactory(title="Noch nicht geprüft", status=IdeaStatus.NEW)
    IdeaFactory(title="Versteckt", is_hidden=True)
    for query in ("", "?sort=supported", f"?field={field.slug}&kind=idea&status=published", "?q=Grün", "?page=2"):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(reverse("ideas:list") + query)
        assert response.status_code == 200
    content = client.get(reverse("ideas:list")).content.decode()
    assert "Noch nicht geprüft" not in content and "Versteckt" not in content
    assert "einreicher" not in content  # no e-mail addresses


def test_list_sorts_by_support_and_filters_by_kind(client):
    IdeaFactory(title="Wenig", support_count=1)
    IdeaFactory(title="Viel", support_count=9)
    IdeaFactory(title="Ein Anliegen", kind=Idea.Kind.CONCERN)
    titles = [idea.title for idea in client.get(reverse("ideas:list") + "?sort=supported").context["ideas"]]
    assert titles[0] == "Viel"
    titles = [idea.title for idea in client.get(reverse("ideas:list") + "?kind=concern").context["ideas"]]
    assert titles == ["Ein Anliegen"]


def test_list_ignores_invalid_filter_values(client):
    IdeaFactory()
    response = client.get(reverse("ideas:list") + "?kind=alles&field=gibtsnicht&page=x")
    assert response.status_code == 200


def test_detail_shows_history_answer_and_office_with_constant_queries(client, django_assert_max_num_queries, make_user):
    office = OfficeFactory(name="Ordnungsamt")
    idea = IdeaFactory(
        kind=Idea.Kind.CONCERN,
        email="geheim@example.org",
        office=office,
        forwarded_at="2026-11-02T10:00:00+01:00",
        office_answer="Wir kontrollieren öfter.",
    )
    StatusChangeFactory(idea=idea, from_status="new", to_status="published")
    StatusChangeFactory(idea=idea, from_status="published", to_status="taken_up", comment="Wird umgesetzt.")
    for _ in range(50):
        SupportFactory(idea=idea)
        CommentFactory(idea=idea)
    CommentFactory(idea=idea, text="Unmoderiert", status=Comment.Status.PENDING)
    for user in (None, make_user("resident")):
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(idea.get_absolute_url())
        content = response.content.decode()
        assert "Wird umgesetzt." in content
        assert "Weitergeleitet an Ordnungsamt am 02.11.2026" in content or "Forwarded to Ordnungsamt" in content
        assert "Wir kontrollieren öfter." in content
        assert "geheim@example.org" not in content
        assert "Unmoderiert" not in content


def test_detail_shows_display_name_only_when_given(client):
    named = IdeaFactory(display_name="Selin K.")
    anonymous = IdeaFactory(display_name="")
    assert "Selin K." in client.get(named.get_absolute_url()).content.decode()
    assert anonymous.email not in client.get(anonymous.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [IdeaStatus.UNCONFIRMED, IdeaStatus.NEW, IdeaStatus.REJECTED])
def test_resident_cannot_see_unpublished_entries(client, resident, status):
    idea = IdeaFactory(status=status)
    client.force_login(resident)
    assert client.get(idea.get_absolute_url()).status_code == 404


def test_resident_cannot_open_the_moderation_admin(client, resident):
    client.force_login(resident)
    response = client.get(reverse("admin:ideas_idea_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


# --- submitting -------------------------------------------------------------------------


def test_anonymous_submission_sends_confirmation_link_and_waits(client):
    response = client.post(reverse("ideas:new"), form_data(), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.UNCONFIRMED
    assert idea.submitter is None and idea.privacy_consent_at is not None
    assert mail.outbox[0].to == ["anna@example.org"]
    # The token carries a timestamp, so the mailed link is read back rather than compared.
    prefix = reverse("ideas:confirm", kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    match = re.search(re.escape(prefix) + r"([^/\s]+)/", mail.outbox[0].body)
    assert match and services.idea_from_token(match.group(1)) == idea


def test_logged_in_submission_skips_the_email_step(client, resident):
    client.force_login(resident)
    response = client.post(reverse("ideas:new"), form_data(email=""))
    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert idea.status == IdeaStatus.NEW
    assert idea.submitter == resident and idea.email == resident.email
    assert not mail.outbox
    assert client.get(idea.get_absolute_url()).status_code == 200  # the submitter sees it


def test_submission_errors_keep_the_input(client):
    response = client.post(reverse("ideas:new"), form_data(title="", privacy_consent=""))
    assert response.status_code == 200
    assert not Idea.objects.exists()
    content = response.content.decode()
    assert 'href="#id_title"' in content and "Im Sommer fehlt Wasser." in content


def test_honeypot_refuses_submission(client):
    response = client.post(reverse("ideas:new"), form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert response.context["form"].non_field_errors()


def test_rate_limit_refuses_submission_with_a_clear_message(client, settings):
    settings.RATE_LIMIT_COUNT = 2
    for _ in range(2):
        assert client.post(reverse("ideas:new"), form_data(), REMOTE_ADDR="198.51.100.9").status_code == 302
    response = client.post(reverse("ideas:new"), form_data(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert Idea.objects.count() == 2
    assert "Höchstens 2 Einsendungen pro Stunde" in str(response.context["form"].non_field_errors())
    assert client.post(reverse("ideas:new"), form_data(), REMOTE_ADDR="198.51.100.10").status_code == 302


def test_photo_is_stored_reencoded_with_alt_text(client):
    response = client.post(
        reverse("ideas:new"), form_data(photo=image_upload("PNG", "bild.png"), photo_alt="Ein Platz")
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.photo.name.endswith(".png") and idea.photo_alt == "Ein Platz"


def test_photo_needs_alt_text(client):
    response = client.post(reverse("ideas:new"), form_data(photo=image_upload()))
    assert response.status_code == 200
    assert "photo_alt" in response.context["form"].errors


@pytest.mark.parametrize(
    "upload",
    [
        lambda: image_upload("GIF", "bild.gif"),
        lambda: SimpleUploadedFile("foto.jpg", b"%PDF-1.4 kein Bild", content_type="image/jpeg"),
    ],
    ids=["gif", "pdf-named-jpg"],
)
def test_photo_of_wrong_type_is_refused(client, upload):
    response = client.post(reverse("ideas:new"), form_data(photo=upload(), photo_alt="Bild"))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_photo_over_five_megabytes_is_refused(client):
    big = SimpleUploadedFile("gross.jpg", image_upload().read() + b"\0" * (5 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(reverse("ideas:new"), form_data(photo=big, photo_alt="Bild"))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors


# --- confirmation link ------------------------------------------------------------------


def test_valid_confirmation_link_moves_entry_to_moderation(client):
    idea = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    url = reverse("ideas:confirm", kwargs={"token": services.confirmation_token(idea)})
    assert client.get(url).status_code == 200
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNCONFIRMED  # GET only asks
    assert client.post(url).status_code == 302
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW and idea.confirmed_at
    assert client.post(url).status_code == 400  # used up


def test_tampered_confirmation_link_is_refused(client):
    idea = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    token = services.confirmation_token(idea)
    other = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    forged = token.replace(token.split(":")[0], services.confirmation_token(other).split(":")[0])
    for bad in (token[:-3] + "abc", forged):
        response = client.post(reverse("ideas:confirm", kwargs={"token": bad}))
        assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNCONFIRMED


def test_expired_confirmation_link_is_refused(client):
    idea = IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    response = client.post(reverse("ideas:confirm", kwargs={"token": expired_token(idea)}))
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode() or "expired" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNCONFIRMED


# --- support and comments ---------------------------------------------------------------


def test_support_toggles_for_a_logged_in_resident(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    url = reverse("ideas:support", kwargs={"pk": idea.pk})
    assert client.post(url).status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert client.get(idea.get_absolute_url()).context["supported"] is True
    client.post(url)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_anonymous_support_goes_to_login(client):
    idea = IdeaFactory()
    response = client.post(reverse("ideas:support", kwargs={"pk": idea.pk}))
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_realised_entry_cannot_be_supported(client, resident):
    idea = IdeaFactory(status=IdeaStatus.REALISED)
    client.force_login(resident)
    client.post(reverse("ideas:support", kwargs={"pk": idea.pk}))
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_unpublished_entry_cannot_be_supported_or_commented(client, resident):
    idea = IdeaFactory(status=IdeaStatus.NEW)
    client.force_login(resident)
    assert client.post(reverse("ideas:support", kwargs={"pk": idea.pk})).status_code == 404
    assert client.post(reverse("ideas:comment", kwargs={"pk": idea.pk}), {"text": "Hallo"}).status_code == 404


def test_comment_waits_for_moderation_and_author_sees_it(client, resident, make_user):
    idea = IdeaFactory()
    client.force_login(resident)
    response = client.post(reverse("ideas:comment", kwargs={"pk": idea.pk}), {"text": "Ich helfe mit!"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.author == resident
    assert "Ich helfe mit!" in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(make_user("resident"))
    assert "Ich helfe mit!" not in client.get(idea.get_absolute_url()).content.decode()


def test_empty_comment_shows_error(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    response = client.post(reverse("ideas:comment", kwargs={"pk": idea.pk}), {"text": ""})
    assert response.status_code == 200
    assert response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_uploaded_photo_is_stored_without_exif(client):
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "#c2185b").save(buffer, "JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("urlaub.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.post(reverse("ideas:new"), form_data(photo=upload, photo_alt="Ein Baum"))
    idea = Idea.objects.get()
    with idea.photo.open("rb") as stored:
        data = stored.read()
    assert b"Kamerahersteller" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_detail_pages_comments_and_counts_them_only_when_a_page_is_full(client, django_assert_num_queries):
    few = IdeaFactory()
    CommentFactory(idea=few, text="Nur ein Kommentar")
    client.get(few.get_absolute_url())  # the layout's kept values
    idea = IdeaFactory()
    for number in range(25):
        CommentFactory(idea=idea, text=f"Kommentar Nummer {number:02d}")
    first = client.get(idea.get_absolute_url()).content.decode()
    assert first.count("Kommentar Nummer") == 20
    assert "Seite 1 von 2" in first
    second = client.get(idea.get_absolute_url() + "?page=2").content.decode()
    assert second.count("Kommentar Nummer") == 5
    assert "Seite 2 von 2" in second
    with django_assert_num_queries(3):  # the entry, its history, its comments (no COUNT)
        page = client.get(few.get_absolute_url()).content.decode()
    assert "Nur ein Kommentar" in page
    assert "Seite 1" not in page


def test_a_search_counts_its_matches_up_to_a_limit_and_asks_to_narrow_it(client, monkeypatch):
    from apps.ideas import views

    monkeypatch.setattr(views, "SEARCH_LIMIT", 3)
    for number in range(5):
        IdeaFactory(title=f"Spielplatz Nummer {number}")
    IdeaFactory(title="Mülleimer am Markt")
    many = client.get(reverse("ideas:list"), {"q": "Spielplatz"})
    assert many.context["page_obj"].paginator.count == 3 and many.context["searched_beyond"]
    assert "More than 3 entries" in many.content.decode() or "Mehr als 3 Einträge" in many.content.decode()
    assert "Mülleimer" not in many.content.decode()
    few = client.get(reverse("ideas:list"), {"q": "Mülleimer"})
    assert few.context["page_obj"].paginator.count == 1 and not few.context["searched_beyond"]
    everything = client.get(reverse("ideas:list"))
    assert everything.context["page_obj"].paginator.count == 6 and not everything.context["searched_beyond"]
