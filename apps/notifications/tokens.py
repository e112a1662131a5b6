"""The signed settings link of every notification: it names an e-mail address and the kinds the
mail was about, and changes those settings without a login (apps/core/signing.py, purpose
``notifications.settings``, valid ``NOTIFICATIONS_LINK_DAYS`` days). The same token is the one-click unsubscribe
address of the ``List-Unsubscribe`` header (RFC 2369/8058)."""

from django.core import signing
from django.template.loader import render_to_string
from django.utils import translation

from apps.core import signing as signed_links
from apps.core.links import reverse_absolute

from .models import Kind

PURPOSE = "notifications.settings"


def make_token(email: str, kinds) -> str:
    return signed_links.make_token(PURPOSE, {"e": email.lower(), "k": sorted({str(kind) for kind in kinds})})


def read_token(token: str) -> tuple[str, list[str]]:
    """``(email, kinds)``; raises ``signing.SignatureExpired`` for old links and
    ``signing.BadSignature`` for tampered ones."""
    data = signed_links.read_token(PURPOSE, token)
    kinds = [kind for kind in data.get("k", []) if kind in Kind.values]
    if not isinstance(data.get("e"), str) or not kinds:
        raise signing.BadSignature("incomplete token")
    return data["e"], kinds


def settings_url(email: str, kinds) -> str:
    return reverse_absolute("notifications:link", token=make_token(email, kinds))


def unsubscribe_url(email: str, kinds) -> str:
    return reverse_absolute("notifications:one_click", token=make_token(email, kinds))


def headers(email: str, kinds) -> dict:
    """RFC 2369 and RFC 8058 headers: mail clients offer "unsubscribe" and POST to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(email, kinds)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def footer(email: str, kinds, language: str) -> str:
    """The lines under every notification: why it came and where to change that."""
    with translation.override(language):
        return render_to_string(
            "notifications/email/footer.txt",
            {"kinds": [Kind(kind).label for kind in sorted(kinds)], "link": settings_url(email, kinds)},
        ).strip()
