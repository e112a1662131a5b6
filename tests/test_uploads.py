"""Every upload field of the portal, through its real view, against the attack corpus (issue #14).

Public and provider forms are posted as a person would; fields only the QM team can fill are
posted through the admin change page, with the page's own form data read from its HTML. A
sample is either refused with a form error and nothing stored, or accepted neutralised: a
random stored name with the extension of the detected type, a picture written afresh."""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.core.files import CAPTIONS, DOCUMENT, DOCUMENT_OR_IMAGE, IMAGES, TYPES, VIDEOS, detect
from apps.core.tests.corpus import HOSTILE_NAMES, SCRIPT, Sample, good_content, samples

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.(pdf|jpg|png|webp|mp4|webm|vtt)$")


# --- Reading an admin form as a browser would ------------------------------------------------


class _AdminForm(HTMLParser):
    """The fields of the admin's model form (``<form id="..._form">``) with their current values,
    and the empty inline templates (names with ``__prefix__``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs, self.templates = [], []
        self._in_form = self._select = self._textarea = None
        self._text = []

    def _add(self, name, value):
        (self.templates if "__prefix__" in name else self.pairs).append((name, value))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


def admin_form_data(client, url, *, inline: str | None = None, inline_values: dict | None = None) -> dict:
    parser = _AdminForm()
    parser.feed(client.get(url).content.decode())
    data = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    if inline:
        index = int(data[f"{inline}-TOTAL_FORMS"][0])
        for name, value in parser.templates:
            if name.startswith(f"{inline}-__prefix__-"):
                data.setdefault(name.replace("__prefix__", str(index)), []).append(value)
        data[f"{inline}-TOTAL_FORMS"] = [str(index + 1)]
        data.update({f"{inline}-{index}-{key}": [value] for key, value in (inline_values or {}).items()})
    data["_save"] = ["Sichern"]
    return data


# --- The upload fields --------------------------------------------------------------------------


@dataclass
class Field:
    id: str
    accept: tuple
    admin: bool = False
    folder: str = ""  # where its files are stored, when the form stores others as well

    def prepare(self, client, make_user) -> tuple[str, dict, str]:
        """Log in as who fills the field, return (url, form data, the file's key in the data)."""
        return getattr(self, f"_{self.id.replace('-', '_')}")(client, make_user)

    # public and provider forms

    def _idea_photo(self, client, make_user):
        data = {"kind": "idea", "title": "Trinkbrunnen", "description": "Im Sommer fehlt Wasser.", "location": "",
                "display_name": "", "email": "anna@example.org", "privacy_consent": "on", "website": "",
                "photo_alt": "Der Uferweg"}  # fmt: skip
        return reverse("ideas:new"), data, "photo"

    def _actionfund_attachment(self, client, make_user, key="attachment_1"):
        from apps.actionfund.tests.factories import FundYearFactory
        from apps.actionfund.tests.test_views import application_data

        FundYearFactory()
        return reverse("actionfund:apply"), application_data(), key

    def _actionfund_attachment_2(self, client, make_user):
        return self._actionfund_attachment(client, make_user, "attachment_2")

    def _proof(self, client):
        from apps.actionfund.models import ApplicationStatus
        from apps.actionfund.tests.factories import ApplicationFactory

        application = ApplicationFactory(status=ApplicationStatus.PAID, granted_amount=Decimal("500"))
        url = reverse("actionfund:proof", kwargs={"token": application.status_token})
        return url, application

    def _actionfund_receipt(self, client, make_user):
        from apps.actionfund.tests.test_views import proof_data

        url, _application = self._proof(client)
        data = proof_data(None)
        del data["receipts-0-file"]
        return url, data, "receipts-0-file"

    def _actionfund_photo(self, client, make_user):
        from apps.actionfund.tests.test_views import proof_data
        from apps.core.tests.corpus import pdf

        url, _application = self._proof(client)
        data = proof_data(SimpleUploadedFile("beleg.pdf", pdf()))
        data["photos-0-alt_text"] = "Kinder spielen im Hof"
        return url, data, "photos-0-image"

    def _funding_attachment(self, client, make_user):
        from apps.funding.tests.factories import ApplicationFactory

        application = ApplicationFactory()
        client.force_login(application.owner)
        return reverse("funding:attachment_create", kwargs={"pk": application.pk}), {"title": "Skizze"}, "file"

    def _funding_proof(self, client, other: str):
        from apps.core.tests.corpus import pdf
        from apps.funding.models import ApplicationStatus
        from apps.funding.tests.factories import ApplicationFactory

        application = ApplicationFactory.in_status(ApplicationStatus.RUNNING)
        client.force_login(application.owner)
        url = reverse("funding:proof_create", kwargs={"pk": application.pk})
        return url, {"kind": "interim", "period_end": "2027-06-30", "comment": "",
                     other: SimpleUploadedFile("anderes.pdf", pdf())}  # fmt: skip

    def _funding_proof_report(self, client, make_user):
        return *self._funding_proof(client, "statement"), "report"

    def _funding_proof_statement(self, client, make_user):
        return *self._funding_proof(client, "report"), "statement"

    def _funding_grant_notice(self, client, make_user):
        from apps.funding.models import ApplicationStatus
        from apps.funding.tests.factories import ApplicationFactory

        application = ApplicationFactory.in_status(ApplicationStatus.SELECTED)
        client.force_login(make_user("staff"))
        url = reverse("admin:funding_application_status", args=[application.pk])
        data = {"to": "approved", "comment": "", "issued_on": "2026-12-01", "file_number": "SZ-1",
                "amount": "1000.00"}  # fmt: skip
        return url, data, "document"

    # admin-only fields

    def _admin(self, client, make_user, obj, **kwargs):
        client.force_login(make_user("staff"))
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        return url, admin_form_data(client, url, **kwargs)

    def _concept_document(self, client, make_user):
        from apps.actionplan.tests.factories import ConceptFactory

        return *self._admin(client, make_user, ConceptFactory()), "document"

    def _meeting_minutes(self, client, make_user, key):
        from apps.council.tests.factories import MeetingFactory

        return *self._admin(client, make_user, MeetingFactory()), key

    def _council_minutes_public(self, client, make_user):
        return self._meeting_minutes(client, make_user, "minutes_public_pdf")

    def _council_minutes_internal(self, client, make_user):
        return self._meeting_minutes(client, make_user, "minutes_internal_pdf")

    def _council_document(self, client, make_user):
        from apps.council.tests.factories import AgendaItemFactory

        url, data = self._admin(client, make_user, AgendaItemFactory(), inline="documents",
                                inline_values={"title": "Vorlage"})  # fmt: skip
        return url, data, f"documents-{int(data['documents-TOTAL_FORMS'][0]) - 1}-file"

    def _council_photo(self, client, make_user):
        from apps.council.tests.factories import MembershipFactory

        return *self._admin(client, make_user, MembershipFactory()), "photo"

    def _actor_image(self, client, make_user):
        from apps.network.tests.factories import ActorFactory

        url, data = self._admin(client, make_user, ActorFactory())
        data["image_alt"] = ["Logo"]
        return url, data, "image"

    def _funding_logo(self, client, make_user):
        from apps.pages.models import SiteSettings

        url, data = self._admin(client, make_user, SiteSettings.load(), inline="logos",
                                inline_values={"alt_text": "Logo", "order": "0"})  # fmt: skip
        return url, data, f"logos-{int(data['logos-TOTAL_FORMS'][0]) - 1}-image"

    def _slide_image(self, client, make_user):
        from apps.pages.tests.factories import SlideFactory

        url, data = self._admin(client, make_user, SlideFactory())
        data["image_alt"] = data["image_alt_de"] = ["Bild"]  # the German text of a translated field
        return url, data, "image"

    def _sign_language(self, client, make_user, key):
        from apps.pages.models import SignLanguageVideo

        video = SignLanguageVideo.objects.create(title="Willkommen", transcript="Willkommen im Kiez.")
        return *self._admin(client, make_user, video), key

    def _sign_language_video(self, client, make_user):
        return self._sign_language(client, make_user, "video")

    def _sign_language_captions(self, client, make_user):
        return self._sign_language(client, make_user, "captions")

    def _news_image(self, client, make_user):
        from apps.pages.tests.factories import NewsPostFactory

        url, data = self._admin(client, make_user, NewsPostFactory())
        data["image_alt"] = data["image_alt_de"] = ["Bild"]
        return url, data, "image"


FIELDS = [
    Field("idea-photo", IMAGES),
    Field("actionfund-attachment", DOCUMENT_OR_IMAGE),
    Field("actionfund-attachment-2", DOCUMENT_OR_IMAGE),
    Field("actionfund-receipt", DOCUMENT_OR_IMAGE),
    Field("actionfund-photo", IMAGES, folder="actionfund/photos"),
    Field("funding-attachment", DOCUMENT),
    Field("funding-proof-report", DOCUMENT),
    Field("funding-proof-statement", DOCUMENT),
    Field("funding-grant-notice", DOCUMENT, admin=True),
    Field("concept-document", DOCUMENT, admin=True),
    Field("council-minutes-public", DOCUMENT, admin=True),
    Field("council-minutes-internal", DOCUMENT, admin=True),
    Field("council-document", DOCUMENT, admin=True),
    Field("council-photo", IMAGES, admin=True),
    Field("actor-image", IMAGES, admin=True),
    Field("funding-logo", IMAGES, admin=True),
    Field("slide-image", IMAGES, admin=True),
    Field("news-image", IMAGES, admin=True),
    Field("sign-language-video", VIDEOS, admin=True),
    Field("sign-language-captions", CAPTIONS, admin=True),
]


def test_every_upload_field_of_the_portal_is_in_the_corpus_test():
    """18 model fields and the form-only fields (two action fund attachments, the grant notice on the
    admin's workflow page)."""
    from django.apps import apps

    from apps.core.files import UploadField

    model_fields = [f for m in apps.get_models() for f in m._meta.get_fields() if isinstance(f, UploadField)]
    plain = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        for f in m._meta.get_fields()
        if f.get_internal_type() == "FileField" and not isinstance(f, UploadField)
    ]
    assert plain == []
    assert len(model_fields) == 20
    assert len(FIELDS) == 20  # the public action fund attachment form field counted twice, no admin-only duplicates


def _stored_files() -> set[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STORAGES["private"]["OPTIONS"]["location"])]
    return {p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


def _post(client, make_user, field: Field, name: str, content: bytes):
    url, data, key = field.prepare(client, make_user)
    before = _stored_files()
    data[key] = SimpleUploadedFile(name, content, "application/octet-stream")
    response = client.post(url, data)
    return response, {path for path in _stored_files() - before if field.folder in path.as_posix()}


def _errors(response) -> str:
    html = response.content.decode()
    return " | ".join(
        re.findall(r'class="(?:errorlist|invalid-feedback|alert alert-danger)[^"]*"[^>]*>(.*?)</', html, re.S)
    )


def _assert_refused(response, new_files):
    assert response.status_code in (200, 429), response.status_code
    html = response.content.decode()
    assert "invalid-feedback" in html or "errorlist" in html or "alert-danger" in html
    assert new_files == set()


def _assert_neutralised(new_files, accept):
    assert new_files
    for path in new_files:
        assert STORED_NAME.match(path.name), path.name
        data = path.read_bytes()
        with path.open("rb") as handle:
            kind = detect(handle)
        assert kind is TYPES[path.suffix[1:]] and kind.extension in accept
        if kind.is_image:
            assert SCRIPT not in data and b"%PDF" not in data and b"<html" not in data


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
@pytest.mark.parametrize("sample", samples(), ids=lambda s: s.key)
def test_corpus_sample_is_refused_or_neutralised(client, make_user, field: Field, sample: Sample):
    response, new_files = _post(client, make_user, field, sample.name, sample.content)
    if sample.accepted_by and set(sample.accepted_by) & set(field.accept):
        assert response.status_code == 302, _errors(response)
        _assert_neutralised(new_files, field.accept)
    else:
        _assert_refused(response, new_files)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
def test_hostile_file_names_are_stored_under_random_names(client, make_user, field: Field):
    content, _extension = good_content(field.accept)
    for name in HOSTILE_NAMES:
        response, new_files = _post(client, make_user, field, name, content)
        assert response.status_code == 302, (name, _errors(response))
        _assert_neutralised(new_files, field.accept)
        client.logout()


def test_actionfund_attachment_title_is_the_cleaned_file_name(client):
    from apps.actionfund.models import Attachment
    from apps.actionfund.tests.factories import FundYearFactory
    from apps.actionfund.tests.test_views import application_data
    from apps.core.tests.corpus import pdf

    FundYearFactory()
    data = application_data(attachment_1=SimpleUploadedFile("../../rechnung\u202efdp.exe", pdf()))
    assert client.post(reverse("actionfund:apply"), data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.title == "rechnungfdp.exe"
    assert attachment.file.name.endswith(".pdf")


# --- Size limits while the body streams in ---------------------------------------------------


class _Stream:
    """A file the test client reads in chunks: ``size`` bytes of a valid-looking PDF."""

    def __init__(self, size: int, name="gross.pdf"):
        self.name, self.size, self.position = name, size, 0

    def read(self, n=-1):
        if n is None or n < 0:
            n = self.size - self.position
        n = min(n, self.size - self.position)
        start = self.position
        self.position += n
        chunk = b"%PDF-1.4\n" if start == 0 else b""
        return (chunk + b"0" * n)[:n]


def test_oversize_file_is_dropped_while_streaming_and_the_form_keeps_what_was_typed(client, settings):
    """25 MB for a 10 MB field: the handler stops storing at 20 MB (the largest field limit),
    the form says the limit and shows the typed title again."""
    from apps.actionfund.models import Application
    from apps.actionfund.tests.factories import FundYearFactory
    from apps.actionfund.tests.test_views import application_data

    FundYearFactory()
    stored = []
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        stored.append(len(raw_data))
        return original(self, raw_data, start)

    TemporaryFileUploadHandler.receive_data_chunk = spy
    try:
        data = application_data(attachment_1=_Stream(25 * 1024 * 1024))
        response = client.post(reverse("actionfund:apply"), data)
    finally:
        TemporaryFileUploadHandler.receive_data_chunk = original
    html = response.content.decode()
    assert response.status_code == 200
    assert "10 MB" in html
    assert "Hoffest in der Beispielstraße 5" in html
    assert sum(stored) <= 20 * 1024 * 1024
    assert not Application.objects.exists()


def test_all_files_of_a_request_together_are_limited(client, settings):
    from apps.actionfund.tests.factories import FundYearFactory
    from apps.actionfund.tests.test_views import application_data

    settings.UPLOAD_MAX_REQUEST_MB = 1
    FundYearFactory()
    data = application_data(attachment_1=_Stream(700 * 1024, "a.pdf"), attachment_2=_Stream(700 * 1024, "b.pdf"))
    response = client.post(reverse("actionfund:apply"), data)
    assert response.status_code == 200
    assert "1 MB" in response.content.decode()


# --- Formsets: the count attack ----------------------------------------------------------------

FORMSET_POSTS = ["actionfund-apply", "actionfund-proof", "funding-edit"]


@pytest.mark.parametrize("case", FORMSET_POSTS)
def test_formset_count_attack_answers_quickly_with_a_form_error(client, case):
    import time

    from apps.actionfund.models import ApplicationStatus
    from apps.actionfund.tests.factories import ApplicationFactory, FundYearFactory
    from apps.actionfund.tests.test_views import application_data, proof_data

    if case == "actionfund-apply":
        FundYearFactory()
        url, data, prefix = reverse("actionfund:apply"), application_data(), "costs"
    elif case == "actionfund-proof":
        application = ApplicationFactory(status=ApplicationStatus.PAID, granted_amount=Decimal("500"))
        url, prefix = reverse("actionfund:proof", kwargs={"token": application.status_token}), "receipts"
        data = proof_data(SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n"))
        data["photos-TOTAL_FORMS"] = "1000000000"
    else:
        from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
        from apps.funding.tests.test_views import _form_data

        application = FundingApplicationFactory()
        client.force_login(application.owner)
        url, prefix = reverse("funding:application_edit", kwargs={"pk": application.pk}), "lines"
        data = _form_data(application)
        prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-TOTAL_FORMS"] = "1000000000"
    started = time.perf_counter()
    response = client.post(url, data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert len(response.content) < 400_000
    assert elapsed < 5
    assert "höchstens" in response.content.decode() or "at most" in response.content.decode()


def test_every_formset_has_absolute_max():
    from apps.actionfund.forms import CostItemFormSet, PhotoFormSet, ReceiptFormSet
    from apps.funding.forms import CostLineFormSet

    for formset in (CostItemFormSet, ReceiptFormSet, PhotoFormSet, CostLineFormSet):
        assert formset.absolute_max == formset.max_num and formset.validate_max


# --- Downloads ------------------------------------------------------------------------------------


def _assert_download_headers(response, mime: str, *, inline: bool = True):
    assert response.status_code == 200
    assert response["Content-Type"] == mime
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")


def _today_plus(days):
    return timezone.now() + timedelta(days=days)


def _private_file(name: str, content: bytes) -> str:
    """A file put into the private storage directly, as a legacy upload would be."""
    from django.core.files.base import ContentFile

    from apps.core.files import private_storage

    return private_storage().save(name, ContentFile(content))


def test_every_private_download_sends_the_safe_headers(client, make_user):
    from apps.actionfund.models import Attachment as ActionfundAttachment
    from apps.actionfund.models import ProofOfUse, Receipt
    from apps.actionfund.tests.factories import ApplicationFactory
    from apps.core.tests.corpus import jpeg, pdf
    from apps.council.tests.factories import AgendaDocumentFactory, MeetingFactory
    from apps.funding.tests.factories import AttachmentFactory

    client.force_login(make_user("staff"))
    application = ApplicationFactory()
    document = ActionfundAttachment.objects.create(
        application=application, title="Plan", file=SimpleUploadedFile("plan.pdf", pdf())
    )
    photo = ActionfundAttachment.objects.create(
        application=application, title="Hof", file=SimpleUploadedFile("hof.jpg", jpeg())
    )
    proof = ProofOfUse.objects.create(application=application, report="Schön war's.")
    receipt = Receipt.objects.create(
        proof=proof, description="Bänke", paid_on=timezone.localdate(), amount=Decimal("10"),
        file=SimpleUploadedFile("beleg.pdf", pdf()),
    )  # fmt: skip
    meeting = MeetingFactory(minutes_public_pdf=SimpleUploadedFile("p.pdf", pdf()),
                             minutes_internal_pdf=SimpleUploadedFile("i.pdf", pdf()))  # fmt: skip
    downloads = [
        (reverse("actionfund:attachment", kwargs={"pk": document.pk}), "application/pdf"),
        (reverse("actionfund:attachment", kwargs={"pk": photo.pk}), "image/jpeg"),
        (reverse("actionfund:receipt", kwargs={"pk": receipt.pk}), "application/pdf"),
        (reverse("funding:attachment_download", kwargs={"pk": AttachmentFactory().pk}), "application/pdf"),
        (reverse("council:document_download", kwargs={"pk": AgendaDocumentFactory().pk}), "application/pdf"),
        (reverse("council:minutes_download", kwargs={"pk": meeting.pk, "version": "oeffentlich"}), "application/pdf"),
        (reverse("council:minutes_download", kwargs={"pk": meeting.pk, "version": "intern"}), "application/pdf"),
    ]
    for url, mime in downloads:
        _assert_download_headers(client.get(url), mime)


def test_a_legacy_file_named_by_its_uploader_is_never_served_as_script(client, make_user):
    """Before issue #14 a file kept its uploader's extension (``probe.js`` with JPEG magic bytes
    was served as text/javascript). Whatever a stored name says, only the content counts."""
    from apps.actionfund.models import Attachment
    from apps.actionfund.tests.factories import ApplicationFactory

    client.force_login(make_user("staff"))
    name = _private_file("actionfund/attachments/probe.js", b"\xff\xd8\xff\xe0" + SCRIPT)
    attachment = Attachment.objects.create(application=ApplicationFactory(), title="probe.js", file=name)
    response = client.get(reverse("actionfund:attachment", kwargs={"pk": attachment.pk}))
    _assert_download_headers(response, "image/jpeg")
    html = _private_file("actionfund/attachments/probe.html", b"<html>" + SCRIPT)
    Attachment.objects.filter(pk=attachment.pk).update(file=html)
    response = client.get(reverse("actionfund:attachment", kwargs={"pk": attachment.pk}))
    _assert_download_headers(response, "application/octet-stream", inline=False)
    assert response["Content-Disposition"] == 'attachment; filename="probe.js.bin"'


def test_data_migration_renames_stored_files_by_their_content(make_user):
    from apps.actionfund.models import Attachment
    from apps.actionfund.tests.factories import ApplicationFactory
    from apps.core.files import private_storage, stored_files_renamed

    name = _private_file("actionfund/attachments/probe.js", b"\xff\xd8\xff\xe0" + SCRIPT)
    attachment = Attachment.objects.create(application=ApplicationFactory(), title="probe.js", file=name)
    assert stored_files_renamed(Attachment, "file") == 1
    attachment.refresh_from_db()
    assert attachment.file.name.startswith("actionfund/attachments/") and attachment.file.name.endswith(".jpg")
    assert not private_storage().exists(name)
    assert stored_files_renamed(Attachment, "file") == 0


# --- Nothing unmoderated is public -----------------------------------------------------------------


def test_photo_of_an_idea_awaiting_moderation_is_404_for_anonymous_and_public_once_published(client):
    from apps.core.tests.corpus import png
    from apps.ideas.models import Idea, IdeaStatus

    data = {"kind": "idea", "title": "Trinkbrunnen", "description": "Im Sommer fehlt Wasser.", "location": "",
            "display_name": "", "email": "anna@example.org", "privacy_consent": "on", "website": "",
            "photo_alt": "Der Uferweg", "photo": SimpleUploadedFile("ufer.png", png())}  # fmt: skip
    assert client.post(reverse("ideas:new"), data).status_code == 302
    idea = Idea.objects.get()
    assert not (Path(settings.MEDIA_ROOT) / idea.photo.name).exists()  # nothing under the public /media/
    url = reverse("ideas:photo", kwargs={"pk": idea.pk})
    for status in (IdeaStatus.UNCONFIRMED, IdeaStatus.NEW):
        Idea.objects.filter(pk=idea.pk).update(status=status)
        assert client.get(url).status_code == 404
    Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.PUBLISHED, published_at=timezone.now())
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=600"
    assert response["Content-Security-Policy"] == "sandbox" and response["X-Content-Type-Options"] == "nosniff"
    assert f'src="{url}"' in client.get(idea.get_absolute_url()).content.decode()
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    assert client.get(url).status_code == 404


def test_submitter_and_qm_team_see_the_photo_while_it_waits(client, make_user):
    from apps.core.tests.corpus import png
    from apps.ideas.models import IdeaStatus
    from apps.ideas.tests.factories import IdeaFactory

    submitter = make_user("resident")
    idea = IdeaFactory(
        status=IdeaStatus.NEW, submitter=submitter, photo=SimpleUploadedFile("a.png", png()), photo_alt="Foto"
    )
    url = reverse("ideas:photo", kwargs={"pk": idea.pk})
    for user, status in ((submitter, 200), (make_user("resident"), 404), (make_user("staff"), 200)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Cache-Control"] == "private, no-store"


def test_proof_photo_is_public_only_with_consent_and_the_qm_teams_release(client):
    from django.db import IntegrityError, transaction

    from apps.actionfund.models import ApplicationStatus, ProjectPhoto, ProofOfUse
    from apps.actionfund.tests.factories import ApplicationFactory
    from apps.core.tests.corpus import jpeg

    application = ApplicationFactory(status=ApplicationStatus.PROOF_SUBMITTED, granted_amount=Decimal("500"))
    application.fund_year.is_published = True
    application.fund_year.save()
    proof = ProofOfUse.objects.create(application=application, report="Schön war's.")
    photo = ProjectPhoto.objects.create(proof=proof, alt_text="Hoffest", image=SimpleUploadedFile("h.jpg", jpeg()))
    url = reverse("actionfund:photo", kwargs={"pk": photo.pk})
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("actionfund:index")).content.decode()
    assert client.get(f"{url}?t={application.status_token}").status_code == 200  # the applicant's link
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPhoto.objects.filter(pk=photo.pk).update(is_published=True)  # not without consent
    ProjectPhoto.objects.filter(pk=photo.pk).update(consent_publish=True, is_published=True)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert f'src="{url}"' in client.get(reverse("actionfund:index")).content.decode()


def test_proof_form_asks_for_consent_to_publish_a_photo(client):
    from apps.actionfund.models import ApplicationStatus, ProjectPhoto
    from apps.actionfund.tests.factories import ApplicationFactory
    from apps.actionfund.tests.test_views import proof_data
    from apps.core.tests.corpus import jpeg, pdf

    application = ApplicationFactory(status=ApplicationStatus.PAID, granted_amount=Decimal("500"))
    data = proof_data(SimpleUploadedFile("b.pdf", pdf()), SimpleUploadedFile("h.jpg", jpeg()))
    data["photos-0-consent_publish"] = "on"
    response = client.post(reverse("actionfund:proof", kwargs={"token": application.status_token}), data)
    assert response.status_code == 302
    photo = ProjectPhoto.objects.get()
    assert photo.consent_publish and not photo.is_published


def test_council_photo_only_with_consent(client, make_user):
    from apps.core.tests.corpus import png
    from apps.council.tests.factories import MembershipFactory

    membership = MembershipFactory(photo=SimpleUploadedFile("p.png", png()), consent_photo=False)
    url = reverse("council:member_photo", kwargs={"pk": membership.pk})
    assert client.get(url).status_code == 404
    client.force_login(make_user("staff"))
    assert client.get(url).status_code == 200
    client.logout()
    membership.consent_photo = True
    membership.save()
    assert client.get(url)["Cache-Control"] == "public, max-age=600"


def test_data_migration_moves_public_photos_into_the_private_storage():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from apps.core.files import private_storage, stored_files_renamed
    from apps.core.tests.corpus import png
    from apps.ideas.models import Idea
    from apps.ideas.tests.factories import IdeaFactory

    name = default_storage.save("ideas/alt.png", ContentFile(png()))
    idea = IdeaFactory(photo_alt="Foto")
    Idea.objects.filter(pk=idea.pk).update(photo=name)
    assert stored_files_renamed(Idea, "photo", source=default_storage, target=private_storage()) == 1
    idea.refresh_from_db()
    assert not default_storage.exists(name) and private_storage().exists(idea.photo.name)
