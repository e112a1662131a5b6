"""Retention: the daily personal_data_purge job deletes decided applications FUNDING_RETENTION_YEARS
after the decision and keeps everything younger or still open."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.actionfund.models import Application as ActionfundApplication
from apps.actionfund.models import ApplicationStatus as AS
from apps.actionfund.tests.factories import ApplicationFactory as ActionfundApplicationFactory
from apps.core.scheduler import registered_jobs
from apps.funding.models import Application as FundingApplication
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory

pytestmark = pytest.mark.django_db


def test_purge_deletes_decided_applications_after_the_retention_period(settings):
    settings.FUNDING_RETENTION_YEARS = 10
    now = timezone.now()
    ActionfundApplicationFactory(status=AS.REJECTED, decided_at=now - timedelta(days=3700), title="alt abgelehnt")
    ActionfundApplicationFactory(status=AS.REJECTED, decided_at=now - timedelta(days=300), title="jung abgelehnt")
    ActionfundApplicationFactory(status=AS.SUBMITTED, title="offen")
    withdrawn = FundingApplicationFactory.in_status("withdrawn", title="alt zurückgezogen")
    FundingApplication.objects.filter(pk=withdrawn.pk).update(updated_at=now - timedelta(days=3700))
    FundingApplicationFactory.in_status("withdrawn", title="jung zurückgezogen")
    call_command("purge_personal_data")
    assert set(ActionfundApplication.objects.values_list("title", flat=True)) == {"jung abgelehnt", "offen"}
    assert set(FundingApplication.objects.values_list("title", flat=True)) == {"jung zurückgezogen"}


def test_the_purge_is_a_daily_job_of_the_worker():
    job = registered_jobs()["personal_data_purge"]
    assert job.daily_at is not None
