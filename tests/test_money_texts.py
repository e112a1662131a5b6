"""Every form help and error that names an amount, rendered in each language through the one money
format of apps/core/money.py (issue #19): German, Turkish and Arabic 1.500,00 €, English €1,500.00,
never a raw 1500.00."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.actionfund import services as actionfund_services
from apps.actionfund.forms import ApplicationForm, CostItemFormSet, check_requested_amount
from apps.actionfund.tests.factories import ApplicationFactory, FundYearFactory
from apps.core.money import euro
from apps.funding.models import check_budget
from apps.funding.tests.factories import ApplicationFactory as FundingApplicationFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "en", "tr", "ar"]
EXPECTED = {"de": "1.500,00\xa0€", "en": "€1,500.00", "tr": "1.500,00\xa0€", "ar": "1.500,00\xa0€"}


def texts_with_amounts(language, qm) -> list[str]:
    """The help texts and error messages that carry an amount, rendered in ``language``."""
    year = FundYearFactory(budget=Decimal("1500.00"), max_per_application=Decimal("1500.00"))
    found = []
    with translation.override(language):
        # Action fund form: the allowance help and the error above the maximum.
        form = ApplicationForm(fund_year=year, next_round=None)
        found.append(str(form.fields["wants_allowance"].help_text))
        data = {
            "costs-TOTAL_FORMS": "1", "costs-INITIAL_FORMS": "0", "costs-MIN_NUM_FORMS": "1",
            "costs-MAX_NUM_FORMS": "20", "costs-0-description": "Zelt", "costs-0-kind": "material",
            "costs-0-amount": "1600.00",
        }  # fmt: skip
        formset = CostItemFormSet(data, prefix="costs")
        bound = ApplicationForm({"wants_allowance": ""}, fund_year=year, next_round=None)
        bound.is_valid()
        formset.is_valid()
        check_requested_amount(bound, formset)
        found.extend(str(error) for error in bound.non_field_errors())
        # Action fund: approving beyond the year's budget.
        application = ApplicationFactory(fund_year=year, status="in_round", costs_total=Decimal("1500.00"),
                                         requested_amount=Decimal("1500.00"))  # fmt: skip
        ApplicationFactory(fund_year=year, status="approved", costs_total=Decimal("1000"),
                           requested_amount=Decimal("1000"), granted_amount=Decimal("1000"))  # fmt: skip
        with pytest.raises(ValidationError) as error:
            actionfund_services.application_decide(application=application, to="approved", by=qm)
        found.extend(error.value.messages)
        # Project funding: the own share, the fund's minimum and the call's budget.
        funding = FundingApplicationFactory(own_share=Decimal("0"), provider_kind="private")
        found.extend(m for messages in funding.completeness_errors().values() for m in messages if "%" in m or "€" in m)
        funding.call.budget = Decimal("1500.00")
        funding.call.save()
        with pytest.raises(ValidationError) as error:
            check_budget(funding, statuses=["recommended"])
        found.extend(error.value.messages)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_amount_in_help_and_errors_uses_the_one_money_format(language, qm_staff):
    texts = texts_with_amounts(language, qm_staff)
    assert len(texts) >= 5, texts
    with translation.override(language):
        assert euro(Decimal("1500")) == EXPECTED[language]
    assert any(EXPECTED[language] in text for text in texts), texts
    for text in texts:
        assert "1500.00" not in text and "1600.00" not in text, text
        assert "€" in text or "%" in text, text
        if language != "en":
            assert " €" not in text.replace("\xa0€", ""), text  # the sign after a no-break space only
