"""Issue #15.3: an admin save never undoes a status change made at the same moment.

Two real sessions on PostgreSQL: one QM team member has the change form open (or presses Save
at the same moment) while another changes the status through the workflow. The stale save is
refused with a message naming who changed the record, and nothing is overwritten; a save
that wins the race writes only the fields it changed, so the status change after it stands."""

import threading
from functools import partial

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 6


def _actionfund_case(make_user):
    from decimal import Decimal

    from apps.actionfund import services
    from apps.actionfund.tests.factories import ApplicationFactory

    application = ApplicationFactory(status="approved", granted_amount=Decimal("300.00"))
    return (
        application,
        "admin:actionfund_application_change",
        {"title": "Geändert im Admin"},
        lambda by: services.application_change_status(application=application, to="paid", by=by),
        "paid",
    )


def _jury_round_case(make_user):
    from apps.actionfund import services
    from apps.actionfund.tests.factories import ApplicationFactory, RoundFactory

    round = RoundFactory(status="open")
    ApplicationFactory(fund_year=round.fund_year, round=round, status="in_round")
    return (
        round,
        "admin:actionfund_round_change",
        {"submission_deadline_1": "09:30:00"},
        lambda by: services.round_close(round=round, by=by),
        "closed",
    )


def _funding_case(make_user):
    from apps.funding import services
    from apps.funding.tests.factories import ApplicationFactory

    application = ApplicationFactory.in_status("council")
    return (
        application,
        "admin:funding_application_change",
        {},  # nothing is editable once submitted: the QM team member just presses Save
        lambda by: services.application_council_decide(application=application, recommended=True, by=by),
        "recommended",
    )


CASES = {
    "action fund application paid": _actionfund_case,
    "funding application recommended": _funding_case,
    "jury round closed": _jury_round_case,
}


def _row(obj) -> dict:
    return type(obj).objects.filter(pk=obj.pk).values().get()


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_stale_admin_save_is_refused_naming_who_changed_the_record(case, make_user):
    editor, other = make_user("staff", first_name="Erika"), make_user("staff", email="zweite@example.org")
    obj, url_name, edits, change_status, expected = CASES[case](make_user)
    url = reverse(url_name, args=[obj.pk])
    session = _session(editor)
    form = session.get(url)
    assert form.status_code == 200
    change_status(other)  # the second QM team member, while the form is open
    changed = _row(obj)
    response = session.post(url, change_form_data(form, **edits))
    assert response.status_code == 200  # the form again, with the error
    text = response.content.decode()
    assert "zweite@example.org" in text
    assert "Nichts wurde gespeichert" in text
    assert _row(obj) == changed  # nothing overwritten
    obj.refresh_from_db()
    assert obj.status == expected
    # Reloaded, the form saves (the fields still editable in the new status) and leaves the status alone.
    form = session.get(url)
    response = session.post(url, change_form_data(form, **edits))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == expected


def _post_status(session, url, data) -> int:
    return session.post(url, data).status_code


def _race(save, move) -> dict:
    """Run ``save`` and ``move`` in two threads (two database connections) at the same moment."""
    barrier = threading.Barrier(2)
    results = {}

    def run(name, action):
        try:
            barrier.wait(timeout=10)
            results[name] = action()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=("save", save)), threading.Thread(target=run, args=("move", move))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_save_at_the_same_moment_never_undoes_the_status_change(case, make_user):
    editor, other = make_user("staff"), make_user("staff")
    outcomes = []
    for _ in range(TRIES):
        obj, url_name, edits, change_status, expected = CASES[case](make_user)
        url = reverse(url_name, args=[obj.pk])
        session = _session(editor)
        data = change_form_data(session.get(url), **edits)
        results = _race(partial(_post_status, session, url, data), partial(change_status, other))
        obj.refresh_from_db()
        assert "move" in results
        assert obj.status == expected
        history = list(obj.status_changes.order_by("at", "pk"))
        assert history[-1].to_status == obj.status
        outcomes.append(results["save"])
    assert set(outcomes) <= {200, 302}
