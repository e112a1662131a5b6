"""Rows that data migrations create (role groups, fields of action, languages, site settings), the default
Site and the permissions, restored for browser tests.

Browser tests run in a transaction-less test case whose flush empties every table, and with
Playwright's event loop in the test thread Django's serialized rollback does not reach their
database connection, so they restore this reference data themselves (idempotent)."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes

from apps.accounts.roles import grant_qm_team_permissions
from apps.core.sites import sync_site

DATA_MIGRATIONS = [
    ("apps.accounts.migrations.0002_create_role_groups", "create_groups"),
    ("apps.actionplan.migrations.0002_load_fields_of_action", "load_fields"),
    ("apps.network.migrations.0002_load_languages", "load_languages"),
    ("apps.pages.migrations.0003_create_site_settings", "create_site_settings"),
]


def restore_reference_data() -> None:
    for module_name, function_name in DATA_MIGRATIONS:
        getattr(import_module(module_name), function_name)(apps, None)
    sync_site()  # the Site row from SITE_URL, as after migrate
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
    grant_qm_team_permissions()
