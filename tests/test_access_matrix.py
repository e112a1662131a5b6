"""Every URL name x every role -> the expected status (200, login redirect, 403, 404).

A URL name that no app lists in its ``tests/access.py`` fails ``test_every_url_is_in_the_matrix``.
"""

from importlib import import_module, util

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import LOGIN, REDIRECT, ROLES

# URL names that are not portal pages of their own: Django's admin and allauth's account
# views (their pages are covered by the admin/login cases below and allauth's own tests),
# static/media serving, and the POST-only language switch.
IGNORED_NAMESPACES = {"admin"}
IGNORED_NAMES = {"media", "set_language"}


def collect_cases():
    cases = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.tests.access"
        if config.name.startswith("apps.") and util.find_spec(module_name):
            cases.extend(import_module(module_name).CASES)
    return cases


CASES = collect_cases()


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def is_allauth(name: str) -> bool:
    return name.startswith("account_") or name in {"socialaccount_signup", "mfa_index", "headless"}


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    missing = sorted(
        name for name in set(url_names()) if name not in covered and name not in IGNORED_NAMES and not is_allauth(name)
    )
    assert not missing, f"URL names without an access-matrix case: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_access(case, role, client, make_user):
    kwargs = case.kwargs() if case.kwargs else {}
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    if role != "anonymous":
        client.force_login(make_user(role))
    response = client.get(url)
    expected = case.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert response.url.startswith(reverse(settings.LOGIN_URL)), response.url
    elif expected == REDIRECT:
        assert response.status_code in (301, 302), f"{url} as {role}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{url} as {role}: {response.status_code}"
