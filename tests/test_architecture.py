"""The walls between the apps (README "Layout"): which app's code may import which other app.

Every module under apps/ is parsed with ``ast`` (nothing is imported or run). What counts as an
import of another app:

- ``import apps.x…`` and ``from apps.x… import …`` at any level: module top, inside functions
  and classes, under ``if TYPE_CHECKING``; relative imports are resolved against the module;
- a literal string handed to ``import_module("apps.x…")``, ``apps.get_model("x", "Model")``,
  ``apps.get_model("x.Model")`` or ``apps.get_app_config("x")``: they reach into the other app's
  code as surely as an import statement does.

What does not count: a lazy model string in a relation field (``ForeignKey("network.Actor")``).
It is a data relation, not an import: no module is loaded and no import cycle can arise, so the
schema may point the way the domain needs; code that needs the related model reads it through
the field (``Model._meta.get_field("actor").related_model``). URL names in ``reverse()`` and
templates are not imports either. Migrations (historical models by name) and tests (which put
apps together on purpose) are not checked.
"""

import ast
from pathlib import Path

import pytest

APPS_DIR = Path(__file__).resolve().parent.parent / "apps"

# The apps that use the action plan's vocabulary (fields of action, measures, concepts).
ACTIONPLAN_USERS = {"funding", "actionfund", "ideas", "council", "network", "opendata"}
SHARED_APPS = {"core", "pagecache", "accounts"}
# Everything above the shared layer (core and pagecache, then accounts): every other app folder, so a new app
# is a domain app without being listed here.
DOMAIN_APPS = {path.parent.name for path in APPS_DIR.glob("*/apps.py")} - SHARED_APPS

# app -> the apps its code must not import, with the reason shown on failure.
FORBIDDEN = {
    "actionplan": (ACTIONPLAN_USERS, "the action plan is the vocabulary the other apps point at (use a plug-in)"),
    "core": (DOMAIN_APPS | {"accounts"}, "core is shared by every app and knows no domain"),
    "pagecache": (DOMAIN_APPS | {"accounts"}, "the page cache watches SQL and knows no app"),
    "accounts": (DOMAIN_APPS, "accounts sits below every domain app"),
    "funding": ({"actionfund", "council"}, "the funds are independent; the council decides on funding, not back"),
    "actionfund": ({"funding"}, "the two funds are independent"),
    "network": ({"council", "funding"}, "the directory is read by the council and funding, not the other way"),
}

GET_MODEL_NAMES = {"get_model", "get_app_config"}


def _app_of(module: str) -> str | None:
    """``apps.funding.models`` -> ``funding``; None outside the apps package."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else None


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    """The dotted module name of ``path`` below ``root`` (the folder holding ``apps``) and whether
    it is a package's ``__init__``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _string(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def imported_apps(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, app label) of every other project app the source imports, as described above."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, module, is_package)
            targets = [base] if base != "apps" else [f"apps.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = _string(node.args[0])
            if first is None:
                continue
            if name == "import_module":
                targets = [first]
            elif name in GET_MODEL_NAMES:
                targets = [f"apps.{first.split('.')[0]}"]
        for target in targets:
            app = _app_of(target)
            if app and app != _app_of(module):
                found.append((node.lineno, app))
    return found


def forbidden_imports(root: Path) -> list[str]:
    """Every forbidden import in the modules under ``root / "apps"``, as readable lines."""
    problems = []
    for path in sorted((root / "apps").rglob("*.py")):
        relative = path.relative_to(root / "apps").parts
        if "migrations" in relative or "tests" in relative:
            continue
        module, is_package = _module_name(path, root)
        rule = FORBIDDEN.get(_app_of(module))
        if rule is None:
            continue
        forbidden, reason = rule
        for line, app in imported_apps(path.read_text(encoding="utf-8"), module, is_package):
            if app in forbidden:
                problems.append(f"{path.relative_to(root)}:{line} imports apps.{app}: {reason}")
    return problems


def test_the_walls_hold():
    assert forbidden_imports(APPS_DIR.parent) == []


def app_graph(root: Path) -> dict[str, set[str]]:
    """Which project app (or top-level module of apps/) imports which, by the rules above."""
    graph: dict[str, set[str]] = {}
    for path in sorted((root / "apps").rglob("*.py")):
        relative = path.relative_to(root / "apps").parts
        if "migrations" in relative or "tests" in relative:
            continue
        module, is_package = _module_name(path, root)
        for _line, app in imported_apps(path.read_text(encoding="utf-8"), module, is_package):
            graph.setdefault(_app_of(module), set()).add(app)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in ``graph`` (``["a", "b", "a"]``), or ``[]``."""
    done, path = set(), []

    def visit(app) -> list[str]:
        if app in path:
            return path[path.index(app) :] + [app]
        if app in done:
            return []
        path.append(app)
        for other in sorted(graph.get(app, ())):
            if cycle := visit(other):
                return cycle
        path.pop()
        done.add(app)
        return []

    for app in sorted(graph):
        if cycle := visit(app):
            return cycle
    return []


def test_no_import_cycle_between_apps():
    """Beyond the named walls: no two apps import each other, directly or round a circle."""
    assert find_cycle(app_graph(APPS_DIR.parent)) == []


def test_the_rules_name_existing_apps():
    assert ACTIONPLAN_USERS | {"pages", "actionplan"} <= DOMAIN_APPS
    named = set(FORBIDDEN) | {app for forbidden, _reason in FORBIDDEN.values() for app in forbidden}
    assert named <= DOMAIN_APPS | SHARED_APPS


# --- the checker itself, on synthetic modules ------------------------------------------------


def _tree(tmp_path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "apps" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "source", "app"),
    [
        ("actionplan/progress.py", "from apps.funding.models import Application\n", "funding"),
        ("actionplan/views.py", "import apps.ideas.models\n", "ideas"),
        ("actionplan/progress.py", "def f():\n    from apps.actionfund import models\n", "actionfund"),
        ("actionplan/progress.py", "from apps import council\n", "council"),
        ("core/mail.py", "from django.apps import apps\nSite = apps.get_model('pages', 'SiteSettings')\n", "pages"),
        ("core/mail.py", "from django.apps import apps\nSite = apps.get_model('pages.SiteSettings')\n", "pages"),
        ("core/plugins.py", "import importlib\nimportlib.import_module('apps.accounts.roles')\n", "accounts"),
        (
            "accounts/views.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from apps.pages.models import X\n",
            "pages",
        ),
        (
            "funding/views.py",
            "class V:\n    def get(self):\n        from apps.actionfund.models import Round\n",
            "actionfund",
        ),
        ("actionfund/services.py", "from apps.funding.models import Call\n", "funding"),
        ("network/views.py", "from apps.council.models import Member\n", "council"),
        ("network/sub/deep.py", "from ...funding import models\n", "funding"),
    ],
)
def test_a_forbidden_import_fails(tmp_path, name, source, app):
    problems = forbidden_imports(_tree(tmp_path, {name: source}))
    assert len(problems) == 1 and f"imports apps.{app}" in problems[0] and problems[0].startswith(f"apps/{name}:")


def test_allowed_relations_pass(tmp_path):
    root = _tree(
        tmp_path,
        {
            # a lazy model string is a data relation, not an import
            "actionplan/models.py": "from django.db import models\n"
            "class AnchorPlace(models.Model):\n    actor = models.ForeignKey('network.Actor', on_delete=models.SET_NULL)\n",
            "actionplan/progress.py": "from apps.core import plugins\nfrom .models import AnchorPlace\n",
            "council/views.py": "from apps.funding.models import Application\nfrom apps.actionplan.models import Measure\n",
            "funding/forms.py": "from apps.actionplan.models import FieldOfAction\nfrom apps.accounts.roles import Role\n",
            "accounts/views.py": "from django.shortcuts import redirect\ndef v(r):\n    return redirect('pages:home')\n",
            "actionplan/tests/test_x.py": "from apps.funding.tests.factories import ApplicationFactory\n",
            "funding/migrations/0002_x.py": "def f(apps, schema_editor):\n    apps.get_model('actionfund', 'Round')\n",
        },
    )
    assert forbidden_imports(root) == []


def test_an_import_cycle_is_found(tmp_path):
    root = _tree(
        tmp_path,
        {
            "ideas/views.py": "from apps.council.models import Meeting\n",
            "council/views.py": "def f():\n    from apps.opendata import charts\n",
            "opendata/views.py": "from apps.ideas.models import Idea\n",
        },
    )
    assert find_cycle(app_graph(root)) == ["council", "opendata", "ideas", "council"]
