"""Issue #12.6: the migrations to the one history model keep every row.

The database is migrated back to the state before them, demo-like rows are written with the
models of that state (every history table, old field names), then migrated forward; row counts
and the content of every history row are compared with what was written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

# The last migration of each app before the history moved to apps.core.workflow.
BEFORE = [
    ("actionfund", "0008_office_entry"),
    ("admin", "0003_logentry_add_action_flag_choices"),  # its log was the comments' only audit (unchanged)
    ("actionplan", "0009_files_by_content"),
    ("council", "0008_decision_vote_method"),
    ("funding", "0009_erasable_contact_details_with_rank"),
    ("events", "0001_initial"),
    ("ideas", "0008_office_entry"),
    ("network", "0005_files_by_content"),
    ("pages", "0015_statement_standard_without_german"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())


def _actionfund(apps, user, now):
    FundYear, Round, Application = (apps.get_model("actionfund", n) for n in ("FundYear", "Round", "Application"))
    Event = apps.get_model("actionfund", "ApplicationEvent")
    year = FundYear.objects.create(year=2031, budget=Decimal("10000"), max_per_application=Decimal("1500"))
    round = Round.objects.create(fund_year=year, date=now, submission_deadline=now - timedelta(days=7),
                                 status="closed", opened_at=now - timedelta(days=3), closed_at=now - timedelta(days=1))  # fmt: skip
    application = Application.objects.create(
        fund_year=year, round=round, applicant_name="A B", email="a@example.org", title="Aktion",
        description="x", target_group="x", location="x", starts_on=now.date(), ends_on=now.date(),
        participation="x", contribution="x", crit_neighbourhood=True, status="in_round",
        costs_total=Decimal("100"), requested_amount=Decimal("100"),
    )  # fmt: skip
    rows = []
    for step, (previous, status) in enumerate([("", "submitted"), ("submitted", "formal_check"),
                                               ("formal_check", "in_round")]):  # fmt: skip
        event = Event.objects.create(application=application, from_status=previous, to_status=status,
                                     by=user if step else None, at=now + timedelta(hours=step), comment=str(step))  # fmt: skip
        rows.append(("actionfund.applicationevent", event.pk, application.pk, previous, status,
                     event.by_id, event.at, event.comment))  # fmt: skip
    # Rounds had no history: the migration writes it from the round's stamps.
    rows.append(("actionfund.roundstatuschange", None, round.pk, "preparing", "open", None, round.opened_at, ""))
    rows.append(("actionfund.roundstatuschange", None, round.pk, "open", "closed", None, round.closed_at, ""))
    return rows


def _actionplan(apps, user, now):
    Concept, Measure = apps.get_model("actionplan", "Concept"), apps.get_model("actionplan", "Measure")
    FieldOfAction = apps.get_model("actionplan", "FieldOfAction")
    ConceptChange, MeasureChange = (
        apps.get_model("actionplan", n) for n in ("ConceptStatusChange", "MeasureStatusChange")
    )
    concept = Concept.objects.create(kind="ihek", title="IHEK", revision=7, year_from=2031, year_to=2032,
                                     status="adopted", adopted_on=now.date(), adopted_by="Quartiersrat")  # fmt: skip
    # The fields of action come from a data migration; a transactional test before this one may have flushed them.
    field = FieldOfAction.objects.first() or FieldOfAction.objects.create(name="Testfeld", slug="testfeld")
    measure = Measure.objects.create(concept=concept, field_of_action=field, title="M", status="done")
    rows = []
    for label, model, parent, obj, steps in [
        ("actionplan.conceptstatuschange", ConceptChange, "concept", concept, [("draft", "adopted")]),
        ("actionplan.measurestatuschange", MeasureChange, "measure", measure, [("planned", "running"), ("running", "done")]),
    ]:  # fmt: skip
        for step, (previous, status) in enumerate(steps):
            change = model.objects.create(**{parent: obj}, from_status=previous, to_status=status,
                                          changed_by=user if step == 0 else None,
                                          changed_at=now + timedelta(hours=step), comment=f"{label} {step}")  # fmt: skip
            rows.append((label, change.pk, obj.pk, previous, status, change.changed_by_id, change.changed_at,
                         change.comment))  # fmt: skip
    return rows


def _council(apps, user, now):
    Term, Meeting = apps.get_model("council", "Term"), apps.get_model("council", "Meeting")
    Change = apps.get_model("council", "MeetingStatusChange")
    term = Term.objects.create(
        name="Wahlperiode (Migrationstest)", starts_on=now.date(), ends_on=now.date() + timedelta(days=700)
    )
    meeting = Meeting.objects.create(term=term, number=99001, starts_at=now, place="Saal", status="held")
    rows = []
    for step, (previous, status) in enumerate([("planned", "invited"), ("invited", "held")]):
        change = Change.objects.create(meeting=meeting, from_status=previous, to_status=status,
                                       changed_by=user if step else None, changed_at=now + timedelta(hours=step),
                                       comment=f"Sitzung {step}")  # fmt: skip
        rows.append(("council.meetingstatuschange", change.pk, meeting.pk, previous, status, change.changed_by_id,
                     change.changed_at, change.comment))  # fmt: skip
    return rows


def _events(apps, user, now):
    Suggestion = apps.get_model("events", "EventSuggestion")
    fields = {"description": "x", "organiser": "Hof", "date": now.date(), "start_time": now.time(),
              "place_name": "Hof", "place_address": "Str. 1", "suggester_email": "e@example.org"}  # fmt: skip
    Suggestion.objects.create(title="Wartet", status="unconfirmed", **fields)
    waiting = Suggestion.objects.create(title="Neu", status="new", confirmed_at=now, **fields)
    approved = Suggestion.objects.create(title="Fest", status="approved", confirmed_at=now, decided_by=user,
                                         decided_at=now + timedelta(hours=1), moderator_comment="Gern!", **fields)  # fmt: skip
    dropped = Suggestion.objects.create(title="Nie bestätigt", status="rejected", decided_by=user,
                                        decided_at=now + timedelta(hours=2), **fields)  # fmt: skip
    # Suggestions had no history: the migration writes it from their stamps.
    label = "events.eventsuggestionstatuschange"
    return [
        (label, None, waiting.pk, "unconfirmed", "new", None, now, ""),
        (label, None, approved.pk, "unconfirmed", "new", None, now, ""),
        (label, None, approved.pk, "new", "approved", user.pk, now + timedelta(hours=1), "Gern!"),
        (label, None, dropped.pk, "unconfirmed", "rejected", user.pk, now + timedelta(hours=2), ""),
    ]


def _comments(apps, user, idea, now):
    """Comments were audited only in the admin's log: the decision of each moderated comment is
    taken from its latest moderation entry (not from an edit's JSON message)."""
    Comment, LogEntry = apps.get_model("ideas", "Comment"), apps.get_model("admin", "LogEntry")
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="ideas", model="comment"
    )
    published = Comment.objects.create(idea=idea, author=user, text="Gut", status="approved")
    rejected = Comment.objects.create(idea=idea, author=user, text="Werbung", status="rejected")
    Comment.objects.create(idea=idea, author=user, text="Wartet", status="pending")
    Comment.objects.create(idea=idea, author=user, text="Vom QM-Team", status="approved")  # published at once
    log = []
    for comment, message, hour in [(published, "Kommentar veröffentlicht", 1), (rejected, "Kommentar veröffentlicht", 2),
                                   (rejected, "Kommentar abgelehnt – Werbung", 3),
                                   (rejected, '[{"changed": {"fields": ["Kommentar"]}}]', 4)]:  # fmt: skip
        entry = LogEntry.objects.create(content_type=content_type, object_id=str(comment.pk), object_repr="x",
                                        action_flag=2, change_message=message, user=user,
                                        action_time=now + timedelta(hours=hour))  # fmt: skip
        log.append(entry)
    label = "ideas.commentstatuschange"
    return [
        (label, None, published.pk, "pending", "approved", user.pk, log[0].action_time, "Kommentar veröffentlicht"),
        (label, None, rejected.pk, "pending", "rejected", user.pk, log[2].action_time, "Kommentar abgelehnt – Werbung"),
    ]


def _feedback(apps, user, now):
    Feedback = apps.get_model("pages", "AccessibilityFeedback")
    Feedback.objects.create(message="Kontrast", status="open")
    answered = Feedback.objects.create(message="Untertitel", status="answered", answered_at=now)
    return [("pages.accessibilityfeedbackstatuschange", None, answered.pk, "open", "answered", None, now, "")]


def _ideas(apps, user, now):
    Idea, Change = apps.get_model("ideas", "Idea"), apps.get_model("ideas", "StatusChange")
    idea = Idea.objects.create(kind="idea", title="Bank", description="Eine Bank", status="published",
                               email="idee@example.org", privacy_consent_at=now, published_at=now)  # fmt: skip
    rows = _comments(apps, user, idea, now)
    for step, (previous, status, answer) in enumerate([("unconfirmed", "new", ""), ("new", "published", "Danke!")]):
        change = Change.objects.create(idea=idea, from_status=previous, to_status=status, answer=answer,
                                       changed_by=user if step else None, changed_at=now + timedelta(hours=step),
                                       linked_record="Antrag 1" if step else "")  # fmt: skip
        rows.append(("ideas.statuschange", change.pk, idea.pk, previous, status, change.changed_by_id,
                     change.changed_at, answer))  # fmt: skip
    return rows


def _network(apps, user, now):
    Suggestion, Event = apps.get_model("network", "Suggestion"), apps.get_model("network", "SuggestionEvent")
    suggestion = Suggestion.objects.create(name="Repair-Café", suggester_email="s@example.org", status="approved",
                                           confirmed_at=now, decided_at=now)  # fmt: skip
    rows = []
    for step, (previous, status) in enumerate([("unconfirmed", "new"), ("new", "approved")]):
        event = Event.objects.create(suggestion=suggestion, old_status=previous, new_status=status,
                                     by=user if step else None, at=now + timedelta(hours=step), comment=f"E{step}")  # fmt: skip
        rows.append(("network.suggestionevent", event.pk, suggestion.pk, previous, status, event.by_id, event.at,
                     event.comment))  # fmt: skip
    return rows


def _funding(apps, user, now):
    Fund, Call, Application = (apps.get_model("funding", n) for n in ("Fund", "Call", "Application"))
    Change, Payment, Proof = (apps.get_model("funding", n) for n in ("StatusChange", "PaymentRequest", "ProofOfUse"))
    fund = Fund.objects.create(name="Projektfonds (Migrationstest)", kind="projektfonds")
    call = Call.objects.create(title="Aufruf", slug="aufruf-migrationstest", fund=fund, description="x",
                               budget=Decimal("100000"), deadline=now, project_start=now.date(),
                               project_end=now.date())  # fmt: skip
    application = Application.objects.create(call=call, owner=user, title="Kiezprojekt", status="running",
                                             submitted_at=now, decided_at=now)  # fmt: skip
    rows = []
    # The application's history as the funding app wrote it, with a row for a payment (no status change).
    for step, (previous, status) in enumerate([("draft", "submitted"), ("submitted", "formal_check"),
                                               ("approved", "running"), ("running", "running")]):  # fmt: skip
        change = Change.objects.create(application=application, from_status=previous, to_status=status,
                                       by=user if step else None, at=now + timedelta(hours=step), comment=f"F{step}")  # fmt: skip
        rows.append(("funding.statuschange", change.pk, application.pk, previous, status, change.by_id, change.at,
                     change.comment))  # fmt: skip
    # Payment requests and proofs of use had no history: the migration writes it from what they recorded.
    paid = Payment.objects.create(application=application, amount=Decimal("900"), status="paid", paid_on=now.date(),
                                  requested_by=user, created_at=now, decided_by=user,
                                  decided_at=now + timedelta(days=2), comment="Ausgezahlt")  # fmt: skip
    waiting = Payment.objects.create(application=application, amount=Decimal("100"), created_at=now + timedelta(days=3))
    rows += [
        ("funding.paymentstatuschange", None, paid.pk, "", "requested", user.pk, now, ""),
        ("funding.paymentstatuschange", None, paid.pk, "requested", "paid", user.pk, paid.decided_at, "Ausgezahlt"),
        ("funding.paymentstatuschange", None, waiting.pk, "", "requested", None, waiting.created_at, ""),
    ]
    returned = Proof.objects.create(application=application, kind="final", period_end=now.date(), report="r.pdf",
                                    status="returned", submitted_by=user, submitted_at=now, checked_by=None,
                                    checked_at=now + timedelta(days=5), check_comment="Belege fehlen")  # fmt: skip
    checking = Proof.objects.create(application=application, kind="final", period_end=now.date(), report="r.pdf",
                                    submitted_by=user, submitted_at=now + timedelta(days=6))  # fmt: skip
    rows += [
        ("funding.proofstatuschange", None, returned.pk, "", "submitted", user.pk, now, ""),
        ("funding.proofstatuschange", None, returned.pk, "submitted", "returned", None, returned.checked_at,
         "Belege fehlen"),
        ("funding.proofstatuschange", None, checking.pk, "", "submitted", user.pk, checking.submitted_at, ""),
    ]  # fmt: skip
    return rows


LOADERS = [_actionfund, _actionplan, _council, _events, _feedback, _funding, _ideas, _network]


def _history_rows(apps) -> list[tuple]:
    from apps.core.workflow import workflows

    rows = []
    for flow in workflows():
        model = apps.get_model(flow.history._meta.label)
        for row in model.objects.order_by("pk").values():
            rows.append((flow.history._meta.label_lower, row["id"], row[f"{flow.parent}_id"], row["from_status"],
                         row["to_status"], row["by_id"], row["at"], row["comment"]))  # fmt: skip
    return rows


def test_history_rows_survive_the_migrations(django_user_model):
    latest = _latest()
    try:
        old = _migrate(BEFORE)
        User = old.get_model("accounts", "User")
        user = User.objects.create(email="migration@example.org")
        now = timezone.now().replace(microsecond=0)
        written = [row for load in LOADERS for row in load(old, user, now)]
        counts = {label: sum(1 for row in written if row[0] == label) for label in {row[0] for row in written}}
        new = _migrate(latest)
        after = _history_rows(new)
        assert {label: sum(1 for row in after if row[0] == label) for label in counts} == counts
        for row in written:
            label, pk = row[0], row[1]
            if pk is None:  # written by the migration: compare everything but the new primary key
                assert any(other[0] == label and other[2:] == row[2:] for other in after), row
            else:
                assert row in after, row
    finally:
        _migrate(_latest())
