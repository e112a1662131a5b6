"""The bare-Django baseline: a constant HTML body of a typical page's size, no template, no query."""

import os

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse

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
    """The same constant HTML for everyone, through the full middleware stack. Public (bench only)."""
    return HttpResponse(BODY)
