"""Check that the demo data tells one coherent story (issue #19).

Each project app's ``demo`` module may have ``check() -> list[str]`` returning the rules its data
breaks (dates in the wrong order, deadlines on holidays, real place names, ...); this command runs
them all and fails when any rule is broken. The test suite runs it after ``load_demo``.
"""

from importlib import import_module, util

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError


def demo_problems() -> list[str]:
    problems = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if not config.name.startswith("apps.") or util.find_spec(module_name) is None:
            continue
        check = getattr(import_module(module_name), "check", None)
        if check is not None:
            problems.extend(f"{config.label}: {problem}" for problem in check())
    return problems


class Command(BaseCommand):
    help = "Check the demo data's ordering rules (dates, working days, fund years, fictional places)."

    def handle(self, *args, **options):
        problems = demo_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the demo data.")
        self.stdout.write(self.style.SUCCESS("The demo data is coherent."))
