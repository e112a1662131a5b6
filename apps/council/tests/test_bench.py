import io
import random
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts import bench as accounts_bench
from apps.accounts.bench import bench_user
from apps.council import bench
from apps.council.models import AgendaItem, Decision, Meeting

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def test_bench_generates_scale_one_quickly_and_pages_keep_a_fixed_query_count(client, settings_rows):
    accounts_bench.generate(scale=1, rng=random.Random(1), stdout=io.StringIO())
    started = time.monotonic()
    bench.generate(scale=1, rng=random.Random(1), stdout=io.StringIO())
    assert time.monotonic() - started < 30
    assert Meeting.objects.count() == 250
    assert AgendaItem.objects.count() == 2500
    assert Decision.objects.count() > 2000
    counts = {}
    for label, url, role in bench.pages():
        client.logout()
        if role:
            client.force_login(bench_user(role))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, label
        counts[label] = len(queries)
    assert max(counts.values()) <= MAX_QUERIES, counts
    print(counts)
