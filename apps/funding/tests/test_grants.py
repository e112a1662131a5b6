"""After the council: the steering committee, the district's grant notice, payment requests and
proofs of use; who decides, what the database refuses, and the row lock on the payment sum."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from apps.funding import grants, services
from apps.funding.models import (
    DEFAULT_LEGAL_NOTICE,
    Application,
    ApplicationStatus,
    Call,
    Fund,
    GrantNotice,
    PaymentRequest,
    PaymentStatus,
    ProofOfUse,
    ProofStatus,
)

from .factories import PDF_BYTES, ApplicationFactory, CallFactory, GrantNoticeFactory

S = ApplicationStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def pdf(name="x.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def notice_for(application, by, amount="18000.00"):
    return grants.grant_notice_record(application=application, by=by, issued_on=date(2026, 12, 1),
                                      file_number="SZ-2026-17", amount=Decimal(amount), document=pdf())  # fmt: skip


@pytest.mark.django_db
def test_projektfonds_path_from_the_council_to_the_closed_project(make_user):
    qm, council = make_user("staff"), make_user("council")
    application = ApplicationFactory.in_status(S.COUNCIL)
    provider = application.owner
    services.application_council_decide(application=application, recommended=True, rank=1, by=council)
    grants.steering_decide(application=application, selected=True, by=qm, comment="Steuerungsrunde 03.12.")
    notice = notice_for(application, qm, amount="15000.00")
    services.application_start_project(application=application, by=qm)
    grants.payment_request_create(application=application, amount=Decimal("9000"), by=provider)
    second = grants.payment_request_create(application=application, amount=Decimal("6000"), by=qm, purpose="Brief")
    grants.payment_mark_paid(payment=second, by=qm)
    interim = grants.proof_submit(application=application, kind="interim", period_end=date(2027, 12, 31),
                                  report=pdf(), statement=pdf(), by=provider)  # fmt: skip
    grants.proof_accept(proof=interim, by=qm)
    final = grants.proof_submit(application=application, kind="final", period_end=date(2028, 12, 31),
                                report=pdf(), statement=pdf(), by=provider)  # fmt: skip
    application.refresh_from_db()
    assert application.status == S.REPORTED
    grants.proof_return(proof=final, by=qm, comment="Belege zur Honorarposition fehlen.")
    application.refresh_from_db()
    assert application.status == S.RUNNING
    final = grants.proof_submit(application=application, kind="final", period_end=date(2028, 12, 31),
                                report=pdf(), statement=pdf(), by=provider)  # fmt: skip
    grants.proof_accept(proof=final, by=qm, comment="Geprüft.")
    application.refresh_from_db()
    assert application.status == S.CLOSED and application.council_rank == 1
    assert application.granted_amount() == notice.amount == Decimal("15000.00")
    path = [(h.from_status, h.to_status) for h in application.status_changes.order_by("at", "pk")]
    assert path[:4] == [("council", "recommended"), ("recommended", "selected"), ("selected", "approved"),
                        ("approved", "running")]  # fmt: skip
    assert path[-1] == ("reported", "closed")
    comments = " ".join(application.status_changes.values_list("comment", flat=True))
    assert "SZ-2026-17" in comments and "Place 1 in the council's ranking" in comments
    assert "sent back by the QM team: Belege" in comments and "accepted by the QM team" in comments
    # Payment requests and proofs of use have their own history: one row for each status they had.
    first = application.payment_requests.order_by("pk").first()
    assert [(c.from_status, c.to_status, c.by) for c in first.status_changes.all()] == [("", "requested", provider)]
    assert "Payment request of" in first.status_changes.get().comment
    assert [(c.from_status, c.to_status, c.by) for c in second.status_changes.all()] == [
        ("", "requested", qm), ("requested", "paid", qm)]  # fmt: skip
    assert [(c.from_status, c.to_status) for c in interim.status_changes.all()] == [("", "submitted"),
                                                                                  ("submitted", "accepted")]  # fmt: skip
    returned = application.proofs.get(status="returned")
    assert [(c.from_status, c.to_status, c.comment) for c in returned.status_changes.all()][1] == (
        "submitted", "returned", "Belege zur Honorarposition fehlen.")  # fmt: skip


@pytest.mark.django_db
def test_only_the_qm_team_records_the_steering_committee_and_the_notice(make_user):
    application = ApplicationFactory.in_status(S.RECOMMENDED)
    for who in ("council", "provider"):
        with pytest.raises(PermissionDenied):
            grants.steering_decide(application=application, selected=True, by=make_user(who))
    grants.steering_decide(application=application, selected=True, by=make_user("staff"))
    with pytest.raises(PermissionDenied):
        notice_for(application, application.owner)


@pytest.mark.django_db
def test_grant_notice_needs_a_selected_application_and_an_amount_within_the_request(make_user):
    qm = make_user("staff")
    with pytest.raises(ValidationError):
        notice_for(ApplicationFactory.in_status(S.RECOMMENDED), qm)  # not selected yet
    selected = ApplicationFactory.in_status(S.SELECTED)
    with pytest.raises(ValidationError, match="cannot exceed the requested amount"):
        notice_for(selected, qm, amount="18000.01")
    assert not GrantNotice.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantNotice.objects.create(application=selected, issued_on=date(2026, 1, 1), file_number="x",
                                   amount=Decimal("0"), document="x.pdf")  # fmt: skip


@pytest.mark.django_db
def test_payment_requests_never_exceed_the_grant(make_user):
    notice = GrantNoticeFactory(amount=Decimal("10000.00"))
    application = notice.application
    provider = application.owner
    first = grants.payment_request_create(application=application, amount=Decimal("7000"), by=provider)
    with pytest.raises(ValidationError, match="at most"):
        grants.payment_request_create(application=application, amount=Decimal("3000.01"), by=provider)
    grants.payment_refuse(payment=first, by=make_user("staff"), comment="Rate zu früh")
    grants.payment_request_create(application=application, amount=Decimal("10000"), by=provider)  # freed
    assert application.paid_request_total() == Decimal("10000.00")
    with pytest.raises(ValidationError):
        grants.payment_request_create(application=application, amount=Decimal("0.01"), by=provider)


@pytest.mark.django_db
def test_payment_amount_is_positive_in_the_database():
    application = GrantNoticeFactory().application
    for amount in ("0", "-5"):
        with pytest.raises(IntegrityError), transaction.atomic():
            PaymentRequest.objects.create(application=application, amount=Decimal(amount))
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.create(application=application, amount=Decimal("5"), status=PaymentStatus.PAID)


@pytest.mark.django_db
def test_payments_only_after_the_notice_and_by_the_provider_or_the_qm_team(make_user):
    with pytest.raises(ValidationError):
        grants.payment_request_create(application=ApplicationFactory.in_status(S.SELECTED), amount=Decimal("1"),
                                      by=make_user("staff"))  # fmt: skip
    application = GrantNoticeFactory().application
    with pytest.raises(PermissionDenied):
        grants.payment_request_create(application=application, amount=Decimal("1"), by=make_user("provider"))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payment_requests_cannot_exceed_the_grant():
    """Two PostgreSQL connections request 6,000 € each against a grant of 10,000 € at the same
    moment: the application row lock makes the second wait and then refuse."""
    notice = GrantNoticeFactory(amount=Decimal("10000.00"))
    application = notice.application
    barrier = threading.Barrier(2)
    results = []

    def request():
        try:
            barrier.wait(timeout=10)
            grants.payment_request_create(application=Application.objects.get(pk=application.pk),
                                          amount=Decimal("6000.00"), by=application.owner)  # fmt: skip
            results.append("ok")
        except ValidationError as error:
            results.append(error.error_dict["amount"][0].code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["grant_exceeded", "ok"]
    assert PaymentRequest.objects.filter(application=application).count() == 1
    assert application.paid_request_total() == Decimal("6000.00")


@pytest.mark.django_db
def test_one_proof_at_a_time_is_being_checked(make_user):
    application = GrantNoticeFactory(application=ApplicationFactory.in_status(S.RUNNING)).application
    grants.proof_submit(application=application, kind="interim", period_end=date(2027, 6, 30), report=pdf(),
                        statement=pdf(), by=application.owner)  # fmt: skip
    with pytest.raises(ValidationError, match="still being checked"):
        grants.proof_submit(application=application, kind="final", period_end=date(2027, 12, 31), report=pdf(),
                            statement=pdf(), by=application.owner)  # fmt: skip
    with pytest.raises(ValidationError, match="numerical statement"):
        grants.proof_submit(application=application, kind="final", period_end=date(2027, 12, 31), report=pdf(),
                            statement=None, by=application.owner)  # fmt: skip
    proof = ProofOfUse.objects.get()
    with pytest.raises(PermissionDenied):
        grants.proof_accept(proof=proof, by=application.owner)
    with pytest.raises(ValidationError):
        grants.proof_return(proof=proof, by=make_user("staff"), comment=" ")
    grants.proof_accept(proof=proof, by=make_user("staff"))
    assert ProofOfUse.objects.get().status == ProofStatus.ACCEPTED
    application.refresh_from_db()
    assert application.status == S.RUNNING  # an interim proof does not close the project


@pytest.mark.django_db
def test_council_ranking_is_unique_per_call(make_user):
    call = CallFactory(budget=Decimal("100000"))
    first, second = (ApplicationFactory.in_status(S.COUNCIL, call=call) for _ in range(2))
    staff = make_user("staff")
    services.application_council_decide(application=first, recommended=True, rank=1, by=staff)
    with pytest.raises(ValidationError, match="place 1"):
        services.application_council_decide(application=second, recommended=True, rank=1, by=staff)
    second.refresh_from_db()
    assert second.status == S.COUNCIL and second.council_rank is None
    services.application_council_decide(application=second, recommended=True, rank=2, by=staff)


@pytest.mark.django_db
def test_baufonds_has_no_public_call_and_the_qm_team_presents_its_building_projects(make_user):
    fund = Fund.objects.create(name="Baufonds Test", kind=Fund.Kind.BUILDING, minimum_amount=Decimal("50000"))
    call = CallFactory(fund=fund, is_published=True, budget=Decimal("500000"))
    assert not Call.objects.published().filter(pk=call.pk).exists()
    with pytest.raises(ValidationError):
        call.full_clean()
    qm = make_user("staff")
    project = ApplicationFactory(call=call, owner=qm, title="Spielplatz am Ufer")  # a draft entered by the QM
    services.application_present_to_council(application=project, by=qm)
    services.application_council_decide(application=project, recommended=True, rank=1, by=qm)
    grants.steering_decide(application=project, selected=True, by=qm)
    project.refresh_from_db()
    assert project.status == S.SELECTED and project.submitted_at is not None
    with pytest.raises(ValidationError):  # a provider's Projektfonds draft goes through submission first
        services.application_present_to_council(application=ApplicationFactory(), by=qm)


@pytest.mark.django_db
def test_new_calls_carry_the_legal_notice_of_the_lho():
    assert "kein Interessenbekundungsverfahren gemäß § 7 LHO" in DEFAULT_LEGAL_NOTICE
    assert "keine Ausschreibung im Sinne des § 55 LHO" in DEFAULT_LEGAL_NOTICE
    assert CallFactory().legal_notice == DEFAULT_LEGAL_NOTICE
