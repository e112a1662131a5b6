#!/usr/bin/env python3
"""An honest benchmark of every key page at scale 1 and scale 10, beside a true bare baseline.

``make bench`` runs this script (about 6 minutes). It

1. migrates a template database once, copies it per scale and fills both with
   ``manage.py bench_data`` in parallel;
2. measures every page in-process (bench/measure.py, page cache on as in production): *cold*,
   the first request after a write to every table, with its SQL queries, and *warm*, the
   request the page cache answers; wall time and CPU time (the process plus its PostgreSQL
   backend, the idle-machine equivalent on a shared machine), medians of ``BENCH_COLD_RUNS``, both scales of a page side by side;
3. serves the scales with gunicorn (production settings except TLS, Redis as the cache when it
   answers on ``BENCH_REDIS``) next to two baselines that no cache can help: the bare-Django
   view (a constant body as large as the median page through the same middleware *without* the
   page cache, on a server of its own) and gunicorn's own WSGI hello (the physical limit);
4. over HTTP: a cold probe of every page at both scales (``POST /bench/retire/`` then the page),
   wrk at concurrency 8 on every warm page (scale 10), the baselines at the start, middle and
   end, and a **mixed workload** at scale 10: wrk at concurrency 8 over all key pages with two
   sessions per role, read-only and then while a resident toggles a support through the real
   form once a second (alternating rounds); it polls the workers' peak RSS (VmHWM) and reads
   the CPU time of the workers and their backends around each run (/proc);
5. writes latest.md and latest.json to var/bench/ (bench/results/ with ``BENCH_RECORD=1``) and
   exits 1 if a budget fails.

Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432), BENCH_REDIS
(default redis://127.0.0.1:6379; databases 6 to 9 are emptied and used), BENCH_DURATION
(seconds per wrk run on a page, default 2: with 1 s the cached share of a page moved by about
10 % from run to run), BENCH_MIXED (seconds per mixed round, default 8),
BENCH_WORKERS (default 2 x cores + 1, as deploy/gunicorn.conf.py), BENCH_COLD_RUNS (default 9),
BENCH_KEEP_DB=1 keeps the databases.
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Results go to var/bench/ (untracked) unless BENCH_RECORD=1 (`make bench RECORD=1`) records
# them in bench/results/ for the README.
RESULTS = BENCH / "results" if os.environ.get("BENCH_RECORD") == "1" else ROOT / "var" / "bench"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SCALES = (1, 10)
BASE_PORT = 8190
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_FIRST_DB = 6  # 6 to 9; make prod-smoke uses 10 and 11, the tests 14
DB_PREFIX = "kp_bench"
SEED = 2026
DURATION = float(os.environ.get("BENCH_DURATION") or 2)
MIXED_SECONDS = float(os.environ.get("BENCH_MIXED") or 8)
MIXED_ROUNDS = 2
SESSIONS_PER_ROLE = 2

BUDGET_COLD_MS = 25
BUDGET_GROWTH = 1.5
BUDGET_QUERIES = 15
BUDGET_MIXED_P99_MS = 150
BUDGET_MIXED_RATIO = 0.6
BUDGET_CACHED_RATIO = 0.8
BUDGET_RSS = 250 * 1024 * 1024
BUDGET_FIRST_VISIT = 200 * 1024
BUDGET_HTML = 100 * 1024
BUDGET_TOTAL = 600


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- setup -------------------------------------------------------------------------------


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        sys.exit("wrk is missing: sudo apt-get install -y wrk")
    log("installing wrk (Debian package)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk")


def admin_sql(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def manage(args: list[str], env: dict, logfile: Path) -> subprocess.Popen:
    with open(logfile, "w") as out:
        return subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ok(process: subprocess.Popen, logfile: Path, what: str) -> None:
    if process.wait() != 0:
        sys.stdout.write(logfile.read_text())
        sys.exit(f"{what} failed (log: {logfile})")


def base_env(tmp: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1:8000",
        # Production settings except TLS: the benchmark talks plain HTTP on loopback.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        SERVE_MEDIA="1",  # in production the reverse proxy serves /media/
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def redis_available() -> bool:
    try:
        import redis

        client = redis.Redis.from_url(f"{REDIS}/{REDIS_FIRST_DB}", socket_timeout=2)
        client.ping()
        for number in range(REDIS_FIRST_DB, REDIS_FIRST_DB + 2 * len(SCALES)):
            redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
        return True
    except Exception:
        return False


def scale_env(env: dict, tmp: Path, scale: int) -> dict:
    index = SCALES.index(scale)
    return {
        **env,
        "DATABASE_URL": database_url(f"{DB_PREFIX}_s{scale}"),
        "MEDIA_ROOT": str(tmp / f"media-s{scale}"),
        "PRIVATE_MEDIA_ROOT": str(tmp / f"private-s{scale}"),
        # The two scales must not share cached pages: a Redis database pair each (as in
        # production), else a file cache each.
        "CACHE_DIR": str(tmp / f"cache-s{scale}"),
        **({"REDIS_URL": f"{REDIS}/{REDIS_FIRST_DB + 2 * index}"} if env.get("BENCH_USE_REDIS") else {}),
    }


def prepare(tmp: Path, env: dict) -> dict:
    """Template database, one database per scale with bench data, static files. Returns generation reports."""
    template = f"{DB_PREFIX}_template"
    names = [f"{DB_PREFIX}_s{scale}" for scale in SCALES]
    admin_sql(*[f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in [*names, template]])
    admin_sql(f'CREATE DATABASE "{template}"')
    log("migrating the template database; collecting static files")
    static = manage(["collectstatic", "--noinput", "-v0"], env, tmp / "collectstatic.log")
    migrate = manage(
        ["migrate", "--noinput", "-v0"], {**env, "DATABASE_URL": database_url(template)}, tmp / "migrate.log"
    )
    wait_ok(migrate, tmp / "migrate.log", "migrate")
    admin_sql(*[f'CREATE DATABASE "{name}" TEMPLATE "{template}"' for name in names])
    log(f"generating bench data for scales {', '.join(map(str, SCALES))} (in parallel)")
    jobs = {}
    for scale in SCALES:
        summary = tmp / f"generate-s{scale}.json"
        args = ["bench_data", f"--scale={scale}", f"--seed={SEED}", f"--summary={summary}"]
        started = time.perf_counter()
        jobs[scale] = (manage(args, scale_env(env, tmp, scale), tmp / f"generate-s{scale}.log"), summary, started)
    reports = {}
    for scale, (process, summary, started) in jobs.items():
        wait_ok(process, tmp / f"generate-s{scale}.log", f"bench_data --scale {scale}")
        reports[scale] = json.loads(summary.read_text())
        reports[scale]["wall_seconds"] = round(time.perf_counter() - started, 1)
        log(f"scale {scale}: bench data in {reports[scale]['seconds']:.1f} s")
    wait_ok(static, tmp / "collectstatic.log", "collectstatic")
    # The databases were just written: flush their dirty pages now (the checkpointer would
    # otherwise spread the writes over the next minutes, while the pages are measured), as on a
    # server whose data was loaded long before.
    admin_sql("CHECKPOINT")
    return reports


class MeasureProcess:
    """bench/measure.py --serve on one scale's database: one run of one page per request."""

    def __init__(self, tmp: Path, env: dict, scale: int):
        self.scale, self.logfile = scale, tmp / f"measure-s{scale}.log"
        with open(self.logfile, "w") as log_out:
            self.process = subprocess.Popen(
                [PYTHON, str(BENCH / "measure.py"), "--serve"], cwd=ROOT, env=scale_env(env, tmp, scale),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_out, text=True,
            )  # fmt: skip

    def receive(self):
        for line in self.process.stdout:
            if line.startswith("BENCH "):
                return json.loads(line[6:])
        sys.stdout.write(self.logfile.read_text())
        sys.exit(f"measuring pages at scale {self.scale} failed (log: {self.logfile})")

    def run(self, index: int, number: int) -> dict:
        self.process.stdin.write(f"run {index} {number}\n")
        self.process.stdin.flush()
        return self.receive()

    def close(self) -> None:
        try:
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


def measure(tmp: Path, env: dict) -> tuple[dict, dict, dict]:
    """Every page in-process at every scale, the scales side by side: run k of a page at scale 1,
    then at scale 10 (the order alternating), ``BENCH_COLD_RUNS`` rounds over all pages. Returns the pages per
    scale (bench/measure.py's rows), each page's growth (the median of the per-run ratios of cold
    CPU time, scale 10 / scale 1) and the bench logins."""
    from bench.measure import RUNS, summarise

    processes = [MeasureProcess(tmp, env, scale) for scale in SCALES]
    try:
        described = [process.receive() for process in processes]
        pages = described[0]["pages"]
        if any([p["name"] for p in d["pages"]] != [p["name"] for p in pages] for d in described):
            sys.exit("the apps list different pages at different scales")
        measured, growth = {scale: [] for scale in SCALES}, {}
        runs = [{scale: [] for scale in SCALES} for _ in pages]
        # Run k of every page before run k + 1 of any: a page's runs are spread over the whole
        # measurement, so a stretch of a few seconds in which the machine's neighbours slow one
        # process down lands in one run of several pages, not in most runs of one page.
        for number in range(RUNS):
            for index in range(len(pages)):
                for process in processes if (number + index) % 2 == 0 else processes[::-1]:
                    runs[index][process.scale].append(process.run(index, number))
        for index in range(len(pages)):
            for scale, index_described in zip(SCALES, described, strict=True):
                measured[scale].append(summarise(index_described["pages"][index], runs[index][scale]))
            low, high = runs[index][SCALES[0]], runs[index][SCALES[-1]]
            growth[pages[index]["name"]] = statistics.median(
                b["cold_cpu_ms"] / max(a["cold_cpu_ms"], 1e-3) for a, b in zip(low, high, strict=True)
            )
    finally:
        for process in processes:
            process.close()
    return measured, growth, described[0]["logins"]


# --- server --------------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, scale: int, port: int, env: dict, workers: int, logfile: Path,
                 app: str = "kiezportal.wsgi", probe: str = "/healthz"):  # fmt: skip
        self.name, self.scale, self.port = name, scale, port
        self.database = f"{DB_PREFIX}_s{scale}"
        with open(logfile, "w") as out:
            self.process = subprocess.Popen(
                [GUNICORN, app, f"--workers={workers}", f"--bind=127.0.0.1:{port}",
                 "--worker-tmp-dir=/dev/shm", "--timeout=30", "--graceful-timeout=5"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.peak_rss = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn {name} exited (log: {logfile})")
            try:
                if request(port, probe)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        sys.exit(f"gunicorn {name} did not answer {probe} (log: {logfile})")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:  # kernel without CONFIG_PROC_CHILDREN: look for processes whose parent is the master
            children = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                        children.append(int(stat.parent.name))
                except (OSError, ValueError, IndexError):
                    continue
            return children

    def poll_rss(self) -> None:
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                self.peak_rss = max(self.peak_rss, int(match.group(1)) * 1024)

    def cpu_ns(self, admin) -> dict[int, int]:
        """CPU time used so far, in nanoseconds, by each worker and each of their PostgreSQL backends
        (/proc/PID/schedstat: the scheduler's own account, not clock ticks of 10 ms, which over a
        second of wrk and a dozen processes would blur the figure per request by several percent)."""
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
        ).fetchall()
        used = {}
        for pid in [*self.worker_pids(), *(row[0] for row in rows)]:
            try:
                used[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
        return used

    def stop(self) -> None:
        self.poll_rss()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def request(port: int, path: str, *, headers=None, method="GET", body=None) -> tuple[int, dict, bytes, int]:
    """One HTTP request on a new connection: status, headers, body, header bytes on the wire."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        data = response.read()
        header_bytes = len(str(response.msg)) + len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        return response.status, dict(response.getheaders()), data, header_bytes
    finally:
        connection.close()


def cookies_from(headers_list: list[tuple[str, str]], cookies: dict | None = None) -> dict:
    """The cookie jar after these response headers: set cookies are added, deleted ones removed."""
    cookies = dict(cookies or {})
    for name, value in headers_list:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            if "max-age=0" in rest.lower().replace(" ", ""):
                cookies.pop(key.strip(), None)
            else:
                cookies[key.strip()] = rest.split(";", 1)[0]
    return cookies


def login(port: int, email: str, password: str) -> str:
    """Log in through the real allauth form; returns the Cookie header for wrk."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/konto/login/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = cookies_from(response.getheaders())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token})
    connection.request(
        "POST",
        "/konto/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
    )
    response = connection.getresponse()
    response.read()
    cookies = cookies_from(response.getheaders(), cookies)
    if response.status != 302 or "sessionid" not in cookies:
        sys.exit(f"login of {email} failed: HTTP {response.status}")
    # Like a browser, follow the redirect: the page shows the "signed in" message and the
    # response deletes the message cookie (else every later request would carry it).
    connection.request("GET", response.getheader("Location"), headers={"Cookie": cookie_header(cookies)})
    response = connection.getresponse()
    response.read()
    connection.close()
    cookies = cookies_from(response.getheaders(), cookies)
    return cookie_header(cookies)


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src") or tag == "img" and attrs.get("src"):
            self.assets.append(attrs["src"])


def first_visit(port: int) -> dict:
    """Bytes a first, anonymous visit to the home page transfers (headers + bodies, compressed as served)."""
    headers = {"Accept-Encoding": "gzip, br", "Accept-Language": "de"}
    status, response_headers, html, header_bytes = request(port, "/", headers=headers)
    parser = AssetParser()
    parser.feed(html.decode())
    items = [{"url": "/", "status": status, "bytes": len(html) + header_bytes,
              "encoding": response_headers.get("Content-Encoding", "")}]  # fmt: skip
    for url in dict.fromkeys(parser.assets):
        path = urllib.parse.urlsplit(url).path
        status, response_headers, body, header_bytes = request(port, path, headers=headers)
        items.append({"url": path, "status": status, "bytes": len(body) + header_bytes,
                      "encoding": response_headers.get("Content-Encoding", "")})  # fmt: skip
    return {"total": sum(item["bytes"] for item in items), "items": items}


# --- load ---------------------------------------------------------------------------------


def parse_wrk(output: str, what: str) -> dict:
    match = re.search(r"^BENCH_JSON (.*)$", output, re.MULTILINE)
    if not match:
        log(f"wrk failed for {what}: {output[-500:]}")
        return {"requests": 0, "rps": 0, "p50": None, "p95": None, "p99": None, "errors_total": 1}
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0
    result["errors_total"] = sum(result["errors"].values())
    return result


def wrk(wrk_path: str, port: int, path: str, cookie: str | None, concurrency: int, duration: float,
        script: Path = BENCH / "latency.lua") -> dict:  # fmt: skip
    command = [wrk_path, f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{max(1, round(duration))}s", "--timeout=5s",
               "-s", str(script), "-H", "Accept-Language: de"]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    return parse_wrk(output, path)


def lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def mixed_script(tmp: Path, entries: list[tuple[str, str | None]]) -> Path:
    """A wrk script that sends the (path, cookie) entries in turn, each thread from its own start."""
    rows = ",\n".join(f"  {{{lua_string(path)}, {lua_string(cookie or '')}}}" for path, cookie in entries)
    latency = (BENCH / "latency.lua").read_text()
    script = tmp / "mixed.lua"
    script.write_text(
        f"local entries = {{\n{rows}\n}}\n"
        "local prepared = {}\nlocal index = 0\n"
        "function init(args)\n"
        "  for i, entry in ipairs(entries) do\n"
        '    local headers = {["Accept-Language"] = "de"}\n'
        '    if entry[2] ~= "" then headers["Cookie"] = entry[2] end\n'
        '    prepared[i] = wrk.format("GET", entry[1], headers)\n'
        "  end\n"
        "  index = math.random(#prepared)\n"
        "end\n"
        "function request()\n"
        "  index = index % #prepared + 1\n"
        "  return prepared[index]\n"
        "end\n" + latency
    )
    return script


class Writer(threading.Thread):
    """A resident who toggles the support of an idea through the real form once a second."""

    def __init__(self, port: int, cookie: str, detail: str):
        super().__init__(daemon=True)
        self.port, self.cookie, self.detail = port, cookie, detail
        self.stop = threading.Event()
        self.latencies, self.failures = [], 0

    def write_once(self) -> None:
        started = time.perf_counter()
        status, _, body, _ = request(self.port, self.detail, headers={"Cookie": self.cookie})
        page = body.decode()
        action = re.search(r'<form method="post" action="(/ideen/\d+/unterstuetzen/)">', page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not action or not token:
            self.failures += 1
            return
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1)})
        status, headers, _, _ = request(self.port, action.group(1), method="POST", body=form, headers={
            "Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{self.detail}"})  # fmt: skip
        if status != 302:
            self.failures += 1
            return
        # Like a browser: follow the redirect, which shows and consumes the message.
        cookies = dict(part.split("=", 1) for part in self.cookie.split("; "))
        jar = cookies_from([(k, v) for k, v in headers.items() if k.lower() == "set-cookie"], cookies)
        request(self.port, headers["Location"], headers={"Cookie": cookie_header(jar)})
        self.latencies.append((time.perf_counter() - started) * 1000)

    def run(self) -> None:
        next_at = time.perf_counter()
        while not self.stop.is_set():
            self.write_once()
            next_at += 1.0
            self.stop.wait(max(0.0, next_at - time.perf_counter()))


def support_page(port: int, cookie: str) -> str:
    """An idea on the list whose detail page offers the support form to this resident."""
    _, _, body, _ = request(port, "/ideen/", headers={"Cookie": cookie})
    for path in dict.fromkeys(re.findall(r'href="(/ideen/\d+/[^"]*)"', body.decode())):
        _, _, page, _ = request(port, path, headers={"Cookie": cookie})
        if re.search(r'action="/ideen/\d+/unterstuetzen/"', page.decode()):
            return path
    sys.exit("mixed workload: no idea with a support form on /ideen/")


def measured_wrk(wrk_path, server, admin, path, cookie, concurrency, seconds, script=BENCH / "latency.lua"):
    """wrk on one server, with the CPU time of its workers and their database backends per request."""
    before = server.cpu_ns(admin)
    result = wrk(wrk_path, server.port, path, cookie, concurrency, seconds, script)
    # Per process, so a database connection replaced during the run (CONN_MAX_AGE) does not count.
    used = sum(value - before.get(pid, 0) for pid, value in server.cpu_ns(admin).items())
    result["cpu_ms"] = used / 1e6 / result["requests"] if result["requests"] else None
    return result


def cold_probe(servers, pages, cookies, runs=3) -> dict:
    """HTTP: per page and scale, ``runs`` times a write to every table, then the page (alternating scales)."""
    samples = {}
    for page in pages:
        for run in range(runs):
            for server in servers if run % 2 == 0 else list(reversed(servers)):
                cookie = cookies[(server.scale, page["role"], 0)] if page["role"] else None
                request(server.port, "/bench/retire/", method="POST")
                started = time.perf_counter()
                status = request(
                    server.port, page["paths"][server.scale], headers={"Cookie": cookie} if cookie else {}
                )[0]
                elapsed = (time.perf_counter() - started) * 1000
                samples.setdefault((page["name"], server.scale), []).append((elapsed, status))
    return {key: {"p50": statistics.median(v for v, _ in values), "statuses": sorted({s for _, s in values})}
            for key, values in samples.items()}  # fmt: skip


# --- report -------------------------------------------------------------------------------


def median_of(results: list[dict], key: str) -> float | None:
    values = [r[key] for r in results if r.get(key) is not None]
    return statistics.median(values) if values else None


def summarise(runs: list[dict]) -> dict:
    summary = {key: median_of(runs, key) for key in ("rps", "p50", "p95", "p99", "cpu_ms")}
    summary["errors"] = sum(r["errors_total"] for r in runs)
    return summary


def evaluate(data: dict) -> list[dict]:
    """The budget lines of issue #17, each PASS or FAIL with the pages that miss it."""
    pages, s1, s10 = data["pages"], str(SCALES[0]), str(SCALES[-1])
    lines = []

    def line(text, failures, worst=""):
        lines.append({"budget": text, "pass": not failures, "failures": failures, "worst": worst})

    def worst_of(values: dict, highest=True):
        if not values:
            return ""
        return (max if highest else min)(values, key=values.get)

    errors = [p["name"] for p in pages if any(p["measure"][s]["status"] != 200 for s in (s1, s10))
              or p["cold_http"][s10]["statuses"] != [200] or p["cold_http"][s1]["statuses"] != [200]
              or p["warm"]["errors"]]  # fmt: skip
    mixed_errors = sum(r["errors_total"] for r in data["mixed"]["read_only"] + data["mixed"]["with_writes"])
    line("every page answers 200 (cold, warm, mixed) with no socket errors",
         errors + (["mixed workload"] if mixed_errors or data["mixed"]["writer_failures"] else []),
         f"{len(errors)} pages, {mixed_errors} mixed errors, {data['mixed']['writer_failures']} failed writes")  # fmt: skip

    cold = {p["name"]: p["measure"][s10]["cold_cpu_ms"] for p in pages}
    worst = worst_of(cold)
    line(f"cold render p50 ≤ {BUDGET_COLD_MS} ms for every page at scale {s10} on this machine when idle "
         "(idle-equivalent: CPU ms of the process and its database backend; wall time in the tables)",
         [n for n, v in cold.items() if v > BUDGET_COLD_MS], worst and f"{worst}: {cold[worst]:.1f} ms")  # fmt: skip

    # The median of the per-run ratios (both scales measured side by side, bench/measure.py).
    growth = {p["name"]: p.get("growth") or p["measure"][s10]["cold_cpu_ms"] / max(p["measure"][s1]["cold_cpu_ms"], 1e-3)
              for p in pages}  # fmt: skip
    worst = worst_of(growth)
    line(f"cold render at scale {s10} ≤ {BUDGET_GROWTH}× scale {s1} (CPU; median of the per-run ratios, "
         "both scales measured side by side)",
         [n for n, v in growth.items() if v > BUDGET_GROWTH], worst and f"{worst}: {growth[worst]:.2f} x")  # fmt: skip

    queries = {p["name"]: (p["measure"][s1]["queries"], p["measure"][s10]["queries"]) for p in pages}
    worst = max(queries, key=lambda n: max(queries[n])) if queries else ""
    line(f"queries cold ≤ {BUDGET_QUERIES} and equal at both scales (scale {s1} and {s10})",
         [n for n, (a, b) in queries.items() if a != b or max(a, b) > BUDGET_QUERIES],
         worst and f"{worst}: {queries[worst][0]} / {queries[worst][1]}")  # fmt: skip

    mixed = data["mixed"]["summary"]
    line(f"mixed workload p99 ≤ {BUDGET_MIXED_P99_MS} ms at c8 (scale {s10}, every key page, one support toggle "
         "a second through the real form)",
         [] if mixed["with_writes"]["p99"] <= BUDGET_MIXED_P99_MS else ["mixed"],
         f"{mixed['with_writes']['p99']:.1f} ms (read-only {mixed['read_only']['p99']:.1f} ms)")  # fmt: skip
    ratio = mixed["with_writes"]["rps"] / mixed["read_only"]["rps"] if mixed["read_only"]["rps"] else 0
    line(f"mixed workload throughput ≥ {BUDGET_MIXED_RATIO}× read-only", [] if ratio >= BUDGET_MIXED_RATIO else ["mixed"],
         f"{ratio:.2f} x ({mixed['with_writes']['rps']:.0f} vs {mixed['read_only']['rps']:.0f} req/s)")  # fmt: skip

    cached = {p["name"]: p["warm"]["cpu_ratio"] for p in pages if p["measure"][s10]["cached"]}
    worst = worst_of(cached, highest=False)
    line(f"cached pages ≥ {BUDGET_CACHED_RATIO * 100:.0f} % of the true bare baseline (c8, scale {s10}; "
         "idle-equivalent: CPU ms per request; wall-clock ratio in the table)",
         [n for n, v in cached.items() if v < BUDGET_CACHED_RATIO], worst and f"{worst}: {cached[worst]:.0%}")  # fmt: skip

    rss = max(data["peak_rss"].values())
    line(f"worker peak RSS ≤ {BUDGET_RSS // 2**20} MB (gunicorn)", ["workers"] if rss > BUDGET_RSS else [],
         f"{rss / 2**20:.0f} MB")  # fmt: skip

    html = {p["name"]: max(p["measure"][s]["html_bytes"] for s in (s1, s10)) for p in pages}
    worst = worst_of(html)
    line(f"no page's HTML over {BUDGET_HTML // 1024} KB", [n for n, v in html.items() if v > BUDGET_HTML],
         worst and f"{worst}: {html[worst] / 1024:.1f} KB")  # fmt: skip

    visit = data["first_visit"]["total"]
    line(f"first visit to the home page ≤ {BUDGET_FIRST_VISIT // 1024} KB transferred",
         ["home"] if visit > BUDGET_FIRST_VISIT else [], f"{visit / 1024:.1f} KB")  # fmt: skip

    total = data["total_seconds"]
    line(f"the whole run under {BUDGET_TOTAL // 60} minutes", ["run"] if total >= BUDGET_TOTAL else [],
         f"{total / 60:.1f} min")  # fmt: skip
    return lines


def fmt(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(data: dict) -> str:
    s1, s10 = str(SCALES[0]), str(SCALES[-1])
    base, hello, mixed = data["baseline"]["bare"], data["baseline"]["hello"], data["mixed"]["summary"]
    out = [
        "# Benchmark results",
        "",
        f"{data['date']} · commit `{data['commit']}` · {data['machine']} · gunicorn {data['workers']} sync workers · "
        f"cache: {data['cache']} · wrk {data['duration']:g} s per page at c8 · whole run {data['total_seconds'] / 60:.1f} min · "
        f"load average at the start {data['load_average']}, CPU time stolen by other processes during the "
        f"in-process measurements: run-queue wait {data['runqueue_wait']}",
        "",
        "## Budgets",
        "",
    ]
    for line in data["budgets"]:
        detail = f" — worst: {line['worst']}" if line["worst"] else ""
        failing = f" — failing: {', '.join(line['failures'][:8])}" if line["failures"] else ""
        out.append(f"- **{'PASS' if line['pass'] else 'FAIL'}** {line['budget']}{detail}{failing}")
    out += [
        "",
        "## Baselines and the mixed workload (scale 10, concurrency 8)",
        "",
        "| Run | req/s | p50 | p95 | p99 | CPU ms/req | errors |",
        "|---|--:|--:|--:|--:|--:|--:|",
        f"| gunicorn WSGI hello ({data['baseline_bytes']:,} B, no Django) | {fmt(hello['rps'], 0)} | {fmt(hello['p50'])} "
        f"| {fmt(hello['p95'])} | {fmt(hello['p99'])} | {fmt(hello['cpu_ms'], 2)} | {hello['errors']} |",
        f"| bare Django: plain view, same middleware minus the page cache | {fmt(base['rps'], 0)} | {fmt(base['p50'])} "
        f"| {fmt(base['p95'])} | {fmt(base['p99'])} | {fmt(base['cpu_ms'], 2)} | {base['errors']} |",
    ]
    for key, label in (
        ("read_only", "mixed: every key page, read-only"),
        ("with_writes", "mixed: … with one support toggle a second"),
    ):
        run = mixed[key]
        out.append(f"| {label} | {fmt(run['rps'], 0)} | {fmt(run['p50'])} | {fmt(run['p95'])} | {fmt(run['p99'])} "
                   f"| {fmt(run['cpu_ms'], 2)} | {run['errors']} |")  # fmt: skip
    writes = data["mixed"]["writer_ms"]
    out += [
        "",
        f"Mixed workload: {len(data['mixed']['entries'])} requests in turn ({data['mixed']['pages']} key pages, "
        f"{SESSIONS_PER_ROLE} sessions per role), {MIXED_ROUNDS} rounds of {MIXED_SECONDS:g} s each way, medians; the "
        f"writer's form round trip (GET detail, POST, redirect) p50 {fmt(writes['p50'])} ms, max {fmt(writes['max'])} ms, "
        f"{writes['count']} writes.",
        "",
        "## Pages",
        "",
        "*cold* = the first request after a write to every table (in-process, page cache on; p50 of "
        f"{data['cold_runs']}, scale 1 and 10 side by side): SQL, wall and CPU ms (process + PostgreSQL backend; the "
        "idle-machine equivalent); *growth* = the median of the per-run ratios of cold CPU, scale 10 ÷ scale 1; "
        "*HTTP cold* = the same through gunicorn (p50 of 3); *warm* = the request the page cache answers (in-process "
        "CPU ms; *c8* = wrk at concurrency 8 on the warm page, scale 10); *ratio* = c8 req/s ÷ bare Django's; "
        "*CPU ratio* = bare Django's CPU ms per request ÷ the page's (what the ratio is on an idle machine).",
        "",
        "| Page | Role | SQL | cold CPU s1 | cold CPU s10 | growth | cold wall s10 | HTTP cold s1 | HTTP cold s10 "
        "| warm SQL | warm CPU s10 | c8 req/s | c8 p99 | ratio | CPU ratio | HTML KB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for page in data["pages"]:
        m1, m10, warm = page["measure"][s1], page["measure"][s10], page["warm"]
        sql = str(m10["queries"]) if m1["queries"] == m10["queries"] else f"{m1['queries']}/{m10['queries']}"
        out.append(
            f"| {page['name']} | {page['role'] or 'anonymous'} | {sql} | {fmt(m1['cold_cpu_ms'])} | {fmt(m10['cold_cpu_ms'])} "
            f"| {fmt(page.get('growth'), 2)}× | {fmt(m10['cold_wall_ms'])} | {fmt(page['cold_http'][s1]['p50'])} | {fmt(page['cold_http'][s10]['p50'])} "
            f"| {m10['hit_queries'] if m10['cached'] else '–'} | {fmt(m10['warm_cpu_ms'], 2)} | {fmt(warm['rps'], 0)} "
            f"| {fmt(warm['p99'])} | {warm['ratio']:.0%} | {warm['cpu_ratio']:.0%} | {m10['html_bytes'] / 1024:.1f} |"
        )
    visit = data["first_visit"]
    out += ["", "## First visit to the home page (scale 10)", "", "| Resource | Encoding | Bytes |", "|---|---|--:|"]
    out += [f"| `{item['url']}` | {item['encoding'] or '–'} | {item['bytes']:,} |" for item in visit["items"]]
    out += [f"| **total** | | **{visit['total']:,}** |", ""]
    return "\n".join(out)


def main() -> int:
    import psycopg

    # Stopped from outside: still run the finally blocks (gunicorn servers, databases).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    started = time.perf_counter()
    load_average = " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    wrk_path = ensure_wrk()
    workers = int(os.environ.get("BENCH_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
    tmp = Path(tempfile.mkdtemp(prefix="kp-bench-"))
    env = base_env(tmp)
    use_redis = redis_available()
    if use_redis:
        env["BENCH_USE_REDIS"] = "1"
    generation = prepare(tmp, env)
    measure_started = time.perf_counter()
    log(f"measuring every page in-process (cold and warm), scales {', '.join(map(str, SCALES))} side by side")
    measured, growth, logins = measure(tmp, env)
    from bench.measure import RUNS as cold_runs

    measure_seconds = time.perf_counter() - measure_started
    html_sizes = sorted(p["html_bytes"] for p in measured[SCALES[0]] if p["content_type"].startswith("text/html"))
    baseline_bytes = int(statistics.median(html_sizes)) if html_sizes else 20000
    env["BENCH_BASELINE_BYTES"] = str(baseline_bytes)
    top = SCALES[-1]

    servers, extra = [], []
    admin = psycopg.connect(f"{PG}/postgres", autocommit=True)
    try:
        for index, scale in enumerate(SCALES):
            servers.append(Server(f"scale {scale}", scale, BASE_PORT + index, scale_env(env, tmp, scale), workers,
                                  tmp / f"gunicorn-s{scale}.log"))  # fmt: skip
        bare_env = {**scale_env(env, tmp, top), "BENCH_BARE": "1"}
        bare = Server("bare", top, BASE_PORT + 5, bare_env, workers, tmp / "gunicorn-bare.log")
        hello = Server("hello", top, BASE_PORT + 6, env, workers, tmp / "gunicorn-hello.log", app="bench.hello:app",
                       probe="/")  # fmt: skip
        extra = [bare, hello]
        server_top = servers[-1]
        log(f"gunicorn with {workers} workers: {', '.join(f'{s.name} on {s.port}' for s in servers + extra)}")
        pages = [{**page, "paths": {scale: measured[scale][index]["path"] for scale in SCALES}}
                 for index, page in enumerate(measured[SCALES[0]])]  # fmt: skip
        cookies = {(s.scale, role, n): login(s.port, *credentials)
                   for s in servers for role, credentials in logins.items() for n in range(SESSIONS_PER_ROLE)}  # fmt: skip
        writer_cookie = login(server_top.port, *logins["resident"])
        for page in pages:  # warm every worker: templates, translations, connections
            for server in servers:
                cookie = cookies[(server.scale, page["role"], 0)] if page["role"] else None
                for _ in range(workers):
                    request(server.port, page["paths"][server.scale], headers={"Cookie": cookie} if cookie else {})
        for _ in range(workers * 4):
            request(bare.port, "/bench/baseline/")
            request(hello.port, "/")
        visit = first_visit(server_top.port)

        stop = threading.Event()

        def poller():
            while not stop.wait(0.5):
                for server in servers:
                    server.poll_rss()

        thread = threading.Thread(target=poller, daemon=True)
        thread.start()
        baselines = {"bare": [], "hello": []}

        def baseline_round():
            baselines["bare"].append(measured_wrk(wrk_path, bare, admin, "/bench/baseline/", None, 8, 2))
            baselines["hello"].append(measured_wrk(wrk_path, hello, admin, "/", None, 8, 2))

        log("cold probe over HTTP at both scales")
        cold = cold_probe(servers, pages, cookies)
        log(f"warm pages at concurrency 8, scale {top}, {DURATION:g} s each; baselines at the start, middle and end")
        baseline_round()
        warm = {}
        for index, page in enumerate(pages):
            if index == len(pages) // 2:
                baseline_round()
            cookie = cookies[(top, page["role"], 0)] if page["role"] else None
            request(server_top.port, page["paths"][top], headers={"Cookie": cookie} if cookie else {})
            warm[page["name"]] = measured_wrk(wrk_path, server_top, admin, page["paths"][top], cookie, 8, DURATION)
        baseline_round()

        log(
            f"mixed workload at scale {top}: {MIXED_ROUNDS} x ({MIXED_SECONDS:g} s read-only, {MIXED_SECONDS:g} s with writes)"
        )
        entries = []
        for page in pages:
            if page["role"]:
                entries += [(page["paths"][top], cookies[(top, page["role"], n)]) for n in range(SESSIONS_PER_ROLE)]
            else:
                entries.append((page["paths"][top], None))
        script = mixed_script(tmp, entries)
        detail = support_page(server_top.port, writer_cookie)
        mixed = {"read_only": [], "with_writes": []}
        writer_ms, writer_failures = [], 0
        for _ in range(MIXED_ROUNDS):
            mixed["read_only"].append(measured_wrk(wrk_path, server_top, admin, "/", None, 8, MIXED_SECONDS, script))
            writer = Writer(server_top.port, writer_cookie, detail)
            writer.start()
            mixed["with_writes"].append(measured_wrk(wrk_path, server_top, admin, "/", None, 8, MIXED_SECONDS, script))
            writer.stop.set()
            writer.join()
            writer_ms += writer.latencies
            writer_failures += writer.failures
        stop.set()
        thread.join()
    finally:
        admin.close()
        for server in servers + extra:
            server.stop()

    bare_summary, hello_summary = summarise(baselines["bare"]), summarise(baselines["hello"])
    page_rows = []
    for index, page in enumerate(measured[SCALES[0]]):
        row = {key: page[key] for key in ("name", "app", "label", "role")}
        row["paths"] = {str(scale): measured[scale][index]["path"] for scale in SCALES}
        row["measure"] = {str(scale): measured[scale][index] for scale in SCALES}
        row["growth"] = growth[page["name"]]
        row["cold_http"] = {str(scale): cold[(page["name"], scale)] for scale in SCALES}
        run = warm[page["name"]]
        run["ratio"] = run["rps"] / bare_summary["rps"] if bare_summary["rps"] else 0
        run["cpu_ratio"] = bare_summary["cpu_ms"] / run["cpu_ms"] if run["cpu_ms"] else 0
        run["errors"] = run["errors_total"]
        row["warm"] = run
        page_rows.append(row)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())  # fmt: skip
    wait_total = sum(p["measure"][str(s)].get("runqueue_wait_ms", 0) for p in page_rows for s in SCALES)
    data = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.stdout.strip() or "unknown",
        "machine": f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}",
        "workers": workers,
        "cache": "Redis" if use_redis else "file cache",
        "load_average": load_average,
        "runqueue_wait": f"{wait_total / (measure_seconds * 1000):.0%} of the measuring time",
        "duration": DURATION,
        "cold_runs": cold_runs,
        "baseline_bytes": baseline_bytes,
        "generation": {str(s): generation[s] for s in SCALES},
        "first_visit": visit,
        "peak_rss": {s.name: s.peak_rss for s in servers},
        "baseline": {"bare": bare_summary, "hello": hello_summary, "runs": baselines},
        "mixed": {
            "pages": len(pages),
            "entries": [path for path, _ in entries],
            "read_only": mixed["read_only"],
            "with_writes": mixed["with_writes"],
            "summary": {key: summarise(runs) for key, runs in mixed.items()},
            "writer_ms": {
                "count": len(writer_ms),
                "p50": statistics.median(writer_ms) if writer_ms else None,
                "max": max(writer_ms, default=None),
            },  # fmt: skip
            "writer_failures": writer_failures + (0 if writer_ms else 1),
        },
        "pages": page_rows,
    }
    if os.environ.get("BENCH_KEEP_DB") != "1":
        admin_sql(*[f'DROP DATABASE IF EXISTS "{DB_PREFIX}_{suffix}" WITH (FORCE)'
                    for suffix in [*(f"s{s}" for s in SCALES), "template"]])  # fmt: skip
    shutil.rmtree(tmp, ignore_errors=True)
    data["total_seconds"] = round(time.perf_counter() - started, 1)
    data["budgets"] = evaluate(data)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report = markdown(data)
    (RESULTS / "latest.md").write_text(report, encoding="utf-8")
    print(report)
    failed = [line for line in data["budgets"] if not line["pass"]]
    log(f"{'FAIL' if failed else 'PASS'}: {len(data['budgets']) - len(failed)} of {len(data['budgets'])} budgets "
        f"met in {data['total_seconds'] / 60:.1f} min; report in {RESULTS.relative_to(ROOT) / 'latest.md'}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
