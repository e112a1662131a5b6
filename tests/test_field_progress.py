"""Progress figures of a field of action: the funding, action fund and ideas apps' plug-ins
(``field_progress.py``) collected by apps/actionplan/progress.py, which imports none of them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.actionfund.models import ApplicationStatus as GrantStatus
from apps.actionfund.tests.factories import ApplicationFactory as GrantFactory
from apps.actionplan.progress import field_progress
from apps.actionplan.tests.factories import FieldOfActionFactory, MeasureFactory
from apps.funding.models import Application
from apps.funding.tests.factories import ApplicationFactory as ProjectFactory
from apps.ideas.models import IdeaStatus
from apps.ideas.tests.factories import IdeaFactory
from apps.pages.models import SiteSettings

pytestmark = pytest.mark.django_db
S = Application.Status


def _progress(field, measures):
    """The sections by app: {"funding": {...}, "actionfund": {...}, "ideas": {...}}."""
    return {section["figures"].split("/")[0]: section for section in field_progress(field, measures)}


def _by_measure(section):
    return {measure.pk: (funded["count"], funded["amount"]) for measure, funded in section["measures"]}


def _project(measure, status, cost_total):
    return ProjectFactory.in_status(
        status, measure=measure, field_of_action=measure.field_of_action, cost_total=Decimal(cost_total),
        own_share=Decimal("0.00"),
    )  # fmt: skip


def test_progress_counts_only_funded_projects_grants_and_ideas_of_the_field():
    education, space = FieldOfActionFactory(), FieldOfActionFactory()
    school, square = MeasureFactory(field_of_action=education), MeasureFactory(field_of_action=space)
    _project(school, S.APPROVED, "10000.00")
    _project(school, S.CLOSED, "5000.00")
    _project(school, S.COUNCIL, "7000.00")  # not funded (yet)
    _project(square, S.RUNNING, "60000.00")  # another field
    GrantFactory(
        field_of_action=education,
        status=GrantStatus.APPROVED,
        costs_total=Decimal("1000.00"),
        granted_amount=Decimal("800.00"),
    )
    GrantFactory(field_of_action=education, status=GrantStatus.REJECTED)
    GrantFactory(
        field_of_action=space,
        status=GrantStatus.PAID,
        costs_total=Decimal("1500.00"),
        granted_amount=Decimal("1500.00"),
    )
    IdeaFactory(field_of_action=education, status=IdeaStatus.TAKEN_UP)
    IdeaFactory(field_of_action=education, status=IdeaStatus.REALISED)
    IdeaFactory(field_of_action=education, status=IdeaStatus.PUBLISHED)
    IdeaFactory(field_of_action=space, status=IdeaStatus.REALISED)

    progress = _progress(education, [school])
    assert list(progress) == ["funding", "actionfund", "ideas"]  # INSTALLED_APPS order
    assert (progress["funding"]["count"], progress["funding"]["amount"]) == (2, Decimal("15000.00"))
    assert (progress["actionfund"]["count"], progress["actionfund"]["amount"]) == (1, Decimal("800.00"))
    assert progress["ideas"]["count"] == 2
    assert _by_measure(progress["funding"]) == {school.pk: (2, Decimal("15000.00"))}

    progress = _progress(space, [square])
    assert (progress["funding"]["count"], progress["funding"]["amount"]) == (1, Decimal("60000.00"))
    assert (progress["actionfund"]["count"], progress["actionfund"]["amount"]) == (1, Decimal("1500.00"))
    assert progress["ideas"]["count"] == 1


def test_project_filed_under_another_field_counts_for_its_measure_only():
    education, space = FieldOfActionFactory(), FieldOfActionFactory()
    school = MeasureFactory(field_of_action=education)
    ProjectFactory.in_status(
        S.APPROVED, measure=school, field_of_action=space, cost_total=Decimal("3000.00"), own_share=Decimal("0.00")
    )
    _project(school, S.RUNNING, "2000.00")
    funding = _progress(education, [school])["funding"]
    assert (funding["count"], funding["amount"]) == (1, Decimal("2000.00"))
    assert _by_measure(funding) == {school.pk: (2, Decimal("5000.00"))}
    funding = _progress(space, [])["funding"]
    assert (funding["count"], funding["amount"]) == (1, Decimal("3000.00"))


def _field_page_queries(client, field) -> tuple[int, str]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the same cold start (no cached page or settings) for every measurement
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("actionplan:field_detail", kwargs={"slug": field.slug}))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_field_page_shows_progress_with_a_fixed_number_of_queries(client):
    SiteSettings.load()
    field = FieldOfActionFactory()
    measure = MeasureFactory(field_of_action=field)
    _project(measure, S.APPROVED, "10000.00")
    GrantFactory(field_of_action=field, status=GrantStatus.APPROVED, granted_amount=Decimal("500.00"))
    IdeaFactory(field_of_action=field, status=IdeaStatus.TAKEN_UP)
    few, _body = _field_page_queries(client, field)
    for number in range(1, 6):
        _project(measure, S.APPROVED, f"{10000 + number}.00")
        GrantFactory(field_of_action=field, status=GrantStatus.APPROVED, granted_amount=Decimal("500.00"))
        IdeaFactory(field_of_action=field, status=IdeaStatus.TAKEN_UP)
    many, body = _field_page_queries(client, field)
    assert many == few <= 15
    assert "6 Projekte" in body
    assert "60.015,00\u00a0€" in body
    assert 'href="/projekte/' in body
    assert "Aufgegriffene Ideen der Bewohnerschaft" in body and "Aktionsfonds" in body
