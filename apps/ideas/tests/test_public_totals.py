"""The totals of public entries kept by the trigger of migration 0012 equal a count after every
kind of write: inserts, status changes, hiding (also as a bulk update), field changes, deletes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.actionplan.tests.factories import FieldOfActionFactory
from apps.ideas.models import Idea, IdeaStatus, public_total

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db


def counted(**filters) -> int:
    return Idea.objects.public().filter(**filters).count()


def check(field) -> None:
    assert public_total() == counted()
    for kind in Idea.Kind.values:
        assert public_total(kind=kind) == counted(kind=kind)
    assert public_total(field_of_action=field) == counted(field_of_action=field)
    assert public_total(kind=Idea.Kind.CONCERN, field_of_action=field, status=IdeaStatus.IN_REVIEW) == counted(
        kind=Idea.Kind.CONCERN, field_of_action=field, status=IdeaStatus.IN_REVIEW
    )


def test_kept_totals_follow_every_write():
    field, other = FieldOfActionFactory(), FieldOfActionFactory()
    ideas = [IdeaFactory(field_of_action=field) for _ in range(3)]
    concern = IdeaFactory(kind=Idea.Kind.CONCERN, field_of_action=field, status=IdeaStatus.IN_REVIEW)
    IdeaFactory(status=IdeaStatus.NEW)
    check(field)
    assert public_total() == 4
    Idea.objects.filter(pk=ideas[0].pk).update(is_hidden=True)
    check(field)
    ideas[1].field_of_action = other
    ideas[1].save()
    check(field)
    concern.kind = Idea.Kind.IDEA
    concern.save()
    check(field)
    Idea.objects.filter(status=IdeaStatus.NEW).update(status=IdeaStatus.PUBLISHED, published_at=timezone.now())
    check(field)
    ideas[2].delete()
    Idea.objects.filter(pk=ideas[0].pk).update(is_hidden=False, support_count=5)
    check(field)
    assert public_total() == 4


def test_the_list_shows_the_kept_total(client):
    field = FieldOfActionFactory()
    IdeaFactory(field_of_action=field)
    IdeaFactory(kind=Idea.Kind.CONCERN, status=IdeaStatus.IN_REVIEW)
    IdeaFactory(status=IdeaStatus.REJECTED)
    assert "2 Einträge" in client.get(reverse("ideas:list")).content.decode()
    page = client.get(reverse("ideas:list"), {"kind": "concern", "status": "in_review"}).content.decode()
    assert "1 Eintrag" in page
    assert "1 Eintrag" in client.get(reverse("ideas:list"), {"field": field.slug}).content.decode()


def test_the_trigger_knows_the_public_statuses():
    from importlib import import_module

    from apps.ideas.models import PUBLIC_STATUSES

    create = import_module("apps.ideas.migrations.0012_public_totals").CREATE
    listed = "(" + ", ".join(f"'{status}'" for status in PUBLIC_STATUSES) + ")"
    assert create.count(f"status IN {listed}") == 3
