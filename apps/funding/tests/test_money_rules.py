"""The money rules of a grant held by the database too (issue #19, migration 0012): the payment
requests that are not refused never sum above the grant, and the grant never exceeds the
requested amount. PostgreSQL constraint triggers, deferred to the commit; the services check
them right after their write, so a refusal is a form error, never a 500."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from apps.funding import grants
from apps.funding.models import ZERO, Application, GrantNotice, PaymentRequest, PaymentStatus

from .factories import GrantNoticeFactory


def check_now():
    """What the commit would do: run the deferred triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db
def test_the_database_refuses_payment_requests_above_the_grant():
    application = GrantNoticeFactory(amount=Decimal("10000.00")).application
    PaymentRequest.objects.create(application=application, amount=Decimal("6000.00"))
    check_now()
    with pytest.raises(IntegrityError, match="exceed the grant"), transaction.atomic():
        PaymentRequest.objects.create(application=application, amount=Decimal("4000.01"))
    # Refused requests do not count; turning one back into a request does.
    refused = PaymentRequest.objects.create(
        application=application, amount=Decimal("4000.00"), status=PaymentStatus.REFUSED
    )
    PaymentRequest.objects.create(application=application, amount=Decimal("4000.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.filter(pk=refused.pk).update(status=PaymentStatus.REQUESTED)
    assert application.paid_request_total() == Decimal("10000.00")


@pytest.mark.django_db
def test_the_database_refuses_a_grant_above_the_request_or_below_the_payments():
    notice = GrantNoticeFactory(amount=Decimal("18000.00"))  # requested: 18,000 €
    check_now()
    with pytest.raises(IntegrityError, match="exceeds the requested amount"), transaction.atomic():
        GrantNotice.objects.filter(pk=notice.pk).update(amount=Decimal("18000.01"))
    PaymentRequest.objects.create(application=notice.application, amount=Decimal("9000.00"))
    with pytest.raises(IntegrityError, match="exceed the grant"), transaction.atomic():
        GrantNotice.objects.filter(pk=notice.pk).update(amount=Decimal("8999.99"))
    GrantNotice.objects.filter(pk=notice.pk).update(amount=Decimal("9000.00"))


@pytest.mark.django_db
def test_payment_requests_without_a_grant_notice_are_refused():
    application = GrantNoticeFactory().application
    GrantNotice.objects.filter(application=application).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.create(application=application, amount=Decimal("1.00"))
        check_now()


@pytest.mark.django_db
def test_a_refusal_by_the_database_is_a_form_error_in_the_service(monkeypatch, make_user):
    """Should the service's own check ever miss (here: it is made to read 0 € requested so far),
    the trigger refuses and the service turns that into an error on the amount."""
    application = GrantNoticeFactory(amount=Decimal("10000.00")).application
    grants.payment_request_create(application=application, amount=Decimal("7000.00"), by=application.owner)
    monkeypatch.setattr(Application, "paid_request_total", lambda self: ZERO)
    with pytest.raises(ValidationError) as refused:
        grants.payment_request_create(application=application, amount=Decimal("5000.00"), by=application.owner)
    assert refused.value.error_dict["amount"][0].code == "grant_exceeded"
    assert "übersteigt" in refused.value.message_dict["amount"][0]
    assert PaymentRequest.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_the_providers_payment_form_shows_the_databases_refusal(client, monkeypatch):
    application = GrantNoticeFactory(amount=Decimal("10000.00")).application
    grants.payment_request_create(application=application, amount=Decimal("7000.00"), by=application.owner)
    monkeypatch.setattr(Application, "paid_request_total", lambda self: ZERO)
    client.force_login(application.owner)
    url = reverse("funding:payment_request_create", kwargs={"pk": application.pk})
    response = client.post(url, {"amount": "5000.00", "purpose": "Zweite Rate"})
    assert response.status_code == 200
    assert "übersteigt" in response.content.decode()
    assert PaymentRequest.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_connections_writing_past_the_service_cannot_exceed_the_grant():
    """Two PostgreSQL connections write a payment request of 6,000 € each against a grant of
    10,000 € directly (no service, no row lock), both before either commits: at commit the
    triggers take the application row in turn, and the second sees the first and is refused."""
    application = GrantNoticeFactory(amount=Decimal("10000.00")).application
    both_written = threading.Barrier(2)
    results = []

    def write():
        try:
            with transaction.atomic():
                PaymentRequest.objects.create(application_id=application.pk, amount=Decimal("6000.00"))
                both_written.wait(timeout=10)
            results.append("committed")
        except IntegrityError:
            results.append("refused")
        except Exception as error:  # noqa: BLE001 - shown in the assertion (a deadlock would be one)
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["committed", "refused"]
    assert application.paid_request_total() == Decimal("6000.00")
