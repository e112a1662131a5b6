from tests.access import NOT_FOUND, PUBLIC, ROLES, Case, only

from .factories import PDF_BYTES, AgendaDocumentFactory, AgendaItemFactory, MeetingFactory


def _member_photo(consent: bool):
    def build():
        from django.core.files.base import ContentFile

        from apps.core.tests.corpus import png

        from .factories import MembershipFactory

        return {"pk": MembershipFactory(consent_photo=consent, photo=ContentFile(png(), name="p.png")).pk}

    return build


def _public_document():
    return {"pk": AgendaDocumentFactory().pk}


def _confidential_document():
    return {"pk": AgendaDocumentFactory(agenda_item=AgendaItemFactory(is_confidential=True)).pk}


def _minutes(version):
    def build():
        from django.core.files.base import ContentFile

        meeting = MeetingFactory()
        meeting.minutes_public_pdf.save("p.pdf", ContentFile(PDF_BYTES), save=False)
        meeting.minutes_internal_pdf.save("i.pdf", ContentFile(PDF_BYTES), save=True)
        return {"pk": meeting.pk, "version": version}

    return build


# Confidential files: 404 for everyone but the QM team and council members of the meeting's
# term (the matrix's council user holds no seat in that term, so it gets 404 as well).
STAFF_ONLY_404 = dict.fromkeys(ROLES, NOT_FOUND) | {"staff": 200}

CASES = [
    Case("council:index", PUBLIC),
    Case("council:meeting_list", PUBLIC),
    Case("council:decision_list", PUBLIC),
    Case(
        "council:decision_list", PUBLIC, query="term=x&year=abc&result=nope", label="council:decision_list bad filters"
    ),
    Case("council:meeting_ics", PUBLIC),
    Case("council:meeting_detail", PUBLIC, kwargs=lambda: {"pk": MeetingFactory().pk}),
    Case("council:my_meetings", only("council", staff=403)),
    Case("council:document_download", PUBLIC, kwargs=_public_document, label="council:document_download public"),
    Case(
        "council:document_download",
        STAFF_ONLY_404,
        kwargs=_confidential_document,
        label="council:document_download confidential",
    ),
    Case("council:minutes_download", PUBLIC, kwargs=_minutes("oeffentlich"), label="council:minutes_download public"),
    Case(
        "council:minutes_download", STAFF_ONLY_404, kwargs=_minutes("intern"), label="council:minutes_download internal"
    ),
    Case("council:meeting_letters", only("staff"), kwargs=lambda: {"pk": MeetingFactory().pk}),
    Case(
        "council:meeting_letters",
        only("staff"),
        kwargs=lambda: {"pk": MeetingFactory().pk},
        query="alle=1",
        label="council:meeting_letters everyone",
    ),  # fmt: skip
    Case("council:meeting_member_list", only("staff"), kwargs=lambda: {"pk": MeetingFactory().pk}),
    Case("council:member_photo", PUBLIC, kwargs=_member_photo(True), label="council:member_photo with consent"),
    Case("council:member_photo", STAFF_ONLY_404, kwargs=_member_photo(False), label="council:member_photo no consent"),
]
