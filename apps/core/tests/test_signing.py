import time

import pytest
from django.conf import settings
from django.core import signing as django_signing
from django.core.exceptions import ImproperlyConfigured

from apps.core import signing


def old_token(purpose, value, days_ago):
    class OldSigner(django_signing.TimestampSigner):
        def timestamp(self):
            return django_signing.b62_encode(int(time.time()) - days_ago * 24 * 3600 - 60)

    return OldSigner(salt=purpose).sign_object(value, compress=True)


def test_every_purpose_keeps_its_days():
    assert settings.SIGNED_LINK_MAX_AGE == {
        "ideas.confirm": settings.IDEAS_CONFIRMATION_DAYS,
        "network.suggestion.confirm": 7,
        "actionfund.application.confirm": 14,
        "actionfund.application.status": None,
        "funding.application.status": None,
        "events.suggestion.confirm": 7,
        "newsletter.confirm": 7,
        "newsletter.unsubscribe": None,
        "notifications.settings": settings.NOTIFICATIONS_LINK_DAYS,
        "core.private_file": 1,
    }


def test_token_round_trip_purpose_and_expiry():
    token = signing.make_token("network.suggestion.confirm", 42)
    assert signing.read_token("network.suggestion.confirm", token) == 42
    with pytest.raises(signing.BadSignature):
        signing.read_token("actionfund.application.confirm", token)  # another purpose
    with pytest.raises(signing.BadSignature):
        signing.read_token("network.suggestion.confirm", token + "x")
    assert signing.read_token("network.suggestion.confirm", old_token("network.suggestion.confirm", 42, 6)) == 42
    with pytest.raises(signing.SignatureExpired):
        signing.read_token("network.suggestion.confirm", old_token("network.suggestion.confirm", 42, 7))
    assert signing.read_token_or_none("network.suggestion.confirm", "nonsense") is None


def test_links_without_expiry_and_undeclared_purposes():
    token = old_token("actionfund.application.status", 7, 3650)
    assert signing.read_token("actionfund.application.status", token) == 7
    with pytest.raises(ImproperlyConfigured):
        signing.make_token("undeclared.purpose", 1)
    with pytest.raises(ImproperlyConfigured):
        signing.expired_before("actionfund.application.status")


def test_links_made_before_the_module_still_work():
    """Tokens in mails sent before apps/core/signing.py (plain signing.dumps with the same salt)."""
    assert (
        signing.read_token(
            "actionfund.application.status", django_signing.dumps(5, salt="actionfund.application.status")
        )
        == 5
    )
