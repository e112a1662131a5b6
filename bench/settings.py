"""Settings for the benchmark server: the production settings plus a bench-only URLconf.

Only bench/run.py uses this module (``DJANGO_SETTINGS_MODULE=bench.settings``); normal runs
use kiezportal.settings, where the baseline view does not exist. ``BENCH_BARE=1`` takes the
page cache out of the middleware (the server of the bare-Django baseline).
"""

import os
from pathlib import Path

from kiezportal.settings import *  # noqa: F403
from kiezportal.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
if os.environ.get("BENCH_BARE") == "1":
    MIDDLEWARE = [name for name in MIDDLEWARE if not name.endswith("PageCacheMiddleware")]
