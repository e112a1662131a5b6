from apps.core.signing import make_token
from tests.access import NOT_FOUND, PUBLIC, Case

from .factories import SubscriptionFactory


def _token(purpose, **kwargs):
    def build():
        subscription = SubscriptionFactory(**kwargs)
        return {"token": make_token(purpose, {"s": subscription.pk, "e": subscription.email})}

    return build


CASES = [
    Case("newsletter:subscribe", PUBLIC),
    Case("newsletter:confirm", PUBLIC, kwargs=_token("newsletter.confirm", confirmed_at=None)),
    Case("newsletter:confirm", dict.fromkeys(PUBLIC, NOT_FOUND), kwargs=lambda: {"token": "kaputt"}, label="bad token"),
    Case("newsletter:unsubscribe", PUBLIC, kwargs=_token("newsletter.unsubscribe")),
    # An old or broken link says the address gets nothing any more (it reveals nothing).
    Case("newsletter:unsubscribe", PUBLIC, kwargs=lambda: {"token": "kaputt"}, label="unsubscribe bad token"),
]
