import random
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts import bench as accounts_bench
from apps.accounts.bench import bench_user
from apps.notifications import bench
from apps.notifications.models import Preference

pytestmark = pytest.mark.django_db


def queries(client, settings) -> dict:
    settings.PAGE_CACHE_SECONDS = 0  # the views' own queries
    counts = {}
    for label, path, role in bench.pages():
        client.logout()
        if role:
            client.force_login(bench_user(role))
        client.get(path)  # the layout's cached rows
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, label
        counts[label] = len(captured)
    return counts


def test_the_pages_take_the_same_number_of_queries_at_scale_1_and_10(client, settings):
    accounts_bench.generate(scale=0, rng=random.Random(1), stdout=StringIO())
    bench.generate(scale=1, rng=random.Random(1), stdout=StringIO())
    small = queries(client, settings)
    bench.generate(scale=10, rng=random.Random(2), stdout=StringIO())
    assert Preference.objects.count() > bench.ADDRESSES_PER_SCALE * 50
    assert queries(client, settings) == small
    assert max(small.values()) <= 12, small
