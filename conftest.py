"""Shared fixtures: users per role, test-only settings (plain static storage, temporary uploads)."""

import pytest
from django.utils import translation

from apps.accounts.roles import Role, grant_qm_team_permissions
from apps.accounts.tests.factories import UserFactory

ROLE_GROUPS = {
    "resident": None,
    "provider": Role.PROVIDER,
    "council": Role.COUNCIL,
    "juror": Role.JUROR,
    "staff": Role.QM_TEAM,
}


@pytest.fixture(autouse=True)
def _german_by_default():
    """Every test starts in German: a request in another language leaves that language active in
    the thread, and translated model fields (django-modeltranslation) write the active language."""
    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads and the cache go to a temporary folder; static files need no collectstatic manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Queued mails are delivered at once, so tests read them from mail.outbox; the queue with its
    # database backend, the worker and a real SMTP server are tested in apps/core/tests/test_worker.py.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A cache of its own per test (pages, sessions), as in production a file cache, page cache on.
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHE_DIR = tmp_path / "cache"
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": tmp_path / "cache" / "entries"},
        "ratelimit": {**settings.CACHES["ratelimit"], "LOCATION": tmp_path / "cache" / "ratelimit"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def make_user(db):
    """``make_user("juror")`` creates a user in the role's group (``"staff"`` is the QM team)."""

    def make(role: str = "resident", **kwargs):
        if role == "staff":
            kwargs.setdefault("is_staff", True)
        user = UserFactory(**kwargs)
        group = ROLE_GROUPS[role]
        if group:
            user.groups.add(UserFactory.group(group))
        if role == "staff":
            grant_qm_team_permissions()
        return user

    return make


@pytest.fixture
def resident(make_user):
    return make_user("resident")


@pytest.fixture
def provider(make_user):
    return make_user("provider")


@pytest.fixture
def council_member(make_user):
    return make_user("council")


@pytest.fixture
def juror(make_user):
    return make_user("juror")


@pytest.fixture
def qm_staff(make_user):
    return make_user("staff")


def pytest_collection_modifyitems(items):
    """Transactional tests (concurrency tests, browser tests) end with a flush that also wipes
    the rows data migrations created (role groups, fields of action, languages). Giving every
    such test ``serialized_rollback`` restores those rows before it runs, whatever the order.
    (Browser tests restore them themselves as well: see tests/reference_data.py.)"""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False
            )
