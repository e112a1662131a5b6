"""Every declared workflow (apps/core/workflow.py), walked from every status to every status as
every kind of user: a declared step taken by one of its actors succeeds and writes exactly one
history row; every other transition and every other user is refused and changes nothing.

Guards (a budget, completeness) stay active: the objects are made so that they pass; what a
guard refuses is tested in the apps' own tests."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.core.models import OutgoingMail
from apps.core.workflow import TransitionNotAllowed, transition, workflow_of, workflows

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _actionfund(status):
    from decimal import Decimal

    from apps.accounts.tests.factories import UserFactory
    from apps.actionfund.models import GRANTED_STATUSES
    from apps.actionfund.tests.factories import ApplicationFactory

    granted = Decimal("100.00") if status in GRANTED_STATUSES else None
    return ApplicationFactory(status=status, user=UserFactory(), granted_amount=granted)


def _jury_round(status):
    from apps.actionfund.tests.factories import ApplicationFactory, RoundFactory

    round = RoundFactory(status=status)
    ApplicationFactory(fund_year=round.fund_year, round=round, status="formal_check")
    return round


def _concept(status):
    from apps.actionplan.tests.factories import ConceptFactory

    return ConceptFactory(status=status, adopted_by="Quartiersrat", adopted_on=date(2024, 3, 12))


def _measure(status):
    from apps.actionplan.tests.factories import MeasureFactory

    return MeasureFactory(status=status)


def _meeting(status):
    from apps.council.tests.factories import MeetingFactory

    return MeetingFactory(status=status)


def _idea(status):
    from apps.accounts.tests.factories import UserFactory
    from apps.ideas.tests.factories import IdeaFactory

    return IdeaFactory(status=status, submitter=UserFactory(), email="ideengeber@example.org")


def _suggestion(status):
    from apps.network.tests.factories import SuggestionFactory

    return SuggestionFactory(status=status, confirmed_at=None if status == "unconfirmed" else timezone.now())


# model label -> make an object in a status
MAKERS = {
    "actionfund.application": _actionfund,
    "actionfund.round": _jury_round,
    "actionplan.concept": _concept,
    "actionplan.measure": _measure,
    "council.meeting": _meeting,
    "ideas.idea": _idea,
    "network.suggestion": _suggestion,
}


def _owner(obj):
    for name in ("owner", "submitter", "user"):
        if hasattr(obj, f"{name}_id"):
            return getattr(obj, name)
    return None


@pytest.fixture
def people(make_user):
    return {
        "qm": make_user("staff"),
        "council": make_user("council"),
        "juror": make_user("juror"),
        "provider": make_user("provider"),
        "resident": make_user("resident"),
        "system": None,
    }


def test_every_status_model_declares_its_workflow_and_the_walk_covers_it():
    labels = {flow.model._meta.label_lower for flow in workflows()}
    assert labels == set(MAKERS)
    for flow in workflows():
        assert flow.history._meta.get_field(flow.parent).remote_field.related_name == "status_changes"
        for _source, _target, step in flow.pairs():
            assert step.actors, step


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_walk_every_transition_as_every_user(label, people):
    make = MAKERS[label]
    flow = next(flow for flow in workflows() if flow.model._meta.label_lower == label)
    statuses = [value for value, _label in flow.choices]
    taken = set()
    for source in statuses:
        obj = make(source)
        assert workflow_of(obj) is flow
        users = {**people, "owner": _owner(obj)}
        for target in statuses:
            step = flow.step(source, target)
            # No step: refused before any role is looked at, so the QM team, the owner and the
            # system stand for everyone; a declared step is tried as every kind of user.
            tried = users if step is not None else {k: users[k] for k in ("qm", "owner", "system")}
            for user in tried.values():
                before = flow.history.objects.count()
                mails = OutgoingMail.objects.count()
                allowed = step is not None and step.allows(obj, user)
                try:
                    with transaction.atomic():
                        if allowed:
                            change = transition(obj, target, by=user, comment="Walk")
                            assert getattr(flow.model.objects.get(pk=obj.pk), flow.field) == target
                            assert flow.history.objects.count() == before + 1
                            assert (change.from_status, change.to_status) == (source, target)
                            assert change.by == user
                            if step.mail is not False and (flow.mail or step.mail is not True):
                                assert OutgoingMail.objects.count() > mails
                            taken.add((source, target))
                            raise Rollback
                        with pytest.raises((TransitionNotAllowed, PermissionDenied)):
                            transition(obj, target, by=user, comment="Walk")
                        assert getattr(flow.model.objects.get(pk=obj.pk), flow.field) == source
                        assert flow.history.objects.count() == before
                except Rollback:
                    obj.refresh_from_db()
                    setattr(obj, flow.field, source)
    declared = {(source, target) for source, target, _step in flow.pairs()}
    assert taken == declared, f"steps no test user could take: {declared - taken}"
