"""A funding application the office enters for a provider without an account (issue #19): the
source and the consent recorded (apps/core/office.py, shared with ideas and the action fund), the
status link by letter or e-mail, a database constraint that an application has an owner or an
office entry with consent, and every step after it without an owner."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.signing import read_token
from apps.funding import grants, services
from apps.funding.models import STATUS_LINK, Application
from apps.notifications.models import OfficeNotice
from tests.admin_forms import change_form_data

from .factories import PDF_BYTES, ApplicationFactory, CallFactory, GrantNoticeFactory, MeasureFactory
from .factories import OfficeEntryApplicationFactory as OfficeEntryFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def qm_client(client, make_user):
    from apps.accounts.roles import grant_qm_team_permissions

    staff = make_user("staff")
    grant_qm_team_permissions()
    client.force_login(staff)
    client.staff = staff
    return client


def office_data(response, **changes):
    call, measure = CallFactory(), MeasureFactory()
    values = {
        "entry_source": "letter", "consent_recorded_on": "23.11.2026", "call": str(call.pk),
        "organisation": "Mieterinitiative Musterhof", "provider_kind": "private", "legal_form": "Initiative",
        "address": "Musterhof 3\n10001 Berlin", "contact_person": "Frau Demir", "email": "", "phone": "",
        "title": "Reparaturtreff im Hof", "summary": "Reparieren im Hof.", "goals": "Dinge länger nutzen.",
        "target_groups": "Alle im Hof", "field_of_action": str(measure.field_of_action_id), "measure": str(measure.pk),
        "location": "Innenhof", "start_date": "01.01.2027", "end_date": "31.12.2028", "own_share": "700.00",
        "co_funding": "0.00", "cost_lines-TOTAL_FORMS": "1", "cost_lines-0-category": "fees",
        "cost_lines-0-description": "Honorare Reparaturanleitung", "cost_lines-0-amount": "7000.00",
    }  # fmt: skip
    values.update(changes)
    return change_form_data(response, **values)


def _post(qm_client, **changes):
    url = reverse("admin:funding_application_add")
    return qm_client.post(url, office_data(qm_client.get(url), **changes), follow=True)


def test_the_office_enters_an_application_for_a_provider_without_an_account(qm_client):
    response = _post(qm_client)
    application = Application.objects.get()
    assert application.owner is None and application.entry_source == "letter"
    assert application.entered_by == qm_client.staff and application.consent_recorded_by == qm_client.staff
    assert application.consent_recorded_on == date(2026, 11, 23)
    assert application.status == S.SUBMITTED
    assert (application.cost_total, application.own_share, application.requested_amount) == (
        Decimal("7000.00"), Decimal("700.00"), Decimal("6300.00"))  # fmt: skip
    assert application.status_changes.get().comment == "Vom Büro erfasst (Brief)."
    assert "Für den Träger eingereicht" in response.content.decode()
    assert not mail.outbox  # no address: the letter goes by post
    assert not OfficeNotice.objects.exists()  # the office typed it in itself

    letter = qm_client.get(reverse("funding:status_letter", kwargs={"pk": application.pk})).content.decode()
    match = re.search(r"/foerderung/antraege/status/([^/\s<]+)/", letter)
    assert match and read_token(STATUS_LINK, match.group(1)) == application.pk
    assert "Mieterinitiative Musterhof" in letter and "Musterhof 3<br>10001 Berlin" in letter
    assert "6.300,00\xa0€" in letter
    # The link opens the status page for anyone holding it, and only that application.
    qm_client.logout()
    status = qm_client.get(match.group(0))
    assert status.status_code == 200 and "Reparaturtreff im Hof" in status.content.decode()
    assert "private" in status["Cache-Control"]
    assert qm_client.get("/foerderung/antraege/status/kaputt/").status_code == 404


def test_an_incomplete_office_entry_stays_a_draft_with_what_is_missing(qm_client):
    response = _post(qm_client, summary="")
    application = Application.objects.get()
    assert application.status == S.DRAFT
    assert "noch nicht eingereicht" in response.content.decode()


def test_without_an_account_the_admin_wants_the_office_source_and_the_consent_day(qm_client):
    url = reverse("admin:funding_application_add")
    response = qm_client.post(url, office_data(qm_client.get(url), entry_source="online"))
    assert "entry_source" in response.context["adminform"].form.errors
    response = qm_client.post(url, office_data(qm_client.get(url), consent_recorded_on=""))
    assert "consent_recorded_on" in response.context["adminform"].form.errors
    assert not Application.objects.exists()


def test_the_database_wants_an_owner_or_an_office_entry_with_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(owner=None, email="")
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeEntryFactory(consent_recorded_on=None)
    OfficeEntryFactory()


def test_the_status_link_goes_by_e_mail_only_with_an_address_and_without_an_account():
    with_address = OfficeEntryFactory(email="initiative@example.org")
    assert services.application_send_status_link(application=with_address)
    assert not services.application_send_status_link(application=OfficeEntryFactory())
    assert not services.application_send_status_link(application=ApplicationFactory())  # logs in instead
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["initiative@example.org"]
    match = re.search(r"/foerderung/antraege/status/([^/\s]+)/", mail.outbox[0].body)
    assert match and read_token(STATUS_LINK, match.group(1)) == with_address.pk


def test_status_mails_go_to_the_address_with_the_status_link_and_none_without(make_user):
    staff = make_user("staff")
    with_address = OfficeEntryFactory(email="initiative@example.org")
    services.application_submit(application=with_address, by=staff)
    services.application_start_formal_check(application=with_address, by=staff)
    assert [message.to for message in mail.outbox] == [["initiative@example.org"]] * 2
    assert "/foerderung/antraege/status/" in mail.outbox[-1].body
    mail.outbox.clear()
    without = OfficeEntryFactory()
    services.application_submit(application=without, by=staff)
    assert not mail.outbox


def test_only_the_qm_team_acts_for_a_provider_without_an_account(make_user):
    application = OfficeEntryFactory()
    for someone in (make_user("provider"), make_user("council")):
        with pytest.raises(PermissionDenied):
            services.application_submit(application=application, by=someone)


def test_the_path_goes_on_without_an_owner_to_the_closed_project(make_user):
    """The council, the grant notice, payment requests the QM team enters from the provider's letters
    and proofs of use it submits for the provider: every step works without an account."""
    staff, council = make_user("staff"), make_user("council")
    application = OfficeEntryFactory()
    services.application_submit(application=application, by=staff)
    services.application_start_formal_check(application=application, by=staff)
    services.application_present_to_council(application=application, by=staff)
    services.application_council_decide(application=application, recommended=True, rank=1, by=council)
    grants.steering_decide(application=application, selected=True, by=staff)
    pdf = SimpleUploadedFile("b.pdf", PDF_BYTES, content_type="application/pdf")
    grants.grant_notice_record(application=application, issued_on=date(2026, 12, 1), file_number="BA-1",
                               amount=Decimal("18000.00"), document=pdf, by=staff)  # fmt: skip
    services.application_start_project(application=application, by=staff)
    grants.payment_request_create(application=application, amount=Decimal("18000.00"), by=staff)
    proof = grants.proof_submit(
        application=application, kind="final", period_end=date(2028, 12, 31), by=staff,
        report=SimpleUploadedFile("s.pdf", PDF_BYTES, content_type="application/pdf"),
        statement=SimpleUploadedFile("n.pdf", PDF_BYTES, content_type="application/pdf"),
    )  # fmt: skip
    grants.proof_accept(proof=proof, by=staff)
    application.refresh_from_db()
    assert application.status == S.CLOSED and application.owner is None
    assert not mail.outbox


def test_the_team_member_who_entered_it_can_delete_their_account(make_user):
    """Submitted applications are frozen by a trigger (0006/0009); the office-entry user columns
    may still be emptied (SET NULL), as the contact details may."""
    staff = make_user("staff")
    application = OfficeEntryFactory(entered_by=staff, consent_recorded_by=staff)
    services.application_submit(application=application, by=staff)
    application.status_changes.update(by=None)
    staff.delete()
    application.refresh_from_db()
    assert application.entered_by is None and application.consent_recorded_by is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(entered_by=make_user("staff"))


def test_the_council_sees_an_office_entry_like_any_other(client, council_member):
    application = OfficeEntryFactory.in_status("council", title="Reparaturtreff im Hof", phone="030 999888")
    client.force_login(council_member)
    assert "Reparaturtreff im Hof" in client.get(reverse("funding:council_list")).content.decode()
    page = client.get(reverse("funding:council_detail", kwargs={"pk": application.pk})).content.decode()
    assert "Reparaturtreff im Hof" in page and "030 999888" not in page


def test_a_providers_privacy_export_and_erasure_leave_office_entries_alone(provider):
    from apps.funding import privacy

    own = ApplicationFactory.in_status("submitted", owner=provider)
    office = OfficeEntryFactory.in_status("submitted", contact_person="Frau Demir")
    assert [row["id"] for row in privacy.export(provider)["funding applications"]] == [own.pk]
    privacy.erase(provider)
    office.refresh_from_db()
    own.refresh_from_db()
    assert office.contact_person == "Frau Demir" and own.contact_person == ""


def test_the_qm_team_enters_a_proof_of_use_sent_on_paper(qm_client):
    application = GrantNoticeFactory(application=OfficeEntryFactory.in_status("running")).application
    url = reverse("admin:funding_proofofuse_add")
    response = qm_client.post(url, {
        "application": str(application.pk), "kind": "interim", "period_end": "30.06.2027", "comment": "Per Post",
        "report": SimpleUploadedFile("s.pdf", PDF_BYTES, content_type="application/pdf"),
        "statement": SimpleUploadedFile("n.pdf", PDF_BYTES, content_type="application/pdf"),
    })  # fmt: skip
    assert response.status_code == 302
    proof = application.proofs.get()
    assert proof.submitted_by == qm_client.staff and proof.status == proof.Status.SUBMITTED
    assert "Per Post" in proof.status_changes.get().comment


def test_the_status_page_refuses_bad_links_and_accounts_applications(client):
    from apps.core.signing import make_token

    entry = OfficeEntryFactory()
    assert client.get(entry.get_status_url()).status_code == 200
    assert client.get(entry.get_status_url()[:-4] + "xyz/").status_code == 404
    assert (
        client.get(reverse("funding:status", kwargs={"token": make_token("ideas.confirm", entry.pk)})).status_code
        == 404
    )
    owned = ApplicationFactory()
    assert client.get(reverse("funding:status", kwargs={"token": make_token(STATUS_LINK, owned.pk)})).status_code == 404


def _status_page_queries(client, entry) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(entry.get_status_url()).status_code == 200
    return len(queries)


def test_the_status_page_costs_the_same_queries_for_one_or_many_steps(client, make_user):
    from apps.funding.models import PaymentRequest
    from apps.funding.tests.factories import ProofOfUseFactory

    qm = make_user("staff")
    entry = OfficeEntryFactory.in_status(Application.Status.APPROVED)
    notice = GrantNoticeFactory(application=entry)
    PaymentRequest.objects.create(application=entry, amount=Decimal("100.00"), requested_by=qm)
    ProofOfUseFactory(application=entry)
    client.get("/")
    few = _status_page_queries(client, entry)
    for _ in range(5):
        PaymentRequest.objects.create(application=entry, amount=Decimal("100.00"), requested_by=qm)
        ProofOfUseFactory(application=entry, status="returned", checked_at=timezone.now(), checked_by=qm)
    assert _status_page_queries(client, entry) == few
    assert few <= 15 and notice.pk
