"""Every declared workflow (apps/core/workflow.py), walked from every status to every status as
every kind of user: a declared step taken by one of its actors succeeds and writes exactly one
history row; every other transition and every other user is refused and changes nothing.

Guards (a budget, completeness) stay active: the objects are made so that they pass; what a
guard refuses is tested in the apps' own tests."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
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


def _funding_application(status):
    """An application in ``status`` whose guards pass: a grant notice once selected, the final
    proof of use being checked while running, accepted once reported."""
    from apps.funding.tests.factories import ApplicationFactory, GrantNoticeFactory, ProofOfUseFactory

    application = ApplicationFactory.in_status(status)
    if status == "selected":
        GrantNoticeFactory(application=application)
    if status in ("running", "reported"):
        ProofOfUseFactory(
            application=application, kind="final", status="submitted" if status == "running" else "accepted"
        )
    return application


def _building_project(status):
    """A building project (Baufonds): no public call, the QM team presents its draft to the council."""
    from apps.funding.models import Fund
    from apps.funding.tests.factories import ApplicationFactory, CallFactory

    fund, _created = Fund.objects.get_or_create(
        name="Baufonds", defaults={"kind": Fund.Kind.BUILDING, "minimum_amount": Decimal("5000.00")}
    )
    return ApplicationFactory.in_status(status, call=CallFactory(fund=fund, is_published=False))


def _payment(status):
    from apps.funding.models import PaymentRequest
    from apps.funding.tests.factories import GrantNoticeFactory

    application = GrantNoticeFactory().application
    paid_on = date(2027, 3, 1) if status == "paid" else None
    return PaymentRequest.objects.create(
        application=application, amount=Decimal("900.00"), status=status, paid_on=paid_on
    )


def _proof(status):
    from apps.funding.tests.factories import ApplicationFactory, ProofOfUseFactory

    return ProofOfUseFactory(application=ApplicationFactory.in_status("running"), status=status)


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


def _event_suggestion(status):
    from apps.events.tests.factories import EventSuggestionFactory

    return EventSuggestionFactory(status=status, confirmed_at=None if status == "unconfirmed" else timezone.now())


def _comment(status):
    from apps.ideas.tests.factories import CommentFactory

    return CommentFactory(status=status)


def _feedback(status):
    from apps.pages.models import AccessibilityFeedback

    answered = timezone.now() if status == "answered" else None
    return AccessibilityFeedback.objects.create(message="Kontrast", status=status, answered_at=answered)


# model label -> make an object in a status
MAKERS = {
    "actionfund.application": _actionfund,
    "actionfund.round": _jury_round,
    "actionplan.concept": _concept,
    "actionplan.measure": _measure,
    "council.meeting": _meeting,
    "events.eventsuggestion": _event_suggestion,
    "ideas.comment": _comment,
    "funding.application": _funding_application,
    "funding.paymentrequest": _payment,
    "funding.proofofuse": _proof,
    "ideas.idea": _idea,
    "network.suggestion": _suggestion,
    "pages.accessibilityfeedback": _feedback,
}

# (model label, source, target) -> make an object for a step whose guard needs another kind of
# object than the source status's usual one.
VARIANTS = {
    ("funding.application", "draft", "council"): _building_project,
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
        usual = make(source)
        assert workflow_of(usual) is flow
        for target in statuses:
            variant = VARIANTS.get((label, source, target))
            obj = variant(source) if variant else usual
            users = {**people, "owner": _owner(obj)}
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


def test_the_parent_row_is_locked_first_and_the_guard_reads_it_as_locked(people):
    """``Workflow(lock=...)``: a proof of use's step locks its application's row before its own (the
    order of the funding services, so two steps never deadlock), and the guard reads the locked
    application, not the caller's copy: a proof of a project that meanwhile moved on is refused."""
    from apps.funding.models import Application

    proof = _proof("submitted")
    with CaptureQueriesContext(connection) as queries:
        transition(proof, "accepted", by=people["qm"])
    locks = [query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"]]
    assert '"funding_application"' in locks[0].split("WHERE")[0]
    assert '"funding_proofofuse"' in locks[1].split("WHERE")[0]

    stale = _proof("submitted")
    assert stale.application.status == "running"  # the caller's copy
    Application.objects.filter(pk=stale.application_id).update(status="withdrawn")
    history = stale.status_changes.count()
    with pytest.raises(ValidationError) as refused:
        transition(stale, "accepted", by=people["qm"])
    assert refused.value.code == "proof_not_checkable"
    stale.refresh_from_db()
    assert stale.status == "submitted" and stale.status_changes.count() == history
