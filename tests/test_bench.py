"""Keeps the benchmark honest: every app's bench generator works and every bench page answers.

No timing here: ``make bench`` measures speed. This runs ``bench_data`` at scale 0 (a handful of
rows per app) and requests every page that any app's ``bench.pages()`` lists, as its role.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from apps.accounts.bench import bench_user
from apps.pages.bench_registry import bench_modules, bench_pages, scaled
from bench.run import SCALES, evaluate
from bench.views import baseline_body

pytestmark = pytest.mark.django_db


def test_every_project_app_with_a_bench_module_is_found_in_installed_apps_order(settings):
    labels = [label for label, _module in bench_modules()]
    assert labels[0] == "accounts"  # bench users first: the other generators need them
    assert "pages" in labels
    project_order = [name.removeprefix("apps.") for name in settings.INSTALLED_APPS if name.startswith("apps.")]
    assert labels == [label for label in project_order if label in labels]


def test_bench_data_generates_every_app_and_every_bench_page_answers_200_for_its_role(client, tmp_path):
    summary = tmp_path / "summary.json"
    call_command("bench_data", scale=0, seed=1, summary=str(summary), stdout=StringIO())

    report = json.loads(summary.read_text())
    assert [app["app"] for app in report["apps"]] == [label for label, _module in bench_modules()]
    pages = bench_pages()
    assert {page.app for page in pages} >= {"pages"}
    assert len({page.name for page in pages}) == len(pages), "bench page labels must be unique"
    failures = []
    for page in pages:
        client.logout()
        if page.role:
            client.force_login(bench_user(page.role))
        response = client.get(page.path)
        if response.status_code != 200:
            failures.append(f"{page.name} ({page.role or 'anonymous'}) {page.path}: {response.status_code}")
    assert not failures


def test_bench_data_refuses_a_database_that_has_bench_data_already():
    call_command("bench_data", scale=0, seed=1, stdout=StringIO())
    with pytest.raises(CommandError, match="fresh database"):
        call_command("bench_data", scale=0, seed=1, stdout=StringIO())


def test_scaled_counts_multiply_by_scale_and_scale_0_is_a_handful():
    assert scaled(5000, 1) == 5000
    assert scaled(5000, 10) == 50000
    assert scaled(5000, 0) == 10
    assert scaled(300, 0, minimum=3) == 3


def test_baseline_view_exists_only_in_the_bench_urlconf(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_baseline")
    with override_settings(ROOT_URLCONF="bench.urls"):
        response = client.get(reverse("bench_baseline"))
    assert response.status_code == 200
    assert len(response.content) == len(baseline_body(20000)) == 20000


def _fake_results(*, cold=(10.0, 12.0), queries=(5, 5), mixed_p99=80.0, mixed_rps=(1000, 800), cpu_ratio=0.9,
                  html=8000, rss=80 * 2**20, total=400):  # fmt: skip
    page = {
        "name": "pages: Home",
        "measure": {
            str(s): {"status": 200, "queries": queries[i], "html_bytes": html, "cold_cpu_ms": cold[i], "cached": True}
            for i, s in enumerate(SCALES)
        },
        "cold_http": {str(s): {"p50": 12.0, "statuses": [200]} for s in SCALES},
        "warm": {"errors": 0, "cpu_ratio": cpu_ratio},
    }
    run = {"errors_total": 0}
    return {
        "pages": [page],
        "mixed": {
            "read_only": [run],
            "with_writes": [run],
            "writer_failures": 0,
            "summary": {
                "read_only": {"p99": 50.0, "rps": mixed_rps[0]},
                "with_writes": {"p99": mixed_p99, "rps": mixed_rps[1]},
            },
        },
        "first_visit": {"total": 70_000},
        "peak_rss": {str(s): rss for s in SCALES},
        "total_seconds": total,
    }


def test_budgets_pass_for_results_within_every_budget():
    assert all(line["pass"] for line in evaluate(_fake_results()))


@pytest.mark.parametrize(
    ("results", "budget"),
    [
        ({"cold": (20.0, 25.5)}, "cold render p50 ≤ 25 ms"),
        ({"cold": (10.0, 15.1)}, "× scale 1"),
        ({"queries": (5, 6)}, "queries cold ≤ 15"),
        ({"queries": (16, 16)}, "queries cold ≤ 15"),
        ({"mixed_p99": 151.0}, "p99 ≤ 150 ms"),
        ({"mixed_rps": (1000, 599)}, "0.6× read-only"),
        ({"cpu_ratio": 0.79}, "cached pages ≥ 80 %"),
        ({"html": 101 * 1024}, "HTML over 100 KB"),
        ({"rss": 251 * 2**20}, "peak RSS ≤ 250 MB"),
        ({"total": 600}, "10 minutes"),
    ],
)
def test_budgets_fail_for_results_outside_a_budget(results, budget):
    failed = [line["budget"] for line in evaluate(_fake_results(**results)) if not line["pass"]]
    assert len(failed) == 1 and budget in failed[0]


def test_growth_is_judged_on_the_median_of_the_per_run_ratios():
    """Both scales of a page are measured side by side; a burst of load on one scale's medians
    does not count when the per-run ratios are within the budget."""
    results = _fake_results(cold=(10.0, 16.0))
    results["pages"][0]["growth"] = 1.2
    assert all(line["pass"] for line in evaluate(results))
    results["pages"][0]["growth"] = 1.6
    assert [line["budget"] for line in evaluate(results) if not line["pass"]][0].startswith("cold render at scale 10")


def test_the_bare_baseline_server_runs_without_the_page_cache(monkeypatch):
    import importlib

    import bench.settings

    monkeypatch.setenv("BENCH_BARE", "1")
    bare = importlib.reload(bench.settings)
    assert not any(name.endswith("PageCacheMiddleware") for name in bare.MIDDLEWARE)
    monkeypatch.delenv("BENCH_BARE")
    assert any(name.endswith("PageCacheMiddleware") for name in importlib.reload(bench.settings).MIDDLEWARE)
