import random
import time
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.events import bench
from apps.events.models import Event, Occurrence
from apps.pages.models import SiteSettings

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
TIMES = {}  # ms of the last run, printed (make bench measures speed)


def query_counts(client) -> dict:
    client.get("/kalender/")  # the layout's cached site settings and menu, as on any busy site
    counts = {}
    for label, path, role in bench.pages():
        assert role is None
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_CACHE_CONTROL="no-cache")
        TIMES[label] = round((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, label
        assert len(response.content) < 100_000, (label, len(response.content))  # the bench's HTML budget
        counts[label] = len(queries)
    return counts


def test_bench_pages_keep_the_same_query_count_from_scale_1_to_10(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    SiteSettings.load()
    started = time.monotonic()
    bench.generate(scale=1, rng=random.Random(3), stdout=StringIO())
    assert time.monotonic() - started < 30
    assert Event.objects.count() == bench.EVENTS_PER_SCALE
    at_one = query_counts(client)
    bench.generate(scale=9, rng=random.Random(4), stdout=StringIO())  # 10 units in all
    assert Event.objects.count() == 10 * bench.EVENTS_PER_SCALE
    assert Occurrence.objects.count() > 10 * bench.EVENTS_PER_SCALE
    at_ten = query_counts(client)
    assert at_one == at_ten
    assert max(at_ten.values()) <= MAX_QUERIES, at_ten
    print(at_ten, Occurrence.objects.count(), TIMES)
