"""Profile or time cold renders of one page on a bench database, with the benchmark's settings.

    .venv/bin/python bench/profile_page.py /ideen/ [--role resident] [--runs 20] [--html out.html]
    .venv/bin/python bench/profile_page.py /ideen/ --time [--scale 1]

Every run is the first request after a write to every table (as bench/measure.py's *cold*), on a
database filled by ``manage.py bench_data`` (``make bench BENCH_KEEP_DB=1`` keeps kp_bench_s1 and
kp_bench_s10; ``--scale`` picks one, ``--database`` names another). Prints the call tree of all
runs together, or with ``--time`` the median cold CPU ms (this process plus its PostgreSQL
backend, the idle-machine equivalent) and the queries.

The environment is bench/run.py's (``base_env``: production settings except TLS, DEBUG=0,
bench.settings), whatever the shell exports for DEBUG or DATABASE_URL; static files are
collected once into var/bench-profile/static (again when a source file is newer) and the page
cache is Redis (database 12) when it answers, else a file cache under var/bench-profile/.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK = ROOT / "var" / "bench-profile"
PROFILE_REDIS_DB = 12  # and 13 (the rate limit's); the benchmark uses 6-9, make prod-smoke 10-11, the tests 14


def redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:
        return False


def bench_environment(database: str) -> None:
    """bench/run.py's environment for this process, before Django starts."""
    from bench.run import PG, REDIS, base_env

    env = base_env(WORK)  # static files in WORK / "static"
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["DATABASE_URL"] = database if "://" in database else f"{PG}/{database}"
    env.setdefault("CACHE_DIR", str(WORK / f"cache-{env['DATABASE_URL'].rsplit('/', 1)[-1]}"))
    if "REDIS_URL" not in env and redis_available(f"{REDIS}/{PROFILE_REDIS_DB}"):
        # As in the benchmark: the file cache lists its folder on every store (its cull check),
        # which would add about 0.3 ms to every cold render measured here.
        env["REDIS_URL"] = f"{REDIS}/{PROFILE_REDIS_DB}"
    os.environ.clear()
    os.environ.update(env)


def collect_static() -> None:
    """collectstatic into the bench static root when its manifest is missing or older than a source file."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        built = manifest.stat().st_mtime
        newest = max(
            (
                os.path.getmtime(storage.path(path))
                for finder in finders.get_finders()
                for path, storage in finder.list(["CVS", ".*", "*~"])
            ),
            default=0,
        )
        if newest <= built:
            return
    print(f"collecting static files into {settings.STATIC_ROOT}", file=sys.stderr)
    call_command("collectstatic", interactive=False, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--role", default=None)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--html", default=None)
    parser.add_argument("--time", action="store_true", help="no profile: the median cold CPU ms and queries")
    parser.add_argument("--scale", type=int, default=10, help="the bench database kp_bench_sSCALE (default 10)")
    parser.add_argument("--database", default=None, help="a database name or URL instead of kp_bench_sSCALE")
    args = parser.parse_args()

    bench_environment(args.database or f"kp_bench_s{args.scale}")
    import django

    django.setup()
    collect_static()
    from django.test import Client
    from pyinstrument import Profiler

    from apps.accounts.bench import bench_user
    from bench.views import retire_all

    client = Client()
    if args.role:
        client.force_login(bench_user(args.role))
    retire_all()  # the first request renders (a copy kept by an earlier run would not warm this process)
    response = client.get(args.path)
    assert response.status_code == 200, f"{args.path}: HTTP {response.status_code}"
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
