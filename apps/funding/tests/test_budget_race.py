"""Concurrent approvals/recommendations on PostgreSQL: the call row lock lets only one win."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from apps.funding import grants, services
from apps.funding.models import Application, Call

from .factories import PDF_BYTES, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(applications, actors, action) -> list[str]:
    barrier = threading.Barrier(len(applications))
    results = []

    def run(application, by):
        try:
            barrier.wait(timeout=10)
            action(application=application, by=by)
            results.append("ok")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(applications, actors, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


def test_two_concurrent_grant_notices_cannot_overspend_the_budget(make_user):
    call = CallFactory(budget=Decimal("36000.00"))
    first = ApplicationFactory.in_status("selected", call=call)  # 18,000 each
    second = ApplicationFactory.in_status("selected", call=call)
    Call.objects.filter(pk=call.pk).update(budget=Decimal("20000.00"))  # the budget was cut: room for one

    def notice(*, application, by):
        pdf = SimpleUploadedFile("bescheid.pdf", PDF_BYTES, content_type="application/pdf")
        grants.grant_notice_record(application=application, by=by, issued_on=date(2026, 12, 1),
                                   file_number=f"SZ-{application.pk}", amount=Decimal("18000.00"), document=pdf)  # fmt: skip

    results = _race([first, second], [make_user("staff"), make_user("staff")], notice)
    assert results == ["budget_exceeded", "ok"]
    assert Application.objects.filter(call=call, status="approved").count() == 1


def test_two_concurrent_recommendations_cannot_overspend_the_budget(make_user):
    call = CallFactory(budget=Decimal("20000.00"))
    applications = [ApplicationFactory.in_status("council", call=call) for _ in range(2)]

    def recommend(*, application, by):
        services.application_council_decide(application=application, recommended=True, by=by)

    results = _race(applications, [make_user("staff"), make_user("council")], recommend)
    assert results == ["budget_exceeded", "ok"]
    assert Application.objects.filter(call=call, status="recommended").count() == 1
