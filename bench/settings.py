"""Settings for the benchmark server: the production settings plus a bench-only URLconf.

Only bench/run.py uses this module (``DJANGO_SETTINGS_MODULE=bench.settings``); normal runs
use kiezportal.settings, where the baseline view does not exist.
"""

import os
from pathlib import Path

from kiezportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
