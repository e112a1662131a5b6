import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "auth", "pages", "actionplan", "ideas", "council", "funding", "actionfund", "network", "account", "events", "newsletter"}
    }  # fmt: skip


def test_load_demo_twice_gives_the_same_row_counts(settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert row_counts() == first
    assert first["pages.Page"] >= 10
    assert first["accounts.User"] >= 5


def test_load_demo_prints_passwords_only_in_debug(settings, capsys):
    from io import StringIO

    from apps.accounts.demo import DEMO_PASSWORD_DEBUG

    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PASSWORD_DEBUG not in out.getvalue()
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PASSWORD_DEBUG in out.getvalue()
