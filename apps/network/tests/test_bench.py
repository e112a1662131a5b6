import random
import time
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.network import bench
from apps.network.models import Actor
from apps.pages.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_bench_generates_scale_one_quickly_and_every_page_has_a_fixed_query_count(client):
    SiteSettings.load()
    started = time.monotonic()
    bench.generate(scale=1, rng=random.Random(7), stdout=StringIO())
    assert time.monotonic() - started < 30
    assert Actor.objects.count() == bench.ACTORS_PER_SCALE
    for label, path, role in bench.pages():
        assert role is None
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, label
        assert len(queries) <= 15, (label, len(queries))
