from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.actionfund.models import Application, ApplicationStatus, CostItem, Round

from .factories import ApplicationFactory, FundYearFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_application_needs_at_least_one_criterion():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(crit_neighbourhood=False)


def test_fee_for_others_needs_a_reason_in_the_database():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CostItem.objects.create(application=application, description="Künstlerin", kind="fee", amount=100)


def test_granted_amount_never_exceeds_the_requested_amount():
    application = ApplicationFactory(costs_total=Decimal("300.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(granted_amount=Decimal("300.01"))


def test_approved_application_has_a_granted_amount():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.APPROVED)


def test_round_deadline_must_be_before_the_meeting():
    round = RoundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=round.pk).update(submission_deadline=round.date + round.date.resolution * 10**6)


def test_allowance_is_ten_percent_of_the_costs_rounded_to_cents():
    year = FundYearFactory()
    application = Application(fund_year=year, wants_allowance=True)
    application.set_amounts(Decimal("333.33"))
    assert application.allowance == Decimal("33.33")
    assert application.requested_amount == Decimal("366.66")


def test_public_name_follows_the_applicants_choice_and_defaults_to_none():
    assert ApplicationFactory.build(applicant_name="Erika Mustermann").public_name == ""
    assert ApplicationFactory.build(initiative="Hofgemeinschaft").public_name == ""
    initial = ApplicationFactory.build(applicant_name="Erika Mustermann", name_display="initial")
    assert initial.public_name == "Erika M."
    full = ApplicationFactory.build(applicant_name="Erika Mustermann", name_display="full")
    assert full.public_name == "Erika Mustermann"
    group = ApplicationFactory.build(initiative="Hofgemeinschaft", name_display="organisation")
    assert group.public_name == "Hofgemeinschaft"
