import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from apps.core.workflow import TransitionNotAllowed, transition
from apps.ideas.models import Idea, IdeaStatus, Support

from .factories import IdeaFactory, OfficeFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (IdeaStatus.UNCONFIRMED, IdeaStatus.NEW),
        (IdeaStatus.NEW, IdeaStatus.PUBLISHED),
        (IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW),
        (IdeaStatus.PUBLISHED, IdeaStatus.TAKEN_UP),
        (IdeaStatus.IN_REVIEW, IdeaStatus.TAKEN_UP),
        (IdeaStatus.TAKEN_UP, IdeaStatus.REALISED),
    ],
)
def test_allowed_transition_changes_status_and_writes_history(start, target, qm_staff):
    idea = IdeaFactory(status=start)
    by = None if start == IdeaStatus.UNCONFIRMED else qm_staff  # the submitter confirms by the signed link
    change = transition(idea, target, by=by, comment="Wir kümmern uns.")
    idea.refresh_from_db()
    assert idea.status == target
    assert (change.from_status, change.to_status, change.by, change.comment) == (
        start, target, by, "Wir kümmern uns."
    )  # fmt: skip


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (IdeaStatus.UNCONFIRMED, IdeaStatus.PUBLISHED),
        (IdeaStatus.NEW, IdeaStatus.TAKEN_UP),
        (IdeaStatus.REJECTED, IdeaStatus.PUBLISHED),
        (IdeaStatus.REALISED, IdeaStatus.IN_REVIEW),
        (IdeaStatus.NOT_PURSUED, IdeaStatus.TAKEN_UP),
        (IdeaStatus.PUBLISHED, IdeaStatus.NEW),
        (IdeaStatus.PUBLISHED, IdeaStatus.REJECTED),
    ],
)
def test_refused_transition_changes_nothing(start, target, qm_staff):
    idea = IdeaFactory(status=start)
    with pytest.raises(TransitionNotAllowed):
        transition(idea, target, by=qm_staff, comment="Grund")
    idea.refresh_from_db()
    assert idea.status == start
    assert not idea.status_changes.exists()


@pytest.mark.parametrize(
    ("start", "target"), [(IdeaStatus.NEW, IdeaStatus.REJECTED), (IdeaStatus.IN_REVIEW, IdeaStatus.NOT_PURSUED)]
)
def test_rejection_and_not_pursued_need_a_reason(start, target, qm_staff):
    idea = IdeaFactory(status=start)
    with pytest.raises(ValidationError):
        transition(idea, target, by=qm_staff, comment="   ")
    transition(idea, target, by=qm_staff, comment="Passt nicht zum Aktionsplan.")
    assert idea.status == target


def test_publishing_sets_the_publish_date(qm_staff):
    idea = IdeaFactory(status=IdeaStatus.NEW)
    transition(idea, IdeaStatus.PUBLISHED, by=qm_staff)
    idea.refresh_from_db()
    assert idea.published_at is not None


def test_database_refuses_unknown_status():
    idea = IdeaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(status="erledigt")


def test_database_allows_one_support_per_user_and_entry(resident):
    support = SupportFactory(user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(idea=support.idea, user=resident)


def test_database_refuses_photo_without_alt_text():
    idea = IdeaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(photo="ideas/x.jpg", photo_alt="")


def test_database_refuses_forwarding_an_idea():
    idea = IdeaFactory(kind=Idea.Kind.IDEA)
    office = OfficeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(office=office, forwarded_at=idea.created_at)


def test_database_refuses_public_status_without_publish_date():
    idea = IdeaFactory(status=IdeaStatus.NEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.PUBLISHED)


def test_public_queryset_hides_unpublished_and_hidden_entries():
    shown = IdeaFactory()
    IdeaFactory(status=IdeaStatus.NEW)
    IdeaFactory(status=IdeaStatus.UNCONFIRMED)
    IdeaFactory(status=IdeaStatus.REJECTED)
    IdeaFactory(is_hidden=True)
    assert list(Idea.objects.public()) == [shown]


def test_submitter_sees_own_entry_awaiting_moderation(resident, make_user):
    own = IdeaFactory(status=IdeaStatus.NEW, submitter=resident)
    assert own in Idea.objects.visible_to(resident)
    assert own not in Idea.objects.visible_to(make_user("resident"))


def test_search_finds_german_word_forms():
    match = IdeaFactory(title="Neue Bänke am Spielplatz", description="Die Spielplätze brauchen Sitzplätze.")
    IdeaFactory(title="Mülleimer", description="Zu wenige Mülleimer.")
    assert list(Idea.objects.search("Spielplätze")) == [match]
    assert list(Idea.objects.search("")) != []
    assert not Idea.objects.search("Fahrradständer").filter(Q(pk=match.pk)).exists()


def test_database_refuses_office_answer_without_office():
    idea = IdeaFactory(kind=Idea.Kind.CONCERN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(office_answer="Erledigt.")
