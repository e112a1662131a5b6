"""Finds the benchmark module of every project app (``apps/<app>/bench.py``).

Each module has ``generate(*, scale, rng, stdout)`` and ``pages() -> [(label, path, role)]``
(see "Performance" in README.md). Modules are found in INSTALLED_APPS order,
like the demo modules of ``load_demo``, so the benchmark covers a new app without any change.
"""

import math
from dataclasses import dataclass
from importlib import import_module, util
from types import ModuleType

from django.apps import apps

ROLES = ("resident", "provider", "council", "juror", "staff")


@dataclass(frozen=True)
class BenchPage:
    app: str
    label: str
    path: str
    role: str | None

    @property
    def name(self) -> str:
        return f"{self.app}: {self.label}"


def bench_modules() -> list[tuple[str, ModuleType]]:
    """``(app label, module)`` for every project app with a ``bench`` module, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"{config.name}.bench"
        if util.find_spec(module_name) is None:
            continue
        modules.append((config.label, import_module(module_name)))
    return modules


def bench_pages() -> list[BenchPage]:
    """Every page the apps want benchmarked; call after the bench data exists."""
    pages = []
    for label, module in bench_modules():
        for page_label, path, role in module.pages():
            if role is not None and role not in ROLES:
                raise ValueError(f"{label}.bench.pages(): unknown role {role!r} for {page_label!r}")
            pages.append(BenchPage(app=label, label=page_label, path=path, role=role))
    return pages


def scaled(count: int, scale: int, *, minimum: int = 1) -> int:
    """How many rows of something that has ``count`` rows at scale 1.

    Scale 0 is the smoke size the test suite uses: a handful of rows (count / 500, at least
    ``minimum``), enough that every page listed by ``pages()`` exists.
    """
    if scale > 0:
        return count * scale
    return max(minimum, math.ceil(count / 500))
