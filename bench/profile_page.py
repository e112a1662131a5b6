"""Profile cold renders of one page with pyinstrument (requirements-dev.txt).

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=bench.settings DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=testserver \\
        .venv/bin/python bench/profile_page.py /ideen/ [--role resident] [--runs 20] [--html out.html]

Every run is the first request after a write to every table (as bench/measure.py's *cold*), on a
database filled by ``manage.py bench_data`` (``make bench BENCH_KEEP_DB=1`` keeps kp_bench_s10).
Prints the call tree of all runs together.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--role", default=None)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--html", default=None)
    parser.add_argument("--time", action="store_true", help="no profile: the median cold CPU ms and queries")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from pyinstrument import Profiler

    from apps.accounts.bench import bench_user
    from bench.views import retire_all

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    if args.role:
        client.force_login(bench_user(args.role))
    client.get(args.path)
    if args.time:
        import statistics
        import time

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from bench.measure import backend_cpu_seconds

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        cpu = []
        for _ in range(args.runs):
            retire_all()
            started = time.process_time() + backend_cpu_seconds(backend)
            with CaptureQueriesContext(connection) as queries:
                client.get(args.path)
            cpu.append((time.process_time() + backend_cpu_seconds(backend) - started) * 1000)
        print(
            f"{args.path}: cold CPU p50 {statistics.median(cpu):.1f} ms, min {min(cpu):.1f} ms, {len(queries)} queries"
        )
        return
    profiler = Profiler(interval=0.0002)
    for _ in range(args.runs):
        retire_all()
        profiler.start()
        response = client.get(args.path)
        profiler.stop()
        assert response.status_code == 200, response.status_code
    if args.html:
        Path(args.html).write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
