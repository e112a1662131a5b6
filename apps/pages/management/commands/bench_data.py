"""Fill a fresh database with benchmark data for every app (deterministic from a seed).

Each project app may have a ``bench`` module with ``generate(*, scale, rng, stdout)``; they run
in INSTALLED_APPS order (accounts first: it creates the bench users the others need). Scale 1
is about ten years of one neighbourhood, scale 10 ten times that, scale 0 a handful of rows
for the test suite. Every app gets its own ``random.Random`` seeded from ``--seed`` and its
label, so changing one app's generator does not change the data of the others.
"""

import json
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.accounts.bench import bench_email
from apps.accounts.models import User
from apps.pages.bench_registry import bench_modules


class Command(BaseCommand):
    help = "Generate benchmark data for every app on a fresh database (see bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 = ten years of one area; 0 = smoke size")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--summary", help="write seconds and row counts per app as JSON to this file")

    def handle(self, *args, scale, seed, summary=None, **options):
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        if User.objects.filter(email=bench_email("resident")).exists():
            raise CommandError("This database has bench data already; bench_data needs a fresh database.")
        report = {"scale": scale, "seed": seed, "apps": []}
        started = time.perf_counter()
        for label, module in bench_modules():
            app_started = time.perf_counter()
            with transaction.atomic():
                module.generate(scale=scale, rng=random.Random(f"{seed}:{label}"), stdout=self.stdout)
            seconds = time.perf_counter() - app_started
            rows = {model._meta.label: model.objects.count() for model in apps.get_app_config(label).get_models()}
            report["apps"].append({"app": label, "seconds": round(seconds, 2), "rows": rows})
            self.stdout.write(f"  bench data: {label:<12} {seconds:6.1f} s  {sum(rows.values()):>9,} rows")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh tables have no planner statistics and, where the generator updated rows,
                # dead tuples: what autovacuum would have cleaned up in a database in use.
                # (VACUUM cannot run in a transaction, e.g. the test suite's.)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        report["seconds"] = round(time.perf_counter() - started, 2)
        if summary:
            with open(summary, "w", encoding="utf-8") as file:
                json.dump(report, file, indent=2)
        self.stdout.write(self.style.SUCCESS(f"Bench data at scale {scale} in {report['seconds']:.1f} s."))
