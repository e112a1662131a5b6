"""Benchmark data: at scale 1, 20 calls over ten years, 1,500 applications with 10,000 cost lines and
their histories. The bench provider owns some applications; council members see those presented."""

import random
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from apps.accounts.bench import bench_user
from apps.accounts.models import User
from apps.actionplan.models import Concept, FieldOfAction, Measure

from .demo import PATHS, adopted_concept_for_funding
from .models import Application, Call, CostLine, Fund, StatusChange

S = Application.Status
APPLICATIONS = 1500
COST_LINES = 10_000
CALLS_PER_YEAR = 2
PROVIDER_POOL = 40
STATUS_WEIGHTS = {
    S.DRAFT: 4, S.SUBMITTED: 3, S.FORMAL_CHECK: 3, S.CHANGES_REQUESTED: 2, S.COUNCIL: 3, S.RECOMMENDED: 3,
    S.NOT_RECOMMENDED: 6, S.APPROVED: 6, S.REJECTED: 12, S.RUNNING: 10, S.REPORTED: 8, S.CLOSED: 30,
    S.WITHDRAWN: 10,
}  # fmt: skip
WORDS = ["Nachbarschaft", "Lesepaten", "Kiezgarten", "Elterncafé", "Jugendtreff", "Sprachcafé", "Bewegung",
         "Kiezradio", "Stadtteilmütter", "Reparaturcafé", "Spielplatz", "Seniorentreff", "Kulturwerkstatt"]  # fmt: skip
CATEGORIES = [c.value for c in CostLine.Category]
PREFIX = "bench-"


def _measures(fields) -> list[Measure]:
    """One measure per active field, in the newest adopted concept (or a bench concept if none)."""
    concept = Concept.objects.filter(status=Concept.Status.ADOPTED).order_by("-year_from").first()
    if concept is None:
        concept = adopted_concept_for_funding("Bench-Aktionsplan", year_from=2020, year_to=2030)
    measures = []
    for field in fields:
        measure = concept.measures.filter(field_of_action=field).order_by("pk").first()
        if measure is None:
            measure = Measure.objects.create(concept=concept, field_of_action=field, title=f"Maßnahme {field.name}")
        measures.append(measure)
    return measures


def generate(*, scale: int, rng: random.Random, stdout) -> None:
    now = timezone.now()
    fund, _ = Fund.objects.get_or_create(name="Projektfonds", defaults={"kind": Fund.Kind.PROJECT})
    fields = list(FieldOfAction.objects.active())
    measures = _measures(fields)
    provider = bench_user("provider")
    pool = User.objects.bulk_create(
        User(email=f"{PREFIX}traeger-{n}@bench.example", password="!", display_name=f"Träger {n}")  # noqa: S106
        for n in range(PROVIDER_POOL * scale)
    )

    call_count = 10 * CALLS_PER_YEAR * scale
    calls = []
    for index in range(call_count):
        # oldest first; the last call is still open
        deadline = now - timedelta(days=(call_count - 1 - index) * 180 // scale) + timedelta(days=20)
        start = deadline.date() + timedelta(days=90)
        calls.append(
            Call(
                title=f"Projektaufruf {deadline.year} ({index + 1})", slug=f"{PREFIX}aufruf-{index + 1}", fund=fund,
                description="Gesucht werden Projekte für die Nachbarschaft.\n\n- Laufzeit bis zu vier Jahre",
                budget=Decimal("50000000.00"), deadline=deadline, project_start=start,
                project_end=start + timedelta(days=4 * 365), is_published=True,
            )
        )  # fmt: skip
    calls = Call.objects.bulk_create(calls)
    Call.fields_of_action.through.objects.bulk_create(
        Call.fields_of_action.through(call=call, fieldofaction=field) for call in calls for field in fields
    )

    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    total_apps = APPLICATIONS * scale
    applications, plans = [], []
    for index in range(total_apps):
        call = calls[index * call_count // total_apps]
        status = rng.choices(statuses, weights)[0]
        if call is calls[-1]:
            status = rng.choice([S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK, S.COUNCIL])
        owner = provider if index % 30 == 0 else rng.choice(pool)
        lines = 7 if index % 3 else 6  # 1,500 applications -> 10,000 lines
        amounts = [Decimal(rng.randint(300, 6000)) for _ in range(lines)]
        total = sum(amounts, Decimal("0.00"))
        own = (total / 10).quantize(Decimal("1"))
        measure = rng.choice(measures)
        submitted = call.deadline - timedelta(days=rng.randint(1, 20))
        word = rng.choice(WORDS)
        applications.append(
            Application(
                call=call, owner=owner, status=S.DRAFT, organisation=f"{word} Spreekiez e. V.", legal_form="e. V.",
                address="Musterstraße 1\n10997 Berlin", contact_person="Frau Beispiel", email=owner.email,
                phone="030 1234567", title=f"{word} im Kiez {index + 1}",
                summary="Ein Projekt für die Nachbarschaft im Spreekiez. " * 5, goals="Begegnung fördern.",
                target_groups="Familien", field_of_action_id=measure.field_of_action_id, measure=measure,
                location="Spreekiez", start_date=call.project_start, end_date=call.project_start + timedelta(days=700),
                cost_total=total, own_share=own, co_funding=Decimal("0.00"), requested_amount=total - own,
                submitted_at=None if status == S.DRAFT else submitted,
                council_presented_at=submitted + timedelta(days=30) if S.COUNCIL in PATHS[status] else None,
                decided_at=submitted + timedelta(days=60) if S.APPROVED in PATHS[status] or S.REJECTED in PATHS[status] else None,
            )
        )  # fmt: skip
        plans.append((amounts, status))
    applications = Application.objects.bulk_create(applications, batch_size=1000)

    CostLine.objects.bulk_create(
        (
            CostLine(
                application=application,
                category=CATEGORIES[n % len(CATEGORIES)],
                description=f"Kostenposition {n + 1}",
                amount=amount,
            )  # fmt: skip
            for application, (amounts, _status) in zip(applications, plans, strict=True)
            for n, amount in enumerate(amounts)
        ),
        batch_size=2000,
    )
    # The cost plan is in; now move each application to its status (a database trigger freezes
    # the cost plan of submitted applications, so the lines must come first).
    by_status: dict[str, list[int]] = {}
    for application, (_amounts, status) in zip(applications, plans, strict=True):
        application.status = status
        by_status.setdefault(status, []).append(application.pk)
    for status, pks in by_status.items():
        if status != S.DRAFT:
            Application.objects.filter(pk__in=pks).update(status=status)
    staff = bench_user("staff")

    def history():
        for application in applications:
            previous, at = S.DRAFT, application.submitted_at or application.created_at
            for step, status in enumerate(PATHS[application.status]):
                by = application.owner if status in (S.SUBMITTED, S.REPORTED, S.WITHDRAWN) else staff
                yield StatusChange(application=application, from_status=previous, to_status=status, by=by,
                                   at=at + timedelta(days=step * 15), comment="")  # fmt: skip
                previous = status

    StatusChange.objects.bulk_create(history(), batch_size=2000)
    stdout.write(
        f"  funding: {len(calls)} calls, {len(applications)} applications, {CostLine.objects.count()} cost lines"
    )


def _first(queryset) -> int:
    return queryset.order_by("pk").values_list("pk", flat=True).first()


def pages() -> list[tuple[str, str, str | None]]:
    provider = bench_user("provider")
    open_call = Call.objects.open().filter(slug__startswith=PREFIX).order_by("deadline").first()
    own = Application.objects.filter(owner=provider)
    draft = _first(own.filter(status__in=[S.DRAFT, S.CHANGES_REQUESTED]))
    project = _first(Application.objects.funded())
    presented = _first(Application.objects.presented_to_council())
    result = [
        ("Funding: open calls", reverse("funding:call_list"), None),
        ("Funded projects", reverse("funding:project_list"), None),
        ("Funded projects, filtered", reverse("funding:project_list") + "?field=bildung&q=Kiez", None),
        ("Funded projects, page 20", reverse("funding:project_list") + "?page=20", None),
        ("My applications", reverse("funding:application_list"), "provider"),
        ("Council: applications", reverse("funding:council_list"), "council"),
    ]
    if open_call:
        result.append(("Call detail", open_call.get_absolute_url(), None))
    if project:
        result.append(("Project detail", reverse("funding:project_detail", kwargs={"pk": project}), None))
    if own.exists():
        result.append(("My application", reverse("funding:application_detail", kwargs={"pk": _first(own)}), "provider"))
    if draft:
        result.append(("Edit application", reverse("funding:application_edit", kwargs={"pk": draft}), "provider"))
    if presented:
        result.append(("Council: application", reverse("funding:council_detail", kwargs={"pk": presented}), "council"))
    return result
