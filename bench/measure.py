"""In-process measurements of every bench page: cold and warm renders, their SQL and CPU time.

bench/run.py starts one ``python bench/measure.py --serve`` per scale (DJANGO_SETTINGS_MODULE=
bench.settings, DATABASE_URL pointing at a database filled by ``manage.py bench_data``) and asks
both in turn for one run of one page at a time, so that the two scales of a page are measured
side by side (the order alternating from run to run) and the growth from scale 1 to scale 10 is
the median of the per-run ratios: a burst of load on the shared machine then hits both halves
of a pair instead of one scale's whole measurement. ``python bench/measure.py OUT.json`` still
measures one scale alone.

Every page goes through Django's full middleware stack (test client) with the page cache on, as
in production:

- once to warm the process (compiled templates, translations, the database connection), then
  the garbage collector's objects so far are frozen (``gc.freeze()``) and a collection runs
  before each timed request, so that no full collection of the warmed heap lands in a render;
- *cold*, ``BENCH_COLD_RUNS`` times: right after a write to every table (``retire_all()``: every
  cached page, total and kept site setting is outdated, as after a write that touches them), so
  the request renders the page and counts the queries of that first render;
- *warm*, as often: the same request again, answered from the page cache.

Each request's wall time and its CPU time are taken: this process's CPU time plus the CPU time of
its PostgreSQL backend (read from /proc). On a busy machine the wall time carries other processes'
load; the CPU time is what the request costs on an idle one (the budgets use it).
"""

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "9"))


def backend_cpu_seconds(pid: int) -> float:
    """CPU time of a process so far, in nanosecond resolution (/proc/PID/schedstat)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except OSError:
        return 0.0


def runqueue_wait() -> float:
    """Seconds this process has waited for a CPU so far (/proc/self/schedstat)."""
    try:
        return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    except OSError:
        return 0.0


class Measurer:
    """The bench pages of this process's database, measured one run at a time."""

    def __init__(self):
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        from apps.accounts.bench import BENCH_PASSWORD, bench_email
        from apps.pages.bench_registry import bench_pages

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend = cursor.fetchone()[0]
        self.pages = bench_pages()
        self.clients = {}
        self.logins = {role: [bench_email(role), BENCH_PASSWORD] for role in {p.role for p in self.pages} if role}

    def client(self, role):
        from django.test import Client

        from apps.accounts.bench import bench_user

        client = self.clients.get(role)
        if client is None:
            client = self.clients[role] = Client()
            if role:
                client.force_login(bench_user(role))
        return client

    def timed(self, client, path) -> tuple:
        gc.collect()  # young objects only: the warmed heap is frozen
        cpu, db = time.process_time(), backend_cpu_seconds(self.backend)
        started = time.perf_counter()
        response = client.get(path)
        if response.streaming:
            b"".join(response)
        wall = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu + backend_cpu_seconds(self.backend) - db) * 1000
        return response, wall, cpu_ms

    def run(self, index: int, number: int) -> dict:
        """Run ``number`` of page ``index``: a cold request after a write to every table, then the
        warm one. The first run of a page warms this process for it and counts the queries."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from bench.views import retire_all

        page = self.pages[index]
        client = self.client(page.role)
        if number == 0:
            client.get(page.path)  # warm this process for the page
            gc.collect()
            gc.freeze()
        waited = runqueue_wait()
        retire_all()
        result = {}
        if number == 0:
            with CaptureQueriesContext(connection) as queries:
                response, wall, cpu = self.timed(client, page.path)
            content = b"".join(response) if response.streaming else response.content
            result.update(queries=len(queries), status=response.status_code, html_bytes=len(content),
                          content_type=response.get("Content-Type", ""))  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                hit, warm_wall, warm_cpu = self.timed(client, page.path)
            result.update(hit_queries=len(queries), cached=hit.get("X-Page-Cache") == "hit")
        else:
            response, wall, cpu = self.timed(client, page.path)
            hit, warm_wall, warm_cpu = self.timed(client, page.path)
        result.update(cold_wall_ms=wall, cold_cpu_ms=cpu, warm_wall_ms=warm_wall, warm_cpu_ms=warm_cpu,
                      runqueue_wait_ms=(runqueue_wait() - waited) * 1000)  # fmt: skip
        return result

    def describe(self) -> dict:
        pages = [{"name": p.name, "app": p.app, "label": p.label, "path": p.path, "role": p.role} for p in self.pages]
        return {"pages": pages, "logins": self.logins}


def summarise(page: dict, runs: list[dict]) -> dict:
    """One page's row of the report from its runs (the first carries queries and status)."""
    first = runs[0]
    return {
        **page,
        **{key: first[key] for key in ("status", "content_type", "html_bytes", "queries", "cached", "hit_queries")},
        "cold_wall_ms": round(statistics.median(r["cold_wall_ms"] for r in runs), 2),
        "cold_cpu_ms": round(statistics.median(r["cold_cpu_ms"] for r in runs), 2),
        "cold_wall_min_ms": round(min(r["cold_wall_ms"] for r in runs), 2),
        "warm_wall_ms": round(statistics.median(r["warm_wall_ms"] for r in runs), 2),
        "warm_cpu_ms": round(statistics.median(r["warm_cpu_ms"] for r in runs), 2),
        # Time this process was ready to run but another process had the CPU (a busy machine).
        "runqueue_wait_ms": round(sum(r["runqueue_wait_ms"] for r in runs), 2),
        "cold_cpu_runs": [round(r["cold_cpu_ms"], 2) for r in runs],
    }


def serve() -> None:
    """Answer ``run INDEX NUMBER`` lines on stdin with one ``BENCH <json>`` line each; the first
    line out describes the pages. Anything else on stdout is not ours (bench/run.py skips it)."""
    measurer = Measurer()
    out = sys.stdout

    def send(data) -> None:
        out.write("BENCH " + json.dumps(data) + "\n")
        out.flush()

    send(measurer.describe())
    for line in sys.stdin:
        command, *args = line.split()
        if command == "quit":
            break
        send(measurer.run(int(args[0]), int(args[1])))


def main(out: str) -> None:
    measurer = Measurer()
    described = measurer.describe()
    results = [summarise(page, [measurer.run(index, number) for number in range(RUNS)])
               for index, page in enumerate(described["pages"])]  # fmt: skip
    Path(out).write_text(json.dumps({"pages": results, "logins": described["logins"]}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve()
    else:
        main(sys.argv[1])
