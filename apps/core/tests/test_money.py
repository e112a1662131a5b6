from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from apps.core.money import amount_text, euro, percent_text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "1.500,00\u00a0€"), ("tr", "1.500,00\u00a0€"), ("ar", "1.500,00\u00a0€"), ("en", "€1,500.00")],
)
def test_euro_in_every_language(language, expected):
    with translation.override(language):
        assert euro(Decimal("1500")) == expected
        assert Template("{% load kiez %}{{ amount|euro }}").render(Context({"amount": Decimal("1500")})) == expected


def test_whole_euros_empty_values_and_numbers_alone():
    with translation.override("de"):
        assert euro(Decimal("60015.4"), decimal_pos=0) == "60.015\u00a0€"
        assert euro(None) == euro("") == ""
        assert euro(0) == "0,00\u00a0€"
        assert amount_text(Decimal("1234567.891")) == "1.234.567,89"
        assert amount_text(None) == ""


def test_percent_without_trailing_zeros():
    with translation.override("de"):
        assert percent_text(Decimal("10.00")) == "10"
        assert percent_text(Decimal("12.50")) == "12,5"
    with translation.override("en"):
        assert percent_text(Decimal("12.50")) == "12.5"
