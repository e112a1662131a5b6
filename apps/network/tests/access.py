from django.core import signing

from tests.access import NOT_FOUND, PUBLIC, Case

from .factories import ActorFactory, NetworkFactory, SuggestionFactory


def _token():
    return {"token": signing.dumps(SuggestionFactory().pk, salt="network.suggestion.confirm")}


CASES = [
    Case("network:list", PUBLIC),
    Case("network:list", PUBLIC, query="q=kita&kind=school&field=bildung&language=tr&step_free=yes", label="filtered"),
    Case("network:actor_detail", PUBLIC, kwargs=lambda: {"slug": ActorFactory().slug}),
    Case(
        "network:actor_detail",
        dict.fromkeys(PUBLIC, NOT_FOUND),
        kwargs=lambda: {"slug": ActorFactory(is_published=False).slug},
        label="unpublished actor",
    ),
    Case("network:actor_vcard", PUBLIC, kwargs=lambda: {"slug": ActorFactory().slug}),
    Case("network:suggest_correction", PUBLIC, kwargs=lambda: {"slug": ActorFactory().slug}),
    Case("network:network_list", PUBLIC),
    Case("network:network_detail", PUBLIC, kwargs=lambda: {"slug": NetworkFactory().slug}),
    Case("network:suggest_entry", PUBLIC),
    Case("network:suggestion_confirm", PUBLIC, kwargs=_token),
    Case(
        "network:suggestion_confirm",
        dict.fromkeys(PUBLIC, NOT_FOUND),
        kwargs=lambda: {"token": "kaputt"},
        label="bad token",
    ),  # fmt: skip
]
