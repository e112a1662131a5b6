"""Plug-ins: a shared app collects what the domain apps contribute without importing them.

Each project app may have a module of a given name (``home`` for the home page boxes,
``myarea`` for the personal page, ...); ``app_modules(name)`` finds them in INSTALLED_APPS
order, once per process.
"""

import functools
from importlib import import_module, util

from django.apps import apps


@functools.cache
def app_modules(name: str) -> tuple:
    """The ``apps.<app>.<name>`` modules that exist, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{name}"
        if config.name.startswith("apps.") and util.find_spec(module_name):
            modules.append(import_module(module_name))
    return tuple(modules)


def collect(name: str, function: str, *args, **kwargs) -> list:
    """Call ``function`` of every ``name`` module and keep the answers that are not empty."""
    results = []
    for module in app_modules(name):
        result = getattr(module, function)(*args, **kwargs)
        if result:
            results.append(result)
    return results
