"""`make run` serves the demo on SQLite (no DATABASE_URL): every page a demo visitor can reach
answers there without a server error, hand-written SQL and database triggers included."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_on_sqlite_answers_every_page_it_links(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DEBUG="1", VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kiezportal.settings", CRAWL_PAGES="200")
    for command in (["migrate", "--noinput"], ["load_demo"]):
        done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    crawl = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "tests/sqlite_crawl.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200
    )
    assert crawl.returncode == 0, crawl.stdout[-4000:] + crawl.stderr[-4000:]
    assert (tmp_path / "kiezportal.sqlite3").exists()
