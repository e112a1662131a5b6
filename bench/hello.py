"""gunicorn's own WSGI hello: the physical limit of the server on this machine (no Django).

``gunicorn bench.hello:app``; the body is as large as the baseline's (BENCH_BASELINE_BYTES)."""

import os

FILLER = "<p>Nachbarschaft, Ideen, Projekte und Beschluesse aus dem Kiez, gemeinsam gestaltet.</p>\n"

SIZE = int(os.environ.get("BENCH_BASELINE_BYTES", "20000"))
BODY = (FILLER.encode() * (SIZE // len(FILLER) + 1))[:SIZE]
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
