#!/usr/bin/env python3
"""Peak memory of a worker that handles hostile and huge pictures through the real form.

Each case runs in a fresh child process: Django is set up as for a request (production
settings, DEBUG off), the picture is posted as a multipart body through Django's own
request parsing and upload handlers into the public idea form (``IdeaForm``), and the child
reports its peak resident memory (VmHWM) before and after. Budget: under 250 MB peak for the
decompression bomb (issue #14). Run: ``.venv/bin/python bench/upload_bomb.py`` (``--json``
for machine-readable output); ``upload_bomb_peaks()`` is what a benchmark can call.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MB = 250

CHILD = r"""
import io, os, sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import FakePayload, encode_multipart, BOUNDARY, MULTIPART_CONTENT

def hwm_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from apps.ideas.forms import IdeaForm
before = hwm_mb()
with open(sys.argv[1], "rb") as handle:
    upload = io.BytesIO(handle.read())
upload.name = "bild.png"
data = {"kind": "idea", "title": "Test", "description": "Test", "email": "a@example.org",
        "privacy_consent": "on", "photo_alt": "Bild", "photo": upload}
body = encode_multipart(BOUNDARY, data)
del upload
environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/ideen/neu/", "SERVER_NAME": "localhost",
           "SERVER_PORT": "80", "wsgi.url_scheme": "http", "CONTENT_TYPE": MULTIPART_CONTENT,
           "CONTENT_LENGTH": str(len(body)), "wsgi.input": FakePayload(body)}
request = WSGIRequest(environ)
form = IdeaForm(request.POST, request.FILES)
valid = form.is_valid()
print(f"{before:.0f} {hwm_mb():.0f} {int(valid)} {' '.join(form.errors.get('photo', [])) or '-'}")
"""


def _png_bomb() -> bytes:
    sys.path.insert(0, str(ROOT))
    from apps.core.tests.corpus import png_bomb

    return png_bomb()


def _picture(fmt: str, size: tuple[int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "#4a8").save(buffer, fmt)
    return buffer.getvalue()


CASES = {
    "decompression bomb: PNG 20000 x 20000, 1 bit": _png_bomb,
    "PNG 9000 x 9000 (the issue's 325 KB example, 81 MP)": lambda: _picture("PNG", (9000, 9000)),
    "largest allowed PNG: 6300 x 6300 RGB (39.7 MP)": lambda: _picture("PNG", (6300, 6300)),
    "largest allowed JPEG: 6300 x 6300 (39.7 MP)": lambda: _picture("JPEG", (6300, 6300)),
}


def upload_bomb_peaks() -> list[dict]:
    """One dict per case: name, upload KB, peak RSS (MB) after start-up and after the form."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kiezportal.settings", "DEBUG": "0",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-upload-bomb"), "ALLOWED_HOSTS": "localhost"}  # fmt: skip
    rows = []
    for name, make in CASES.items():
        content = make()
        with tempfile.NamedTemporaryFile(suffix=".img") as handle:
            handle.write(content)
            handle.flush()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, handle.name], cwd=ROOT, env=env, capture_output=True, text=True
            )
        if out.returncode:
            raise RuntimeError(out.stderr)
        before, peak, valid, errors = out.stdout.strip().split(" ", 3)
        rows.append({"case": name, "kb": round(len(content) / 1024), "start_mb": int(before),
                     "peak_mb": int(peak), "accepted": valid == "1", "error": errors})  # fmt: skip
    return rows


def main() -> int:
    rows = upload_bomb_peaks()
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2))
    else:
        print("| Upload | KB | RSS after start-up MB | peak RSS MB | result |\n|---|--:|--:|--:|---|")
        for row in rows:
            result = "accepted, re-encoded" if row["accepted"] else f"refused: {row['error']}"
            print(f"| {row['case']} | {row['kb']} | {row['start_mb']} | {row['peak_mb']} | {result} |")
    bomb = rows[0]["peak_mb"]
    print(f"\nDecompression bomb: peak {bomb} MB (budget {BUDGET_MB} MB): {'ok' if bomb < BUDGET_MB else 'FAIL'}")
    return 0 if bomb < BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
