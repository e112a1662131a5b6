import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.ideas.models import Comment, Idea, IdeaStatus
from tests.admin_forms import change_form_data

from .factories import CommentFactory, IdeaFactory, OfficeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:ideas_idea_changelist"


@pytest.fixture
def run_action(client, django_capture_on_commit_callbacks):
    """Post an admin action for the given objects; mails queued for after the commit are sent."""

    def run(action, objects, url_name=CHANGELIST, **data):
        payload = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse(url_name), payload)

    return run


def test_changelist_moderation_queue_and_change_form_open(client, qm_staff, run_action):
    idea = IdeaFactory(status=IdeaStatus.NEW, title="Im Eingang")
    IdeaFactory(title="Schon veröffentlicht")
    client.force_login(qm_staff)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    queue = client.get(reverse("admin:ideas_moderationqueue_changelist")).content.decode()
    assert "Im Eingang" in queue and "Schon veröffentlicht" not in queue
    assert client.get(reverse("admin:ideas_idea_change", args=[idea.pk])).status_code == 200


def test_bulk_approve_publishes_through_the_workflow(client, qm_staff, run_action):
    ideas = [IdeaFactory(status=IdeaStatus.NEW, email=f"p{n}@example.org") for n in range(2)]
    client.force_login(qm_staff)
    response = run_action("to_published", ideas)
    assert response.status_code == 200  # the answer page
    response = run_action("to_published", ideas, apply="1", answer="")
    assert response.status_code == 302
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.PUBLISHED
        assert idea.status_changes.get(to_status=IdeaStatus.PUBLISHED).by == qm_staff
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org"]


def test_bulk_reject_needs_a_reason_and_mails_it(client, qm_staff, run_action):
    idea = IdeaFactory(status=IdeaStatus.NEW, email="spam@example.org")
    client.force_login(qm_staff)
    response = run_action("to_rejected", [idea], apply="1", answer="")
    assert response.status_code == 200 and response.context["form"].errors
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
    run_action("to_rejected", [idea], apply="1", answer="Werbung ist nicht erlaubt.")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.REJECTED
    assert "Werbung ist nicht erlaubt." in mail.outbox[0].body


def test_status_action_refuses_a_wrong_transition(client, qm_staff, run_action):
    idea = IdeaFactory(status=IdeaStatus.NEW)
    client.force_login(qm_staff)
    run_action("to_realised", [idea], apply="1", answer="Fertig")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
    assert not mail.outbox


def test_taken_up_with_linked_application_and_public_answer(client, qm_staff, run_action):
    idea = IdeaFactory(status=IdeaStatus.IN_REVIEW)
    client.force_login(qm_staff)
    run_action("to_taken_up", [idea], apply="1", answer="Wir fördern das.", linked_record="Projektantrag 12")
    change = idea.status_changes.get()
    assert (change.comment, change.linked_record) == ("Wir fördern das.", "Projektantrag 12")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Wir fördern das." in page and "Projektantrag 12" in page


def test_status_field_cannot_be_edited_in_the_change_form(client, qm_staff, run_action):
    idea = IdeaFactory(status=IdeaStatus.NEW)
    client.force_login(qm_staff)
    form = client.get(reverse("admin:ideas_idea_change", args=[idea.pk])).context["adminform"].form
    assert "status" not in form.fields


def test_recording_the_offices_answer_mails_the_submitter_once(client, qm_staff, django_capture_on_commit_callbacks):
    office = OfficeFactory(name="Straßen- und Grünflächenamt")
    concern = IdeaFactory(
        kind=Idea.Kind.CONCERN, office=office, forwarded_at=timezone.now(), email="anwohnerin@example.org"
    )
    client.force_login(qm_staff)
    url = reverse("admin:ideas_idea_change", args=[concern.pk])
    data = change_form_data(
        client.get(url), office_answer="Die Bank wird im Mai aufgestellt.", office_answered_on="2026-11-20"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [m.to for m in mail.outbox] == [["anwohnerin@example.org"]]
    assert "Die Bank wird im Mai aufgestellt." in mail.outbox[0].body
    assert concern.get_absolute_url() in mail.outbox[0].body
    # Saving again without changing the answer sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form_data(client.get(url)))
    assert len(mail.outbox) == 1


def test_hide_removes_entry_from_public_pages(client, qm_staff, run_action):
    idea = IdeaFactory()
    client.force_login(qm_staff)
    run_action("hide", [idea])
    client.logout()
    assert client.get(idea.get_absolute_url()).status_code == 404


def test_forward_concerns_to_office_and_show_it_publicly(client, qm_staff, run_action):
    concern = IdeaFactory(kind=Idea.Kind.CONCERN)
    idea = IdeaFactory(kind=Idea.Kind.IDEA)
    office = OfficeFactory(name="Straßen- und Grünflächenamt", email="sga@bezirksamt.example")
    client.force_login(qm_staff)
    run_action("forward_to_office", [concern, idea], apply="1", office=office.pk, message="Bitte prüfen.")
    concern.refresh_from_db()
    idea.refresh_from_db()
    assert concern.office == office and idea.office is None
    assert mail.outbox[0].to == ["sga@bezirksamt.example"]
    client.logout()
    assert "Straßen- und Grünflächenamt" in client.get(concern.get_absolute_url()).content.decode()


def test_csv_export_contains_status_history_and_no_email(client, qm_staff, run_action):
    idea = IdeaFactory(status=IdeaStatus.NEW, title="=Formel", email="geheim@example.org")
    client.force_login(qm_staff)
    run_action("to_published", [idea], apply="1", answer="Veröffentlicht!")
    response = run_action("export_csv", [idea])
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert "'=Formel" in content and "Veröffentlicht!" in content
    assert "geheim@example.org" not in content


def test_comment_moderation_actions(client, qm_staff, run_action):
    comment = CommentFactory(status=Comment.Status.PENDING)
    client.force_login(qm_staff)
    run_action("approve", [comment], url_name="admin:ideas_comment_changelist")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_a_comments_status_changes_only_through_the_moderation_actions(client, qm_staff):
    comment = CommentFactory(status=Comment.Status.PENDING)
    client.force_login(qm_staff)
    url = reverse("admin:ideas_comment_change", args=[comment.pk])
    form = client.get(url)
    assert 'name="status"' not in form.content.decode()
    data = change_form_data(form, text="Korrigierter Text", status=Comment.Status.APPROVED)
    assert client.post(url, data).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Korrigierter Text" and comment.status == Comment.Status.PENDING
