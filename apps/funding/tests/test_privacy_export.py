"""A provider's data download holds every step after the council: the grant notice, payment
requests, proofs of use, their histories and their files."""

from decimal import Decimal

import pytest

from apps.funding import privacy
from apps.funding.models import Application, PaymentRequest
from apps.funding.tests.factories import ApplicationFactory, GrantNoticeFactory, ProofOfUseFactory

pytestmark = pytest.mark.django_db


def test_export_and_uploads_hold_the_grant_payments_and_proofs(make_user):
    provider = make_user("provider")
    application = ApplicationFactory.in_status(Application.Status.APPROVED, owner=provider)
    notice = GrantNoticeFactory(application=application)
    PaymentRequest.objects.create(application=application, amount=Decimal("500.00"), requested_by=provider)
    proof = ProofOfUseFactory(application=application)
    other = GrantNoticeFactory()  # someone else's

    data = privacy.export(provider)
    assert [row["file_number"] for row in data["funding grant notices"]] == [notice.file_number]
    assert [row["amount"] for row in data["funding payment requests"]] in ([Decimal("500.00")], ["500.00"])
    assert len(data["funding proofs of use"]) == 1
    assert "funding payment request history" in data and "funding proof of use history" in data
    names = {file.name for file in privacy.uploads(provider)}
    assert {notice.document.name, proof.report.name, proof.statement.name} <= names
    assert other.document.name not in names
