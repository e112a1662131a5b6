"""Benchmark data: ten fund years with 800 applications and 8,000 jury votes at scale 1.

bench_user("juror") is a juror of every year, including the current one with an open round
of 30 applications; bench_user("resident") owns some applications."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from apps.accounts.bench import bench_user
from apps.accounts.models import User
from apps.accounts.roles import Role

from .models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CostItem,
    FundYear,
    ProofOfUse,
    Round,
    RoundStatus,
    Vote,
)

S = ApplicationStatus
UNUSABLE = "!"  # noqa: S105 - an unusable password hash: these jurors never log in
YEARS = 10
APPLICATIONS_PER_YEAR = 80
JURORS = 10
OPEN_ROUND_SIZE = 30
ROUND_SIZE = 10
WORDS = ["Hoffest", "Pflanzaktion", "Erzählcafé", "Flohmarkt", "Lesung", "Chor", "Repair-Café", "Frühstück", "Workshop", "Kiezspaziergang", "Müllsammelaktion", "Tauschregal", "Kinderfest", "Nachbarschaftsgarten", "Kochabend", "Theater"]  # fmt: skip


def _aware(day: date, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def generate(*, scale: int, rng: random.Random, stdout) -> None:
    today = timezone.localdate()
    group = Group.objects.get(name=Role.JUROR.value)
    extra = [
        User(email=f"bench-af-juror{i}@bench.example", first_name=f"Jurorin {i}", password=UNUSABLE)
        for i in range(JURORS - 1)
    ]
    User.objects.bulk_create(extra, ignore_conflicts=True)
    jurors = [bench_user("juror"), *User.objects.filter(email__startswith="bench-af-juror").order_by("pk")]
    group.user_set.add(*jurors)
    resident = bench_user("resident")

    per_year = APPLICATIONS_PER_YEAR * scale
    years = FundYear.objects.bulk_create(
        [
            FundYear(year=today.year - offset, budget=Decimal(per_year * 1500), intro="Der Aktionsfonds (Benchmark).")
            for offset in range(YEARS - 1, -1, -1)
        ]
    )
    FundYear.jurors.through.objects.bulk_create(
        [FundYear.jurors.through(fundyear_id=y.pk, user_id=j.pk) for y in years for j in jurors]
    )

    rounds, plan = [], []  # plan: (year, round index, application count, status)
    for year in years:
        is_current = year.year == today.year
        remaining = per_year - (OPEN_ROUND_SIZE if is_current else 0)
        n_rounds = max(1, remaining // ROUND_SIZE)
        for r in range(n_rounds):
            day = date(year.year, 1, 15) + timedelta(days=int(r * 330 / n_rounds))
            if is_current:
                day = min(day, today - timedelta(days=30))
            size = remaining // n_rounds + (1 if r < remaining % n_rounds else 0)
            rounds.append(Round(fund_year=year, date=_aware(day), submission_deadline=_aware(day - timedelta(days=14)),
                                status=RoundStatus.DECIDED))  # fmt: skip
            plan.append((year, size, False))
        if is_current:
            day = today + timedelta(days=3)
            rounds.append(Round(fund_year=year, date=_aware(day), submission_deadline=_aware(day - timedelta(days=10)),
                                status=RoundStatus.OPEN, opened_at=timezone.now()))  # fmt: skip
            plan.append((year, OPEN_ROUND_SIZE, True))
    rounds = Round.objects.bulk_create(rounds)

    applications = []
    for round, (year, size, is_open) in zip(rounds, plan, strict=True):
        round_day = timezone.localtime(round.date).date()
        for _ in range(size):
            costs = Decimal(rng.randrange(100, 1300))
            allowance = (costs * Decimal("0.10")).quantize(Decimal("0.01")) if rng.random() < 0.3 else Decimal("0")
            if is_open:
                status = S.IN_ROUND
            else:
                status = rng.choices([S.CLOSED, S.REJECTED, S.PAID, S.RECLAIMED], weights=[70, 20, 5, 5])[0]
            requested = costs + allowance
            granted = None
            if status in (S.CLOSED, S.PAID, S.RECLAIMED):
                granted = requested if rng.random() < 0.8 else (requested * Decimal("0.8")).quantize(Decimal("0.01"))
            start = round_day + timedelta(days=rng.randrange(10, 60))
            word = rng.choice(WORDS)
            applications.append(
                Application(
                    fund_year=year, round=round, user=resident if rng.random() < 0.03 else None,
                    applicant_name=f"Bewohnerin {rng.randrange(1, 9999)} B.", email="antrag@bench.example",
                    title=f"{word} {year.year}-{len(applications) + 1}",
                    description=f"{word} für die Nachbarschaft: gemeinsam planen, gemeinsam feiern. " * 3,
                    target_group="Alle im Kiez", location="Beispielplatz", starts_on=start, ends_on=start,
                    participation="Alle können mitmachen.", contribution="Ehrenamtliche Arbeit",
                    crit_neighbourhood=True, crit_contact=rng.random() < 0.5, wants_allowance=bool(allowance),
                    costs_total=costs, allowance=allowance, requested_amount=requested, granted_amount=granted,
                    consent_privacy=True, status=status, created_at=_aware(round_day - timedelta(days=20), 10),
                    decided_at=None if is_open else round.date,
                )
            )  # fmt: skip
    applications = Application.objects.bulk_create(applications, batch_size=1000)

    items, events, votes, proofs = [], [], [], []
    for application in applications:
        half = (application.costs_total / 2).quantize(Decimal("0.01"))
        items.append(CostItem(application=application, description="Material", amount=half))
        items.append(
            CostItem(application=application, description="Verpflegung", amount=application.costs_total - half)
        )
        events.append(ApplicationEvent(application=application, to_status=S.SUBMITTED, at=application.created_at))
        events.append(ApplicationEvent(application=application, from_status=S.SUBMITTED, to_status=application.status,
                                       at=application.created_at + timedelta(days=10)))  # fmt: skip
        if application.status == S.CLOSED:
            proofs.append(ProofOfUse(application=application, report="Die Aktion hat stattgefunden."))
        open_round = application.status == S.IN_ROUND
        for n, juror in enumerate(jurors):
            if open_round and (n == 0 and rng.random() < 0.5 or rng.random() < 0.3):
                continue  # the open round: not everyone has voted yet
            recused = rng.random() < 0.05
            choice = "" if recused else rng.choices(["yes", "no", "abstain"], weights=[70, 20, 10])[0]
            votes.append(Vote(juror=juror, application=application, round_id=application.round_id, choice=choice,
                              recused=recused))  # fmt: skip
    CostItem.objects.bulk_create(items, batch_size=2000)
    ApplicationEvent.objects.bulk_create(events, batch_size=2000)
    Vote.objects.bulk_create(votes, batch_size=2000)
    ProofOfUse.objects.bulk_create(proofs, batch_size=1000)
    stdout.write(f"  actionfund: {len(applications)} applications, {len(votes)} jury votes")


def pages() -> list[tuple[str, str, str | None]]:
    from django.urls import reverse

    today = timezone.localdate()
    decided = Round.objects.filter(fund_year__year=today.year, status=RoundStatus.DECIDED).order_by("-date").first()
    application = Application.objects.filter(status=S.CLOSED).order_by("pk").first()
    result = [
        ("Action fund: index", reverse("actionfund:index"), None),
        ("Action fund: realised projects page 5", reverse("actionfund:index") + "?page=5", None),
        ("Action fund: application form", reverse("actionfund:apply"), None),
        ("Action fund: jury page (open round, 30 applications)", reverse("actionfund:jury"), "juror"),
        ("Action fund: my applications", reverse("actionfund:my_applications"), "resident"),
    ]
    if decided:
        result.append(("Action fund: decided round with tally", decided.get_absolute_url(), "juror"))
    if application:
        result.append(("Action fund: applicant status page", application.get_status_url(), None))
    return result
