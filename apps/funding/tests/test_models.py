import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from openpyxl import load_workbook

from apps.core.workflow import transition
from apps.funding.exports import export_csv, export_xlsx
from apps.funding.forms import AttachmentForm
from apps.funding.models import Application, Call, CostLine

from .factories import PDF_BYTES, ApplicationFactory, CallFactory, FundFactory

pytestmark = pytest.mark.django_db


def test_requested_amount_must_equal_total_minus_shares_in_the_database():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(requested_amount=Decimal("19000.00"))


@pytest.mark.parametrize("field", ["own_share", "co_funding", "cost_total"])
def test_negative_amounts_are_refused_by_the_database(field):
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(**{field: Decimal("-1.00")})


def test_negative_requested_amount_is_refused_by_the_database():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(own_share=Decimal("25000.00"),
                                                            requested_amount=Decimal("-5000.00"))  # fmt: skip


def test_negative_cost_line_is_refused_by_the_database():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CostLine.objects.create(application=application, category="other", description="x", amount=Decimal("-1"))


def test_status_outside_the_choices_is_refused_by_the_database():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="granted")


def test_deleting_a_call_with_applications_is_refused():
    application = ApplicationFactory()
    with pytest.raises(ProtectedError):
        application.call.delete()


def test_deleting_a_fund_with_calls_is_refused():
    call = CallFactory()
    with pytest.raises(ProtectedError):
        call.fund.delete()


@pytest.mark.parametrize("slug", ["antraege", "quartiersrat"])
def test_reserved_slugs_cannot_name_a_call(slug):
    call = CallFactory.build(slug=slug, fund=FundFactory())
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(slug=slug)


def test_recalculate_uses_decimal_and_the_saved_lines():
    application = ApplicationFactory(cost_lines=False, cost_total=Decimal("0"), own_share=Decimal("0"))
    CostLine.objects.create(application=application, category="fees", description="Honorar", amount=Decimal("0.10"))
    CostLine.objects.create(application=application, category="rent", description="Miete", amount=Decimal("0.20"))
    application.recalculate()
    assert application.cost_total == Decimal("0.30")
    assert application.requested_amount == Decimal("0.30")


def test_own_share_minimum_follows_the_fund_setting():
    fund = FundFactory(name="Baufonds", kind="baufonds", own_share_percent=Decimal("25.00"),
                       minimum_amount=Decimal("50000.00"))  # fmt: skip
    application = ApplicationFactory(call=CallFactory(fund=fund), cost_total=Decimal("80000.00"),
                                     own_share=Decimal("10000.00"))  # fmt: skip
    errors = application.completeness_errors()
    assert "own_share" in errors  # 25 % of 80,000 = 20,000
    assert "co_funding" not in errors  # requested 70,000 is above the minimum of 50,000
    application.own_share = Decimal("20000.00")
    application.recalculate(Decimal("80000.00"))
    assert application.completeness_errors() == {}


def test_requested_amount_below_the_fund_minimum_is_incomplete():
    application = ApplicationFactory(cost_total=Decimal("4000.00"), own_share=Decimal("400.00"))
    assert "co_funding" in application.completeness_errors()


def test_project_longer_than_the_fund_maximum_is_incomplete():
    from datetime import date

    application = ApplicationFactory(start_date=date(2027, 1, 1), end_date=date(2031, 1, 2))
    assert "end_date" in application.completeness_errors()


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attachment_must_be_a_real_pdf():
    form = AttachmentForm(data={"title": "Skizze"}, files={"file": _upload("skizze.pdf", b"GIF89a not a pdf")})
    assert not form.is_valid()
    assert "file" in form.errors


def test_attachment_may_be_at_most_20_mb():
    big = _upload("gross.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024))
    form = AttachmentForm(data={"title": "Groß"}, files={"file": big})
    assert not form.is_valid()
    assert "20" in str(form.errors["file"])


def test_pdf_attachment_is_accepted_and_stored_privately(settings):
    application = ApplicationFactory()
    form = AttachmentForm(data={"title": "Skizze"}, files={"file": _upload("skizze.pdf", PDF_BYTES)})
    assert form.is_valid(), form.errors
    attachment = form.save(commit=False)
    attachment.application = application
    attachment.save()
    assert attachment.file.name.startswith("funding/attachments/")
    assert "skizze" not in attachment.file.name
    assert attachment.file.path.startswith(str(settings.STORAGES["private"]["OPTIONS"]["location"]))
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_export_contains_the_call_applications_without_drafts():
    call = CallFactory()
    submitted = ApplicationFactory.in_status("submitted", call=call, title="Lesepaten im Kiez")
    ApplicationFactory(call=call, title="Nur ein Entwurf")
    ApplicationFactory.in_status("submitted", title="Anderer Aufruf")
    rows = list(csv.reader(io.StringIO(export_csv(call).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == str(submitted.pk)
    assert rows[1][1] == "Lesepaten im Kiez"
    assert "18000.00" in rows[1]
    sheet = load_workbook(io.BytesIO(export_xlsx(call))).active
    values = list(sheet.values)
    assert len(values) == 2
    assert values[1][1] == "Lesepaten im Kiez"
    assert Decimal(str(values[1][13])) == Decimal("18000.00")


def test_export_contains_each_step_after_the_council():
    """Rank, the steering committee's selection, the grant notice, the sum paid out and the latest
    proof of use, in CSV and XLSX; formula-like text stays text (apps/core/exports.py)."""
    from datetime import date

    from apps.funding.models import PaymentRequest, ProofOfUse

    from .factories import GrantNoticeFactory, ProofOfUseFactory

    call = CallFactory()
    running = ApplicationFactory.in_status("running", call=call, title="=Kiezgarten")
    Application.objects.filter(pk=running.pk).update(council_rank=1)
    GrantNoticeFactory(application=running, issued_on=date(2026, 12, 1), file_number="SZ-2026-7",
                       amount=Decimal("15000.00"))  # fmt: skip
    for amount, status, paid_on in (
        ("6000.00", "paid", date(2027, 1, 5)),
        ("3000.00", "paid", date(2027, 4, 2)),
        ("2000.00", "requested", None),
        ("1000.00", "refused", None),
    ):
        PaymentRequest.objects.create(application=running, amount=Decimal(amount), status=status, paid_on=paid_on)
    ProofOfUseFactory(application=running, status=ProofOfUse.Status.ACCEPTED)
    ProofOfUseFactory(application=running, kind=ProofOfUse.Kind.FINAL, period_end=date(2028, 12, 31))
    not_selected = ApplicationFactory.in_status("not_selected", call=call, title="Kiezradio")
    Application.objects.filter(pk=not_selected.pk).update(council_rank=2)
    ApplicationFactory.in_status("council", call=call, title="Spielstraße")

    rows = list(csv.reader(io.StringIO(export_csv(call).decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert header[16:] == ["Platz in der Rangfolge des Quartiersrats", "Auswahl der Steuerungsrunde",
                           "Datum des Zuwendungsbescheids", "Aktenzeichen des Zuwendungsbescheids",
                           "Bewilligter Betrag", "Ausgezahlt", "Verwendungsnachweis"]  # fmt: skip
    garden = by_title["'=Kiezgarten"]
    assert [garden[name] for name in header[16:]] == [
        "1", "ausgewählt", "2026-12-01", "SZ-2026-7", "15000.00", "9000.00", "Abschließender Verwendungsnachweis: "
        "Eingereicht, wird geprüft",
    ]  # fmt: skip
    assert [by_title["Kiezradio"][name] for name in header[16:]] == ["2", "nicht ausgewählt", "", "", "", "", ""]
    assert [by_title["Spielstraße"][name] for name in header[16:]] == ["", "", "", "", "", "", ""]
    sheet = load_workbook(io.BytesIO(export_xlsx(call))).active
    values = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    garden = values["=Kiezgarten"]
    assert garden[16] == 1 and garden[17] == "ausgewählt" and garden[19] == "SZ-2026-7"
    assert Decimal(str(garden[20])) == Decimal("15000.00") and Decimal(str(garden[21])) == Decimal("9000.00")


def test_open_calls_are_published_and_before_the_deadline():
    from datetime import timedelta

    from django.utils import timezone

    open_call = CallFactory()
    CallFactory(is_published=False)
    CallFactory(deadline=timezone.now() - timedelta(seconds=1))
    assert list(Call.objects.open()) == [open_call]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
class TestSubmittedApplicationsAreImmutable:
    def test_content_of_a_submitted_application_cannot_change(self):
        application = ApplicationFactory.in_status("submitted")
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(title="Nachträglich geändert")
        with pytest.raises(IntegrityError), transaction.atomic():
            application.own_share = Decimal("3000.00")
            application.recalculate(application.cost_total)
            application.save()

    def test_cost_plan_of_a_submitted_application_cannot_change(self):
        application = ApplicationFactory.in_status("council")
        with pytest.raises(IntegrityError), transaction.atomic():
            CostLine.objects.create(application=application, category="other", description="Neu", amount=Decimal("1"))
        with pytest.raises(IntegrityError), transaction.atomic():
            application.cost_lines.update(amount=Decimal("1.00"))

    def test_drafts_and_applications_sent_back_can_change(self):
        for status in ("draft", "changes_requested"):
            application = ApplicationFactory.in_status(status)
            Application.objects.filter(pk=application.pk).update(title="Überarbeitet")
            CostLine.objects.create(application=application, category="other", description="Neu", amount=Decimal("0"))

    def test_the_workflow_may_change_the_status_and_its_dates(self, make_user):
        application = ApplicationFactory.in_status("submitted")
        transition(application, "formal_check", by=make_user("staff"))
        application.refresh_from_db()
        assert application.status == "formal_check"


def test_duration_check_handles_29_february():
    from datetime import date

    application = ApplicationFactory(start_date=date(2028, 2, 29), end_date=date(2032, 2, 28))
    assert "end_date" not in application.completeness_errors()
    application.end_date = date(2032, 3, 1)
    assert "end_date" in application.completeness_errors()


def test_messages_show_german_amounts_and_percentages():
    from django.utils import translation

    application = ApplicationFactory(own_share=Decimal("0"), requested_amount=Decimal("20000.00"))
    with translation.override("de"):
        message = application.completeness_errors()["own_share"][0]
    assert "10 %" in message and "2.000,00\u00a0€" in message
