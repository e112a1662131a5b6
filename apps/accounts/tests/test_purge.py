"""Retention: purge_personal_data deletes unconfirmed submissions after UNCONFIRMED_RETENTION_DAYS and
decided applications after FUNDING_RETENTION_YEARS, and keeps everything younger."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.actionfund.models import Application as ActionfundApplication
from apps.actionfund.models import ApplicationStatus as AS
from apps.actionfund.tests.factories import ApplicationFactory as ActionfundApplicationFactory
from apps.funding.models import Application as FundingApplication
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
from apps.network.models import Suggestion, SuggestionStatus
from apps.network.tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def test_purge_deletes_what_has_outlived_its_retention(settings):
    settings.UNCONFIRMED_RETENTION_DAYS = 30
    settings.FUNDING_RETENTION_YEARS = 10
    now = timezone.now()
    old, young = now - timedelta(days=31), now - timedelta(days=29)
    ActionfundApplicationFactory(status=AS.UNCONFIRMED, created_at=old, title="alt unbestätigt")
    ActionfundApplicationFactory(status=AS.UNCONFIRMED, created_at=young, title="jung unbestätigt")
    ActionfundApplicationFactory(status=AS.REJECTED, decided_at=now - timedelta(days=3700), title="alt abgeschlossen")
    ActionfundApplicationFactory(status=AS.REJECTED, decided_at=now - timedelta(days=300), title="jung abgeschlossen")
    SuggestionFactory(status=SuggestionStatus.UNCONFIRMED, created_at=old, name="alter Vorschlag")
    SuggestionFactory(status=SuggestionStatus.UNCONFIRMED, created_at=young, name="junger Vorschlag")
    withdrawn = FundingApplicationFactory.in_status("withdrawn", title="alt zurückgezogen")
    FundingApplication.objects.filter(pk=withdrawn.pk).update(updated_at=now - timedelta(days=3700))
    FundingApplicationFactory.in_status("withdrawn", title="jung zurückgezogen")
    call_command("purge_personal_data")
    assert set(ActionfundApplication.objects.values_list("title", flat=True)) == {
        "jung unbestätigt",
        "jung abgeschlossen",
    }
    assert set(Suggestion.objects.values_list("name", flat=True)) == {"junger Vorschlag"}
    assert set(FundingApplication.objects.values_list("title", flat=True)) == {"jung zurückgezogen"}
