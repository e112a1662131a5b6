"""An action fund application entered by the office for a resident without an account (issue #19):
the consent is recorded with its date and who recorded it, the status link goes by post (a printable
letter) or by e-mail."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from apps.actionfund import services
from apps.actionfund.models import STATUS_LINK, Application
from apps.core.signing import read_token
from tests.admin_forms import change_form_data

from .factories import ApplicationFactory, FundYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def qm_client(client, make_user):
    from apps.accounts.roles import grant_qm_team_permissions

    staff = make_user("staff")
    grant_qm_team_permissions()
    client.force_login(staff)
    client.staff = staff
    return client


def office_data(response, **changes):
    start = timezone.localdate() + timedelta(days=60)
    values = {
        "entry_source": "office", "consent_recorded_on": "23.11.2026", "fund_year": str(FundYearFactory().pk),
        "applicant_name": "Hatice Yılmaz", "address": "Beispielhof 4\n12345 Berlin", "email": "",
        "title": "Nachbarschaftsfrühstück im Hof", "description": "Ein Frühstück für alle im Hof.",
        "target_group": "Alle im Haus", "location": "Hof Beispielhof 4", "starts_on": start.strftime("%d.%m.%Y"),
        "ends_on": start.strftime("%d.%m.%Y"), "participation": "Alle bringen etwas mit.",
        "contribution": "Tische und Geschirr.", "crit_contact": "on", "status": "submitted",
        "cost_items-TOTAL_FORMS": "1", "cost_items-0-description": "Brötchen und Kaffee",
        "cost_items-0-kind": "material", "cost_items-0-amount": "120.00",
    }  # fmt: skip
    values.update(changes)
    return change_form_data(response, **values)


def test_the_office_enters_an_application_and_prints_the_letter_with_the_status_link(qm_client):
    url = reverse("admin:actionfund_application_add")
    response = qm_client.post(url, office_data(qm_client.get(url)))
    assert response.status_code == 302, [
        (f.formset.errors, f.formset.non_form_errors()) for f in response.context["inline_admin_formsets"]
    ]
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert application.requested_amount == Decimal("120.00")
    assert application.entered_by == qm_client.staff and application.consent_recorded_by == qm_client.staff
    assert application.consent_recorded_on == date(2026, 11, 23) and application.consent_privacy
    assert application.status_changes.get().comment == "Vom Büro erfasst (Besuch im Büro)."
    letter = qm_client.get(reverse("actionfund:status_letter", kwargs={"pk": application.pk})).content.decode()
    # The token carries a timestamp (a second may pass between the two), so the link is read back.
    prefix = application.get_status_url().split("/antrag/status/")[0] + "/antrag/status/"
    match = re.search(re.escape(prefix) + r"([^/\s\"<]+)/", letter)
    assert match and read_token(STATUS_LINK, match.group(1)) == application.pk
    assert "Hatice Yılmaz" in letter and "Beispielhof 4<br>12345 Berlin" in letter
    assert "120,00\xa0€" in letter
    # The link in the letter opens the status page for anyone holding it.
    assert qm_client.get(application.get_status_url()).status_code == 200


def test_the_admin_refuses_an_online_source_for_a_new_entry(qm_client):
    url = reverse("admin:actionfund_application_add")
    response = qm_client.post(url, office_data(qm_client.get(url), entry_source="online"))
    assert "entry_source" in response.context["adminform"].form.errors
    assert not Application.objects.exists()


def test_the_status_link_goes_by_e_mail_only_with_an_address():
    with_address = ApplicationFactory(entry_source="phone", consent_recorded_on=date(2026, 11, 2))
    without = ApplicationFactory(entry_source="phone", consent_recorded_on=date(2026, 11, 2), email="")
    assert services.application_send_status_link(application=with_address)
    assert not services.application_send_status_link(application=without)
    assert len(mail.outbox) == 1
    # The token carries a timestamp, so the mailed link is read back rather than compared.
    prefix = with_address.get_status_url().split("/antrag/status/")[0] + "/antrag/status/"
    match = re.search(re.escape(prefix) + r"([^/\s]+)/", mail.outbox[0].body)
    assert match and read_token(STATUS_LINK, match.group(1)) == with_address.pk


def test_an_office_entry_without_consent_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ApplicationFactory(entry_source="letter", consent_recorded_on=None)
