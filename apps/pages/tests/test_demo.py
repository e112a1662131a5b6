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


def test_the_demo_keeps_its_ordering_rules_and_check_demo_finds_a_broken_one():
    from datetime import datetime
    from io import StringIO
    from zoneinfo import ZoneInfo

    from django.core.management.base import CommandError

    from apps.actionfund.models import Round
    from apps.funding.models import Call

    call_command("load_demo", stdout=StringIO())
    call_command("check_demo", stdout=StringIO(), stderr=StringIO())  # raises on any broken rule

    round = Round.objects.order_by("-date").first()
    Round.objects.filter(pk=round.pk).update(  # the bug of issue #19: a meeting in January of the next year
        date=datetime(round.fund_year.year + 1, 1, 8, 18, tzinfo=ZoneInfo("Europe/Berlin")),
        submission_deadline=datetime(round.fund_year.year, 12, 10, 12, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    Call.objects.filter(slug="projektaufruf-2027").update(
        deadline=datetime(2026, 12, 25, 23, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("check_demo", stdout=StringIO(), stderr=errors)
    assert "outside its fund year" in errors.getvalue()
    assert "deadline 2026-12-25 is not a working day" in errors.getvalue()


def test_berlin_working_days():
    from datetime import date

    from apps.core.workdays import is_working_day, next_working_day

    assert not is_working_day(date(2026, 12, 25)) and not is_working_day(date(2026, 12, 27))
    assert not is_working_day(date(2027, 3, 8))  # Frauentag, a holiday in Berlin
    assert not is_working_day(date(2027, 3, 26)) and not is_working_day(date(2027, 3, 29))  # Good Friday, Easter Monday
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 24)
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
