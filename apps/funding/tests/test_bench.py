"""The benchmark generator at scale 1: the numbers of the contract, and every page within 15 queries."""

import io
import random
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts import bench as accounts_bench
from apps.accounts.bench import bench_user
from apps.accounts.roles import Role
from apps.funding import bench
from apps.funding.models import Application, CostLine, StatusChange
from apps.funding.tests.factories import FieldOfActionFactory

pytestmark = pytest.mark.django_db


def test_bench_generates_scale_one_quickly_and_pages_stay_within_15_queries():
    for role in Role:
        Group.objects.get_or_create(name=role.value)  # in case a transactional test flushed the data migration's rows
    for slug in ("bildung", "oeffentlicher-raum"):
        FieldOfActionFactory(slug=slug, name=slug.title())
    accounts_bench.generate(scale=1, rng=random.Random(1), stdout=io.StringIO())
    started = time.monotonic()
    bench.generate(scale=1, rng=random.Random(1), stdout=io.StringIO())
    assert time.monotonic() - started < 30
    assert Application.objects.count() == 1500
    assert CostLine.objects.count() == 10_000
    assert StatusChange.objects.count() > 3000
    assert Application.objects.filter(owner=bench_user("provider")).exists()
    pages = bench.pages()
    assert len(pages) >= 10
    for label, url, role in pages:
        client = Client()
        if role:
            client.force_login(bench_user(role))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        print(f"{label}: {len(queries)} queries")  # noqa: T201 - shown with -s
        assert len(queries) <= 15, (label, len(queries))
