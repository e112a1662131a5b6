"""Money as text, once for the whole portal: amounts are ``Decimal`` euros everywhere; this is the
only place that turns them into words for a page, a mail, a form message or the admin.

The digits follow the active language through Django's number formatting (``FORMAT_MODULE_PATH``:
German, Turkish and Arabic 1.500,00; English 1,500.00); the euro sign stands after the number with
a no-break space (German, Turkish, Arabic: ``1.500,00 €``) or before it in English (``€1,500.00``).
Templates use the ``euro`` filter of the ``kiez`` library, which is :func:`euro`.
"""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

#: Languages that write the euro sign before the amount (everything else: after it).
SIGN_FIRST = frozenset({"en"})


def _decimal(amount) -> Decimal | None:
    if amount is None or amount == "":
        return None
    try:
        return amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        return None


def amount_text(amount, decimal_pos: int = 2) -> str:
    """The number alone in the active language's format: ``1.500,00`` (German), ``1,500.00``
    (English); empty for ``None``/``""``. For messages that put the sign themselves."""
    value = _decimal(amount)
    if value is None:
        return ""
    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def euro(amount, decimal_pos: int = 2) -> str:
    """An amount with the euro sign in the active language: ``1.500,00 €`` in German,
    ``€1,500.00`` in English; ``decimal_pos=0`` for whole euros (chart axes). Empty for
    ``None``/``""``."""
    number = amount_text(amount, decimal_pos)
    if not number:
        return ""
    language = (get_language() or "de").split("-")[0]
    return f"€{number}" if language in SIGN_FIRST else f"{number}\u00a0€"


def percent_text(value) -> str:
    """A percentage without trailing zeros in the active language: 10.00 → ``10``, 12.50 →
    ``12,5`` in German (the caller adds `` %``)."""
    number = _decimal(value)
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(number, decimal_pos=decimals)
