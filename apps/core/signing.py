"""Signed links: a value (usually a primary key) signed into a URL-safe token for one purpose,
valid for that purpose's number of days.

Every purpose is declared once in ``settings.SIGNED_LINK_MAX_AGE`` (``{purpose: days}``;
``None`` for a link that never expires); a purpose that is not declared is refused, so no link
without a stated lifetime can exist. The purpose is the signature's salt: a token made for one
purpose is worthless for another.

    token = make_token("ideas.confirm", {"idea": idea.pk, "email": idea.email})
    data = read_token("ideas.confirm", token)   # raises SignatureExpired / BadSignature

``expired_before(purpose)`` is the moment before which a link of that purpose has run out (for
deleting what was never confirmed).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

BadSignature = signing.BadSignature
SignatureExpired = signing.SignatureExpired


def max_age_days(purpose: str) -> int | None:
    """The days a link of ``purpose`` is valid (``None``: it does not expire)."""
    try:
        return settings.SIGNED_LINK_MAX_AGE[purpose]
    except KeyError:
        raise ImproperlyConfigured(f"Signed link purpose {purpose!r} is not in SIGNED_LINK_MAX_AGE.") from None


def make_token(purpose: str, value) -> str:
    """A signed, timestamped token carrying ``value`` (anything JSON can hold) for ``purpose``."""
    max_age_days(purpose)
    return signing.dumps(value, salt=purpose, compress=True)


def read_token(purpose: str, token: str):
    """The value of a token made for ``purpose``; raises ``SignatureExpired`` once its days are
    over and ``BadSignature`` for a tampered token or one made for another purpose."""
    days = max_age_days(purpose)
    return signing.loads(token, salt=purpose, max_age=None if days is None else timedelta(days=days))


def read_token_or_none(purpose: str, token: str):
    """``read_token`` for callers that treat a bad or expired link like a missing one."""
    try:
        return read_token(purpose, token)
    except BadSignature:
        return None


def expired_before(purpose: str, now: datetime | None = None) -> datetime:
    """Things created before this moment can no longer be confirmed by a link of ``purpose``."""
    days = max_age_days(purpose)
    if days is None:
        raise ImproperlyConfigured(f"Signed link purpose {purpose!r} does not expire.")
    return (now or timezone.now()) - timedelta(days=days)
