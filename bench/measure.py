"""In-process measurements of every bench page: cold and warm renders, their SQL and CPU time.

Run by bench/run.py as ``python bench/measure.py OUT.json`` with DJANGO_SETTINGS_MODULE=bench.settings
and DATABASE_URL pointing at a database filled by ``manage.py bench_data``. Every page goes through
Django's full middleware stack (test client) with the page cache on, as in production:

- once to warm the process (compiled templates, translations, the database connection);
- *cold*, ``BENCH_COLD_RUNS`` times: right after a write to every table (``retire_all()``: every
  cached page, total and kept site setting is outdated, as after a write that touches them), so
  the request renders the page and counts the queries of that first render;
- *warm*, as often: the same request again, answered from the page cache.

Each request's wall time and its CPU time are taken: this process's CPU time plus the CPU time of
its PostgreSQL backend (read from /proc). On a busy machine the wall time carries other processes'
load; the CPU time is what the request costs on an idle one (the budgets use it).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))


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


def main(out: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.bench import BENCH_PASSWORD, bench_email, bench_user
    from apps.pages.bench_registry import bench_pages
    from bench.views import retire_all

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def timed(client, path) -> tuple:
        cpu, db = time.process_time(), backend_cpu_seconds(backend)
        started = time.perf_counter()
        response = client.get(path)
        if response.streaming:
            b"".join(response)
        wall = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu + backend_cpu_seconds(backend) - db) * 1000
        return response, wall, cpu_ms

    clients = {}
    results = []
    for page in bench_pages():
        client = clients.get(page.role)
        if client is None:
            client = clients[page.role] = Client()
            if page.role:
                client.force_login(bench_user(page.role))
        client.get(page.path)  # warm this process for the page
        cold, warm = [], []
        waited = runqueue_wait()
        for run in range(RUNS):
            retire_all()
            if run == 0:
                with CaptureQueriesContext(connection) as queries:
                    response, wall, cpu = timed(client, page.path)
                cold_queries = len(queries)  # now: a later request resets the captured log
                content = b"".join(response) if response.streaming else response.content
                status = response.status_code
            else:
                response, wall, cpu = timed(client, page.path)
            cold.append((wall, cpu))
            if run == 0:
                with CaptureQueriesContext(connection) as queries:
                    hit, wall, cpu = timed(client, page.path)
                warm_queries = len(queries)
                cached = hit.get("X-Page-Cache") == "hit"
            else:
                hit, wall, cpu = timed(client, page.path)
            warm.append((wall, cpu))
        results.append(
            {
                "name": page.name,
                "app": page.app,
                "label": page.label,
                "path": page.path,
                "role": page.role,
                "status": status,
                "content_type": response.get("Content-Type", ""),
                "html_bytes": len(content),
                "queries": cold_queries,
                "cold_wall_ms": round(statistics.median(w for w, _ in cold), 2),
                "cold_cpu_ms": round(statistics.median(c for _, c in cold), 2),
                "cold_wall_min_ms": round(min(w for w, _ in cold), 2),
                "cached": cached,
                "hit_queries": warm_queries,
                "warm_wall_ms": round(statistics.median(w for w, _ in warm), 2),
                "warm_cpu_ms": round(statistics.median(c for _, c in warm), 2),
                # Time this process was ready to run but another process had the CPU (a busy machine).
                "runqueue_wait_ms": round((runqueue_wait() - waited) * 1000, 2),
            }
        )
    logins = {role: [bench_email(role), BENCH_PASSWORD] for role in {page["role"] for page in results} if role}
    Path(out).write_text(json.dumps({"pages": results, "logins": logins}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
