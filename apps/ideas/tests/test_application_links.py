"""An idea taken up by a funding or action fund application links to it; the history keeps
its text when the application is deleted later."""

import pytest
from django.db import IntegrityError

from apps.actionfund.tests.factories import ApplicationFactory as ActionfundApplicationFactory
from apps.funding.models import Application as FundingApplication
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory
from apps.ideas import services
from apps.ideas.forms import AnswerForm
from apps.ideas.models import IdeaStatus, StatusChange

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_taken_up_by_a_funded_project_links_to_its_public_page(client, qm_staff):
    project = FundingApplicationFactory.in_status(FundingApplication.Status.APPROVED, title="Kiezgarten am Ufer")
    idea = IdeaFactory()
    change = services.idea_change_status(
        idea=idea, to=IdeaStatus.TAKEN_UP, by=qm_staff, answer="Wird gefördert.", links={"funding_application": project}
    )
    assert change.funding_application == project
    assert change.linked_record == "Kiezgarten am Ufer"
    body = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="/projekte/{project.pk}/"' in body


def test_history_keeps_the_text_when_the_linked_application_is_deleted(client, qm_staff):
    application = ActionfundApplicationFactory(title="Hoffest im Lindenhof")
    idea = IdeaFactory()
    services.idea_change_status(
        idea=idea, to=IdeaStatus.TAKEN_UP, by=qm_staff, links={"actionfund_application": application}
    )
    application.delete()
    change = StatusChange.objects.get(idea=idea, to_status=IdeaStatus.TAKEN_UP)
    assert change.actionfund_application is None
    assert change.linked_record == "Hoffest im Lindenhof"
    assert "Hoffest im Lindenhof" in client.get(idea.get_absolute_url()).content.decode()


def test_a_status_change_links_at_most_one_application(qm_staff):
    idea = IdeaFactory()
    with pytest.raises(IntegrityError):
        StatusChange.objects.create(
            idea=idea,
            from_status=IdeaStatus.PUBLISHED,
            to_status=IdeaStatus.TAKEN_UP,
            funding_application=FundingApplicationFactory(),
            actionfund_application=ActionfundApplicationFactory(),
        )


def test_answer_form_refuses_two_linked_applications():
    form = AnswerForm(
        data={
            "answer": "Wird umgesetzt.",
            "funding_application": FundingApplicationFactory.in_status(FundingApplication.Status.APPROVED).pk,
            "actionfund_application": ActionfundApplicationFactory().pk,
        },
        to_status=IdeaStatus.TAKEN_UP,
    )
    assert not form.is_valid()
    assert form.non_field_errors()


def test_linked_applications_on_the_entry_page_need_no_query_of_their_own(client, qm_staff, django_assert_num_queries):
    project = FundingApplicationFactory.in_status(FundingApplication.Status.APPROVED, title="Kiezgarten am Ufer")
    action = ActionfundApplicationFactory(title="Hoffest im Lindenhof")
    idea = IdeaFactory()
    services.idea_change_status(
        idea=idea, to=IdeaStatus.IN_REVIEW, by=qm_staff, links={"actionfund_application": action}
    )
    services.idea_change_status(idea=idea, to=IdeaStatus.TAKEN_UP, by=qm_staff, links={"funding_application": project})
    client.get(idea.get_absolute_url())  # the layout's kept values
    with django_assert_num_queries(3):  # the entry, its history with both applications, its comments
        body = client.get(idea.get_absolute_url() + "?page=1").content.decode()  # not the cached copy
    assert f'href="/projekte/{project.pk}/">Kiezgarten am Ufer</a>' in body
    assert "Hoffest im Lindenhof" in body
