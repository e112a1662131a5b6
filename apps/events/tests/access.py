from django.core import signing
from django.utils import timezone

from tests.access import NOT_FOUND, PUBLIC, Case

from .factories import EventFactory, EventSuggestionFactory


def _token():
    return {"token": signing.dumps(EventSuggestionFactory().pk, salt="events.suggestion.confirm")}


CASES = [
    Case("events:list", PUBLIC),
    Case(
        "events:list", PUBLIC, query="kind=culture&language=tr&step_free=yes&free=on&von=2026-12-01", label="filtered"
    ),
    Case("events:list", PUBLIC, query="von=kaputt&kind=nonsense&page=99", label="bad filters"),
    Case("events:month_current", PUBLIC),
    Case("events:month", PUBLIC, kwargs=lambda: {"year": timezone.localdate().year, "month": 2}),
    Case(
        "events:month", dict.fromkeys(PUBLIC, NOT_FOUND), kwargs=lambda: {"year": 2026, "month": 13}, label="no month"
    ),
    Case("events:feed", PUBLIC),
    Case("events:feed", PUBLIC, query="kind=council&free=on", label="filtered feed"),
    Case("events:detail", PUBLIC, kwargs=lambda: {"pk": EventFactory().pk}),
    Case(
        "events:detail",
        dict.fromkeys(PUBLIC, NOT_FOUND),
        kwargs=lambda: {"pk": EventFactory(is_published=False).pk},
        label="hidden event",
    ),
    Case("events:event_ics", PUBLIC, kwargs=lambda: {"pk": EventFactory().pk}),
    Case(
        "events:event_ics",
        dict.fromkeys(PUBLIC, NOT_FOUND),
        kwargs=lambda: {"pk": EventFactory(is_published=False).pk},
        label="hidden event file",
    ),
    Case("events:suggest", PUBLIC),
    Case("events:suggestion_confirm", PUBLIC, kwargs=_token),
    Case(
        "events:suggestion_confirm",
        dict.fromkeys(PUBLIC, NOT_FOUND),
        kwargs=lambda: {"token": "kaputt"},
        label="bad token",
    ),  # fmt: skip
]
