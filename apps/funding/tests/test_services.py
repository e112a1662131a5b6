from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.funding import grants, services
from apps.funding.models import Application, ApplicationStatus, StatusChange

from .factories import PDF_BYTES, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def _report_file(name="bericht.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _notice(amount="18000.00"):
    return {"issued_on": date(2026, 12, 1), "file_number": "SZ-2026-17", "amount": Decimal(amount),
            "document": _report_file("bescheid.pdf")}  # fmt: skip


def _proof(kind="final"):
    return {"kind": kind, "period_end": date(2028, 12, 31), "report": _report_file(),
            "statement": _report_file("nachweis.pdf")}  # fmt: skip


# name -> (service call, who acts, allowed source statuses, target status)
SERVICES = {
    "submit": (lambda a, by: services.application_submit(application=a, by=by), "owner",
               {S.DRAFT, S.CHANGES_REQUESTED}, S.SUBMITTED),
    "start_formal_check": (lambda a, by: services.application_start_formal_check(application=a, by=by), "staff",
                           {S.SUBMITTED}, S.FORMAL_CHECK),
    "request_changes": (lambda a, by: services.application_request_changes(application=a, by=by, comment="Bitte Kostenplan ergänzen."),
                        "staff", {S.FORMAL_CHECK}, S.CHANGES_REQUESTED),
    "present_to_council": (lambda a, by: services.application_present_to_council(application=a, by=by), "staff",
                           {S.FORMAL_CHECK}, S.COUNCIL),
    "council_recommends": (lambda a, by: services.application_council_decide(application=a, recommended=True, by=by),
                           "council", {S.COUNCIL}, S.RECOMMENDED),
    "council_does_not_recommend": (lambda a, by: services.application_council_decide(application=a, recommended=False, by=by),
                                   "council", {S.COUNCIL}, S.NOT_RECOMMENDED),
    "select": (lambda a, by: grants.steering_decide(application=a, selected=True, by=by), "staff",
               {S.RECOMMENDED}, S.SELECTED),
    "not_select": (lambda a, by: grants.steering_decide(application=a, selected=False, by=by), "staff",
                   {S.RECOMMENDED}, S.NOT_SELECTED),
    "grant_notice": (lambda a, by: grants.grant_notice_record(application=a, by=by, **_notice()), "staff",
                     {S.SELECTED}, S.APPROVED),
    "reject": (lambda a, by: services.application_reject(application=a, by=by), "staff",
               {S.FORMAL_CHECK, S.SELECTED}, S.REJECTED),
    "start_project": (lambda a, by: services.application_start_project(application=a, by=by), "staff",
                      {S.APPROVED}, S.RUNNING),
    "final_proof": (lambda a, by: grants.proof_submit(application=a, by=by, **_proof()), "owner", {S.RUNNING},
                    S.REPORTED),
    "withdraw": (lambda a, by: services.application_withdraw(application=a, by=by), "owner",
                 {S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK, S.CHANGES_REQUESTED, S.COUNCIL, S.RECOMMENDED, S.NOT_RECOMMENDED,
                  S.SELECTED}, S.WITHDRAWN),
}  # fmt: skip

CASES = [(name, status) for name in SERVICES for status in S.values]


def _actor(who, application, make_user):
    return application.owner if who == "owner" else make_user(who)


@pytest.mark.parametrize(("name", "status"), CASES, ids=[f"{n}-from-{s}" for n, s in CASES])
def test_every_transition_is_allowed_only_from_its_source_statuses(name, status, make_user):
    call, who, sources, target = SERVICES[name]
    application = ApplicationFactory.in_status(status)
    by = _actor(who, application, make_user)
    mail.outbox.clear()
    if status in sources:
        call(application, by)
        application.refresh_from_db()
        assert application.status == target
        entry = application.status_changes.get()
        assert (entry.from_status, entry.to_status, entry.by) == (status, target, by)
    else:
        with pytest.raises(ValidationError):
            call(application, by)
        application.refresh_from_db()
        assert application.status == status
        assert not application.status_changes.exists()


@pytest.mark.parametrize("name", list(SERVICES))
def test_every_transition_refuses_the_wrong_role(name, make_user):
    call, who, sources, _target = SERVICES[name]
    application = ApplicationFactory.in_status(sorted(sources)[0])
    wrong = make_user("resident") if who != "owner" else make_user("staff")
    with pytest.raises(PermissionDenied):
        call(application, wrong)
    application.refresh_from_db()
    assert application.status == sorted(sources)[0]


def test_transition_mails_the_applicant_with_the_comment(make_user, django_capture_on_commit_callbacks):
    application = ApplicationFactory.in_status(S.FORMAL_CHECK)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_changes(application=application, by=make_user("staff"), comment="Bitte Anlage X.")
    assert len(mail.outbox) == 1
    assert application.owner.email in mail.outbox[0].to
    assert "Bitte Anlage X." in mail.outbox[0].body
    assert "Nachbesserung" in mail.outbox[0].subject or "Changes requested" in mail.outbox[0].subject
    # The mail links to the application itself, not to the list of applications.
    assert f"/foerderung/antraege/{application.pk}/" in mail.outbox[0].body


def test_history_records_who_when_and_comment(make_user):
    staff = make_user("staff")
    application = ApplicationFactory.in_status(S.SUBMITTED)
    before = timezone.now()
    services.application_start_formal_check(application=application, by=staff, comment="Eingang bestätigt")
    entry = StatusChange.objects.get(application=application)
    assert entry.by == staff and entry.comment == "Eingang bestätigt" and entry.at >= before


def test_request_changes_needs_a_comment(make_user):
    application = ApplicationFactory.in_status(S.FORMAL_CHECK)
    with pytest.raises(ValidationError):
        services.application_request_changes(application=application, by=make_user("staff"), comment=" ")


def test_council_member_or_staff_may_record_the_council_decision(make_user):
    first = ApplicationFactory.in_status(S.COUNCIL)
    second = ApplicationFactory.in_status(S.COUNCIL)
    services.application_council_decide(application=first, recommended=True, by=make_user("staff"))
    services.application_council_decide(application=second, recommended=False, by=make_user("council"), comment="5:3")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.RECOMMENDED, S.NOT_RECOMMENDED)
    with pytest.raises(PermissionDenied):
        services.application_council_decide(application=ApplicationFactory.in_status(S.COUNCIL), recommended=True,
                                            by=make_user("juror"))  # fmt: skip


# Deadline (Europe/Berlin)


def _berlin_deadline_call():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    deadline = datetime(2026, 3, 31, 23, 59, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    return CallFactory(deadline=deadline), deadline


def test_submission_one_second_before_the_berlin_deadline_is_accepted():
    call, deadline = _berlin_deadline_call()
    application = ApplicationFactory(call=call)
    services.application_submit(application=application, by=application.owner, now=deadline - timedelta(seconds=1))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.mark.parametrize("after", [0, 1])
def test_submission_at_or_after_the_berlin_deadline_is_refused(after):
    call, deadline = _berlin_deadline_call()
    application = ApplicationFactory(call=call)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=application.owner,
                                    now=deadline + timedelta(seconds=after))  # fmt: skip
    assert error.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_berlin_deadline_is_2159_utc_in_summer():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    deadline = datetime(2026, 6, 30, 23, 59, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    call = CallFactory(deadline=deadline)
    assert call.is_open(now=datetime(2026, 6, 30, 21, 59, 58, tzinfo=UTC))
    assert not call.is_open(now=datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC))


def test_resubmission_after_changes_is_allowed_after_the_deadline():
    application = ApplicationFactory.in_status(
        S.CHANGES_REQUESTED, call=CallFactory(deadline=timezone.now() - timedelta(days=3))
    )
    services.application_submit(application=application, by=application.owner, comment="Kostenplan ergänzt")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_incomplete_draft_is_refused_with_field_errors():
    application = ApplicationFactory(title="", measure=None, field_of_action=None, own_share=Decimal("0"),
                                     requested_amount=Decimal("20000.00"))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=application.owner)
    fields = error.value.message_dict
    assert {"title", "measure", "field_of_action", "own_share"} <= set(fields)
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_public_provider_needs_no_own_share():
    application = ApplicationFactory(provider_kind=Application.ProviderKind.PUBLIC, own_share=Decimal("0"),
                                     requested_amount=Decimal("20000.00"))  # fmt: skip
    services.application_submit(application=application, by=application.owner)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


# Budget


def test_recommendation_beyond_the_budget_is_refused(make_user):
    call = CallFactory(budget=Decimal("30000.00"))
    ApplicationFactory.in_status(S.APPROVED, call=call)  # 18,000 committed
    application = ApplicationFactory.in_status(S.COUNCIL, call=call)  # asks 18,000
    with pytest.raises(ValidationError) as error:
        services.application_council_decide(application=application, recommended=True, by=make_user("staff"))
    assert error.value.code == "budget_exceeded"
    application.refresh_from_db()
    assert application.status == S.COUNCIL


def test_grant_notice_counts_its_own_recommendation_only_once(make_user):
    call = CallFactory(budget=Decimal("18000.00"))
    application = ApplicationFactory.in_status(S.SELECTED, call=call)
    grants.grant_notice_record(application=application, by=make_user("staff"), **_notice())
    application.refresh_from_db()
    assert application.status == S.APPROVED


def test_withdrawn_and_rejected_applications_free_the_budget(make_user):
    call = CallFactory(budget=Decimal("18000.00"))
    ApplicationFactory.in_status(S.REJECTED, call=call)
    ApplicationFactory.in_status(S.WITHDRAWN, call=call)
    application = ApplicationFactory.in_status(S.COUNCIL, call=call)
    services.application_council_decide(application=application, recommended=True, by=make_user("staff"))
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
