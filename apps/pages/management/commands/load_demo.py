"""Load realistic, fictional German demo content for every app (idempotent).

Each project app may have a ``demo`` module with ``load(*, stdout) -> None``; they run in
INSTALLED_APPS order inside one transaction, so running the command twice changes nothing.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.accounts.demo import DEMO_PASSWORD_DEBUG, demo_logins


class Command(BaseCommand):
    help = "Create demo content and one demo login per role (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("apps."):
                    continue
                module_name = f"{config.name}.demo"
                if util.find_spec(module_name) is None:
                    continue
                import_module(module_name).load(stdout=self.stdout)
                self.stdout.write(f"  demo data: {config.label}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if settings.DEBUG:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD_DEBUG}):")
            for role, email in demo_logins():
                self.stdout.write(f"  {role:<28} {email}")
        else:
            self.stdout.write("DEBUG is off: demo users got random passwords, use 'manage.py changepassword'.")
