"""Every moderation action leaves an admin history row (LogEntry): who, when, what, optional reason."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from apps.ideas.models import Comment, IdeaStatus
from apps.ideas.tests.factories import CommentFactory, IdeaFactory
from apps.network.models import Suggestion, SuggestionStatus
from apps.network.tests.factories import ActorFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def run(client, url_name, action, objects, reason=""):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], "reason": reason}
    return client.post(reverse(url_name), data)


def history(obj) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(obj)
    return list(LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("pk"))


def assert_logged(obj, user, text, reason=""):
    entries = history(obj)
    assert len(entries) == 1, entries
    entry = entries[0]
    assert entry.user == user and entry.action_flag == CHANGE
    assert (timezone.now() - entry.action_time).total_seconds() < 60
    assert text in entry.change_message
    if reason:
        assert reason in entry.change_message


@pytest.mark.parametrize(("action", "status", "text"), [("approve", "approved", "Kommentar veröffentlicht"),
                                                       ("reject", "rejected", "Kommentar abgelehnt")])  # fmt: skip
def test_comment_moderation_is_logged_with_the_reason(client, qm_staff, action, status, text):
    comments = [CommentFactory(status=Comment.Status.PENDING) for _ in range(2)]
    client.force_login(qm_staff)
    run(client, "admin:ideas_comment_changelist", action, comments, reason="Beleidigend")
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status
        assert_logged(comment, qm_staff, text, "Beleidigend")
        # The decision is also the comment's one status history row (apps/core/workflow.py).
        [change] = comment.status_changes.all()
        assert (change.from_status, change.to_status, change.by, change.comment) == (
            "pending",
            status,
            qm_staff,
            "Beleidigend",
        )


@pytest.mark.parametrize(("action", "text"), [("hide", "Auf den öffentlichen Seiten verborgen"),
                                              ("unhide", "Wieder auf den öffentlichen Seiten gezeigt")])  # fmt: skip
def test_hiding_ideas_is_logged(client, qm_staff, action, text):
    idea = IdeaFactory(status=IdeaStatus.PUBLISHED, is_hidden=action == "unhide")
    client.force_login(qm_staff)
    run(client, "admin:ideas_idea_changelist", action, [idea], reason="Personenbezogene Daten")
    idea.refresh_from_db()
    assert idea.is_hidden == (action == "hide")
    assert_logged(idea, qm_staff, text, "Personenbezogene Daten")


@pytest.mark.parametrize(("action", "text"), [("publish", "Im Verzeichnis veröffentlicht"),
                                              ("unpublish", "Aus dem öffentlichen Verzeichnis genommen")])  # fmt: skip
def test_directory_publishing_is_logged(client, qm_staff, action, text):
    actor = ActorFactory(is_published=action == "unpublish")
    client.force_login(qm_staff)
    run(client, "admin:network_actor_changelist", action, [actor])
    actor.refresh_from_db()
    assert actor.is_published == (action == "publish")
    assert_logged(actor, qm_staff, text)


@pytest.mark.parametrize(("action", "status", "text"), [("approve", SuggestionStatus.APPROVED, "Vorschlag angenommen"),
                                                       ("reject", SuggestionStatus.REJECTED, "Vorschlag abgelehnt")])  # fmt: skip
def test_suggestion_decisions_are_logged_with_the_moderators_comment(client, qm_staff, action, status, text):
    suggestion = SuggestionFactory(status=SuggestionStatus.NEW, moderator_comment="Danke, geprüft")
    client.force_login(qm_staff)
    run(client, "admin:network_suggestion_changelist", action, [suggestion])
    assert Suggestion.objects.get(pk=suggestion.pk).status == status
    assert_logged(suggestion, qm_staff, text, "Danke, geprüft")
    change = suggestion.status_changes.get(to_status=status)
    assert (change.by, change.comment) == (qm_staff, "Danke, geprüft")


@pytest.mark.parametrize(("action", "status"), [("approve", SuggestionStatus.APPROVED),
                                                ("reject", SuggestionStatus.REJECTED)])  # fmt: skip
def test_calendar_suggestion_decisions_take_the_same_path(client, qm_staff, action, status):
    from apps.events.models import EventSuggestion
    from apps.events.tests.factories import EventSuggestionFactory

    suggestion = EventSuggestionFactory(status=SuggestionStatus.NEW, confirmed_at=timezone.now(),
                                        moderator_comment="Danke, geprüft")  # fmt: skip
    client.force_login(qm_staff)
    run(client, "admin:events_eventsuggestion_changelist", action, [suggestion])
    assert EventSuggestion.objects.get(pk=suggestion.pk).status == status
    assert_logged(suggestion, qm_staff, "Vorschlag", "Danke, geprüft")
    change = suggestion.status_changes.get(to_status=status)
    assert (change.by, change.comment) == (qm_staff, "Danke, geprüft")
