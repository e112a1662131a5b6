"""Queries compiled once per process (apps/core/compiled.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.core import compiled as compiled_module
from apps.core.compiled import compiled, run
from apps.pages.models import Page

pytestmark = pytest.mark.django_db

STAND_IN = -1_000_000_001


def _pages(pk):
    return {
        "one": Page.objects.filter(pk=pk).only("title", "slug"),
        "slugs": Page.objects.filter(pk__gte=pk).order_by("pk").values_list("slug", flat=True),
    }


def test_stand_ins_take_each_calls_values_and_the_sql_is_built_once(monkeypatch):
    first = Page.objects.create(title="Erste", slug="erste", body="-")
    second = Page.objects.create(title="Zweite", slug="zweite", body="-")
    built = []

    def build():
        built.append(1)
        return _pages(STAND_IN)

    monkeypatch.setattr(compiled_module, "_compiled", {})
    for page in (first, second):
        statements = compiled("test:pages", build, "default")
        rows = run("default", statements, values={STAND_IN: page.pk})
        [instance] = statements["one"].instances("default", rows["one"])
        assert (instance.pk, instance.title, instance.slug) == (page.pk, page.title, page.slug)
        assert [row[0] for row in rows["slugs"]] == list(
            Page.objects.filter(pk__gte=page.pk).order_by("pk").values_list("slug", flat=True)
        )
    assert built == [1]
    with translation.override("en"):
        compiled("test:pages", build, "default")
    assert built == [1, 1]  # per language: a translated column may order or filter


def test_the_statements_of_one_run_share_a_round_trip_on_postgresql(monkeypatch):
    monkeypatch.setattr(compiled_module, "_compiled", {})
    statements = compiled("test:pages", lambda: _pages(STAND_IN), "default")
    with CaptureQueriesContext(connection) as queries:
        run("default", statements, values={STAND_IN: 0})
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)
    with CaptureQueriesContext(connection) as queries:
        assert run("default", statements, ["slugs"], {STAND_IN: 0}).keys() == {"slugs"}
    assert len(queries) == 1


def test_instances_carry_their_annotations_and_values_rows_their_names(monkeypatch):
    from django.db.models import F, Value
    from django.db.models.functions import Upper

    page = Page.objects.create(title="Erste", slug="erste", body="-")
    monkeypatch.setattr(compiled_module, "_compiled", {})

    def build():
        return {
            "annotated": Page.objects.filter(pk=STAND_IN).only("slug").annotate(shout=Upper("slug"), one=Value(1)),
            "values": Page.objects.filter(pk=STAND_IN).values("slug", name=F("title")),
        }

    statements = compiled("test:annotated", build, "default")
    rows = run("default", statements, values={STAND_IN: page.pk})
    [instance] = statements["annotated"].instances("default", rows["annotated"])
    assert (instance.pk, instance.slug, instance.shout, instance.one) == (page.pk, "erste", "ERSTE", 1)
    assert statements["values"].dicts(rows["values"]) == list(
        Page.objects.filter(pk=page.pk).values("slug", name=F("title"))
    )
