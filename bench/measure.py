"""In-process measurements of every bench page: status, SQL queries, HTML bytes, render time.

Run by bench/run.py as ``python bench/measure.py OUT.json`` with DJANGO_SETTINGS_MODULE=bench.settings
and DATABASE_URL pointing at a database filled by ``manage.py bench_data``. With the page cache off,
each page is requested twice with Django's test client and the second request is counted (the first
fills per-process caches, as a warm gunicorn worker has them): its queries, bytes and the median of
five such renders ("render ms": what a visitor waits for after a change, when no cached copy exists).
With the page cache on, the queries of a request served from the cache are counted too.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(out: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.bench import BENCH_PASSWORD, bench_email, bench_user
    from apps.pages.bench_registry import bench_pages

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    cache_seconds = settings.PAGE_CACHE_SECONDS
    clients = {}
    results = []
    for page in bench_pages():
        client = clients.get(page.role)
        if client is None:
            client = clients[page.role] = Client()
            if page.role:
                client.force_login(bench_user(page.role))
        settings.PAGE_CACHE_SECONDS = 0
        client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        query_count = len(queries)  # now: the captured list is a view of a log later requests reset
        content = b"".join(response) if response.streaming else response.content
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(page.path)
            timings.append((time.perf_counter() - started) * 1000)
        settings.PAGE_CACHE_SECONDS = cache_seconds
        client.get(page.path)
        with CaptureQueriesContext(connection) as hit_queries:
            hit = client.get(page.path)
        hit_query_count = len(hit_queries)
        results.append(
            {
                "name": page.name,
                "app": page.app,
                "label": page.label,
                "path": page.path,
                "role": page.role,
                "status": response.status_code,
                "content_type": response.get("Content-Type", ""),
                "queries": query_count,
                "html_bytes": len(content),
                "render_ms": round(statistics.median(timings), 2),
                "cached": hit.get("X-Page-Cache") == "hit",
                "hit_queries": hit_query_count,
            }
        )
    logins = {role: [bench_email(role), BENCH_PASSWORD] for role in {page["role"] for page in results} if role}
    Path(out).write_text(json.dumps({"pages": results, "logins": logins}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
