"""Walk the demo portal on SQLite, as `make run` serves it, for every demo login (tests/test_sqlite_demo.py).

Run in its own process (the test suite's database is PostgreSQL): Django's settings without
DATABASE_URL, VAR_DIR pointing at a folder where `manage.py migrate` and `manage.py load_demo`
ran. Each visitor (anonymous, then each demo user) starts at the home page and follows the
portal's own links breadth first, at most PAGES_PER_VISITOR pages and two query-string
variants of a path; every answer must be below 500. Prints one line per failing page and
exits 1 if there is one.
"""

import os
import re
import sys
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiezportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PAGES_PER_VISITOR = int(os.environ.get("CRAWL_PAGES", "250"))
HREF_RE = re.compile(r'href="([^"#]*)"')
# Not pages: the admin (its own tests), static and media files, logging out, language switches.
SKIPPED = ("/admin/", "/static/", "/media/", "/konto/logout/", "/konto/abmelden/", "/i18n/")


def crawl(client: Client) -> tuple[int, list[str]]:
    seen, failures = set(), []
    variants = Counter()
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_VISITOR:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {path}")
            continue
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF_RE.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIPPED):
                continue
            if href in seen or variants[parts.path] >= 2:
                continue
            variants[parts.path] += 1
            queue.append(href)
    return len(seen), failures


def main() -> int:
    from apps.accounts.demo import DEMO_USERS
    from apps.accounts.models import User

    assert connection.vendor == "sqlite", connection.vendor
    settings.ALLOWED_HOSTS = ["testserver"]
    failed = False
    for email in [None, *(user[0] for user in DEMO_USERS)]:
        client = Client(raise_request_exception=False)
        if email:
            client.force_login(User.objects.get(email=email))
        visited, failures = crawl(client)
        print(f"{email or 'anonymous'}: {visited} pages, {len(failures)} failed")
        for failure in failures:
            print(f"  {failure}")
        failed |= bool(failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
