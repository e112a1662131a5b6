"""Bench-only views: the bare-Django baseline and a write to every table (bench.urls only)."""

import os

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.pagecache.cache import bump

FILLER = "<p>Nachbarschaft, Ideen, Projekte und Beschluesse aus dem Kiez, gemeinsam gestaltet.</p>\n"


def baseline_body(size: int) -> bytes:
    head = b'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>Baseline</title></head><body>\n'
    tail = b"</body></html>\n"
    filler = FILLER.encode()
    middle = (filler * (size // len(filler) + 1))[: max(0, size - len(head) - len(tail))]
    return head + middle + tail


BODY = baseline_body(int(os.environ.get("BENCH_BASELINE_BYTES", "20000")))


@login_not_required
def baseline(request):
    """The same constant HTML for everyone, through the full middleware stack. Public (bench only).

    The bench serves it from a server without the page cache (BENCH_BARE=1, bench.settings): a
    plain view, what any page would cost without template or query."""
    return HttpResponse(BODY)


def retire_all() -> None:
    """What a write to every table does: every cached page and kept value is outdated."""
    bump(connection.introspection.table_names())


@csrf_exempt
@require_POST
@login_not_required
def retire(request):
    """POST: retire_all(), so that the next request of each page is its first after a write."""
    retire_all()
    return HttpResponse(status=204)
