from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.funding.models import Application, Attachment, CostLine

from .factories import (
    PDF_BYTES,
    ApplicationFactory,
    AttachmentFactory,
    CallFactory,
    FieldOfActionFactory,
    FundFactory,
    GrantNoticeFactory,
    MeasureFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15  # includes the base layout's site settings, menu and the first-request settings row


def _form_data(application, **overrides):
    data = {
        "organisation": "Kiezwerk e. V.", "provider_kind": "private", "legal_form": "e. V.",
        "address": "Uferstraße 1, 10997 Berlin", "contact_person": "Frau Beispiel", "email": "info@kiezwerk.example",
        "phone": "030 123", "title": "Lesepaten", "summary": "Vorlesen", "goals": "Lesen fördern",
        "target_groups": "Kinder", "field_of_action": application.measure.field_of_action.pk if application.measure else "",
        "measure": application.measure.pk if application.measure else "", "location": "Bibliothek",
        "start_date": "2027-01-01", "end_date": "2027-12-31", "own_share": "1000.00", "co_funding": "0",
        "costs-TOTAL_FORMS": "3", "costs-INITIAL_FORMS": "0", "costs-MIN_NUM_FORMS": "0", "costs-MAX_NUM_FORMS": "50",
        "costs-0-category": "personnel", "costs-0-description": "Honorar", "costs-0-amount": "8000.00",
        "costs-1-category": "material", "costs-1-description": "Bücher", "costs-1-amount": "2000.00",
    }  # fmt: skip
    data.update(overrides)
    return data


def _empty_draft(provider, measure=None):
    return ApplicationFactory(owner=provider, cost_lines=False, cost_total=Decimal("0"), own_share=Decimal("0"),
                              measure=measure or MeasureFactory(), title="")  # fmt: skip


# Public pages


def test_call_list_shows_open_calls_only(client, django_assert_max_num_queries):
    for _ in range(25):
        CallFactory()
    CallFactory(title="Abgelaufen", deadline=timezone.now() - timedelta(days=1))
    CallFactory(title="Unveröffentlicht", is_published=False)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("funding:call_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Abgelaufen" not in body and "Unveröffentlicht" not in body
    assert len(response.context["page_obj"]) == 20


def test_call_detail_of_a_closed_call_has_no_apply_button(client):
    call = CallFactory(deadline=timezone.now() - timedelta(days=1))
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert reverse("funding:application_create", kwargs={"slug": call.slug}) not in response.content.decode()


def test_unpublished_call_is_404(client):
    assert client.get(CallFactory(is_published=False).get_absolute_url()).status_code == 404


def test_antraege_is_never_taken_for_a_call(client, provider):
    client.force_login(provider)
    response = client.get("/foerderung/antraege/")
    assert response.resolver_match.url_name == "application_list"


def test_project_list_shows_funded_projects_only_and_filters(client, django_assert_max_num_queries):
    field = FieldOfActionFactory(name="Bildung", slug="bildung")
    for status in ("approved", "running", "reported", "closed"):
        for _ in range(6):
            ApplicationFactory.in_status(status)
    ApplicationFactory.in_status("approved", title="Lesepaten", measure=MeasureFactory(field_of_action=field))
    for status in ("draft", "submitted", "council", "recommended", "rejected", "withdrawn"):
        ApplicationFactory.in_status(status, title=f"Nicht öffentlich {status}")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("funding:project_list"))
    assert response.status_code == 200
    assert "Nicht öffentlich" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 25
    response = client.get(reverse("funding:project_list"), {"field": "bildung"})
    assert [p["title"] for p in response.context["page_obj"]] == ["Lesepaten"]
    assert client.get(reverse("funding:project_list"), {"field": "gibt-es-nicht"}).status_code == 200
    ApplicationFactory.in_status("running", title="Neu gefördert")  # saving an application renews the cached total
    assert client.get(reverse("funding:project_list")).context["page_obj"].paginator.count == 26


def test_project_detail_is_404_before_approval(client, django_assert_max_num_queries):
    project = ApplicationFactory.in_status("running")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(project.get_project_url())
    assert response.status_code == 200
    assert project.email not in response.content.decode()
    assert client.get(ApplicationFactory.in_status("recommended").get_project_url()).status_code == 404


# Providers


def test_provider_sees_only_own_applications(client, provider, make_user, django_assert_max_num_queries):
    for _ in range(25):
        ApplicationFactory(owner=provider)
    other = ApplicationFactory(title="Fremder Antrag")
    client.force_login(provider)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("funding:application_list"))
    assert "Fremder Antrag" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 25
    for name in ("application_detail", "application_edit", "application_submit", "application_withdraw",
                 "attachment_create"):  # fmt: skip
        assert client.get(reverse(f"funding:{name}", kwargs={"pk": other.pk})).status_code == 404
    assert client.post(reverse("funding:application_withdraw", kwargs={"pk": other.pk})).status_code == 404
    other.refresh_from_db()
    assert other.status == "draft"


def test_application_detail_query_count_does_not_grow(client, provider, django_assert_max_num_queries):
    application = ApplicationFactory.in_status("formal_check", owner=provider)
    for index in range(10):
        AttachmentFactory(application=application, title=f"Anlage {index}")
        application.status_changes.create(from_status="draft", to_status="submitted", by=provider)
    client.force_login(provider)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(application.get_absolute_url())
    assert response.status_code == 200


def test_provider_starts_a_draft_with_details_of_the_last_application(client, provider):
    ApplicationFactory(owner=provider, organisation="Kiezwerk e. V.")
    call = CallFactory()
    client.force_login(provider)
    assert client.get(reverse("funding:application_create", kwargs={"slug": call.slug})).status_code == 200
    response = client.post(reverse("funding:application_create", kwargs={"slug": call.slug}))
    application = Application.objects.get(call=call)
    assert response.url == reverse("funding:application_edit", kwargs={"pk": application.pk})
    assert application.organisation == "Kiezwerk e. V." and application.status == "draft"


def test_no_draft_for_a_closed_call(client, provider):
    call = CallFactory(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(provider)
    client.post(reverse("funding:application_create", kwargs={"slug": call.slug}))
    assert not Application.objects.exists()


def test_incomplete_draft_can_be_saved(client, provider):
    application = _empty_draft(provider)
    client.force_login(provider)
    data = {key: value for key, value in _form_data(application).items() if key != "costs-1-amount"}
    data.update({"title": "Halb fertig", "summary": "", "save": ""})
    response = client.post(reverse("funding:application_edit", kwargs={"pk": application.pk}), data)
    assert response.status_code == 200  # cost line 2 lacks an amount: the row error is shown, input kept
    assert "Halb fertig" in response.content.decode()
    data = _form_data(application, title="Halb fertig", summary="", save="")
    response = client.post(reverse("funding:application_edit", kwargs={"pk": application.pk}), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.title, application.status) == ("Halb fertig", "draft")
    assert application.cost_total == Decimal("10000.00")
    assert application.requested_amount == Decimal("9000.00")
    assert application.cost_lines.count() == 2


def test_saving_changes_and_removes_existing_cost_lines(client, provider):
    """The form reads the cost lines for the formset (reads.form_options): existing lines are found
    by id, changed, removed, and new ones added."""
    application = ApplicationFactory(owner=provider, measure=MeasureFactory())  # one line of 20,000 €
    kept = application.cost_lines.get()
    removed = CostLine.objects.create(application=application, category="material", description="Alt", amount=5)
    client.force_login(provider)
    url = reverse("funding:application_edit", kwargs={"pk": application.pk})
    assert client.get(url).content.decode().count('name="costs-1-id"') == 1
    data = _form_data(application, save="")
    data.update({
        "costs-TOTAL_FORMS": "3", "costs-INITIAL_FORMS": "2",
        "costs-0-id": str(kept.pk), "costs-0-application": str(application.pk), "costs-0-amount": "9000.00",
        "costs-1-id": str(removed.pk), "costs-1-application": str(application.pk), "costs-1-DELETE": "on",
        "costs-2-category": "rent", "costs-2-description": "Raum", "costs-2-amount": "1000.00",
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    lines = list(application.cost_lines.order_by("pk").values_list("pk", "description", "amount"))
    assert lines[0] == (kept.pk, "Honorar", Decimal("9000.00")) and len(lines) == 2
    assert lines[1][1:] == ("Raum", Decimal("1000.00"))
    application.refresh_from_db()
    assert application.cost_total == Decimal("10000.00")


def test_save_and_submit_incomplete_keeps_input_and_shows_field_errors(client, provider):
    application = _empty_draft(provider)
    client.force_login(provider)
    data = _form_data(application, summary="", own_share="100.00", submit="")
    response = client.post(reverse("funding:application_edit", kwargs={"pk": application.pk}), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "summary" in form.errors and "own_share" in form.errors
    body = response.content.decode()
    assert "error-summary" in body and "Lesepaten" in body
    application.refresh_from_db()
    assert application.status == "draft" and application.title == "Lesepaten"  # saved, not submitted


def test_save_and_submit_complete_application(client, provider):
    application = _empty_draft(provider)
    client.force_login(provider)
    response = client.post(reverse("funding:application_edit", kwargs={"pk": application.pk}),
                           _form_data(application, submit=""))  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert client.get(reverse("funding:application_edit", kwargs={"pk": application.pk})).status_code == 302


def test_shares_above_the_costs_are_refused(client, provider):
    application = _empty_draft(provider)
    client.force_login(provider)
    response = client.post(reverse("funding:application_edit", kwargs={"pk": application.pk}),
                           _form_data(application, own_share="9000", co_funding="2000", save=""))  # fmt: skip
    assert response.status_code == 200
    assert "co_funding" in response.context["form"].errors


def test_measure_must_belong_to_the_field_and_an_adopted_concept(client, provider):
    application = _empty_draft(provider)
    other_field = FieldOfActionFactory()
    draft_measure = MeasureFactory(concept__status="draft", field_of_action=application.measure.field_of_action)
    client.force_login(provider)
    url = reverse("funding:application_edit", kwargs={"pk": application.pk})
    response = client.post(url, _form_data(application, field_of_action=other_field.pk, save=""))
    assert "measure" in response.context["form"].errors
    response = client.post(url, _form_data(application, measure=draft_measure.pk, save=""))
    assert "measure" in response.context["form"].errors


def test_submit_page_refuses_after_the_deadline(client, provider):
    application = ApplicationFactory(owner=provider, call=CallFactory(deadline=timezone.now() - timedelta(seconds=1)))
    client.force_login(provider)
    response = client.post(reverse("funding:application_submit", kwargs={"pk": application.pk}), {"comment": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    application.refresh_from_db()
    assert application.status == "draft"


def test_answer_changes_resubmits(client, provider):
    application = ApplicationFactory.in_status("changes_requested", owner=provider)
    client.force_login(provider)
    url = reverse("funding:application_answer", kwargs={"pk": application.pk})
    response = client.post(url, {"comment": ""})
    assert "comment" in response.context["form"].errors
    response = client.post(url, {"comment": "Kostenplan ergänzt."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.status_changes.get().comment == "Kostenplan ergänzt."


def test_withdraw(client, provider):
    application = ApplicationFactory.in_status("council", owner=provider)
    client.force_login(provider)
    client.post(reverse("funding:application_withdraw", kwargs={"pk": application.pk}), {"comment": "Träger aufgelöst"})
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_withdraw_after_the_decision_is_refused(client, provider):
    application = ApplicationFactory.in_status("approved", owner=provider)
    client.force_login(provider)
    response = client.post(reverse("funding:application_withdraw", kwargs={"pk": application.pk}), {"comment": ""})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "approved"


def test_upload_attachment_and_refuse_non_pdf(client, provider):
    application = ApplicationFactory(owner=provider)
    client.force_login(provider)
    url = reverse("funding:attachment_create", kwargs={"pk": application.pk})
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Fake", "file": fake})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    pdf = SimpleUploadedFile("skizze.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(url, {"title": "Skizze", "file": pdf}).status_code == 302
    attachment = Attachment.objects.get(application=application)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_provider_sees_the_grant_notice_requests_payments_and_submits_the_final_proof(client, provider):
    notice = GrantNoticeFactory(application=ApplicationFactory.in_status("running", owner=provider),
                                amount=Decimal("10000.00"))  # fmt: skip
    application = notice.application
    client.force_login(provider)
    page = client.get(application.get_absolute_url()).content.decode()
    assert notice.file_number in page and "10.000,00" in page and notice.get_absolute_url() in page
    url = reverse("funding:payment_request_create", kwargs={"pk": application.pk})
    assert client.post(url, {"amount": "6000", "purpose": "1. Rate"}).status_code == 302
    too_much = client.post(url, {"amount": "4000.01", "purpose": ""})
    assert too_much.status_code == 200 and "höchstens noch 4.000,00" in too_much.content.decode()
    assert client.get(notice.get_absolute_url()).status_code == 200
    pdf = SimpleUploadedFile("bericht.pdf", PDF_BYTES, content_type="application/pdf")
    numbers = SimpleUploadedFile("nachweis.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(reverse("funding:proof_create", kwargs={"pk": application.pk}),
                           {"kind": "final", "period_end": "2028-12-31", "report": pdf, "statement": numbers,
                            "comment": ""})  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "reported"
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Verwendungsnachweis" in page and "6.000,00" in page
    proof = application.proofs.get()
    assert client.get(proof.report_url()).status_code == 200


# Council


def test_council_list_shows_presented_applications_with_documents(
    client, council_member, django_assert_max_num_queries
):
    for _ in range(22):
        AttachmentFactory(application=ApplicationFactory.in_status("council"))
    ApplicationFactory.in_status("formal_check", title="Noch in Prüfung")
    client.force_login(council_member)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("funding:council_list"))
    assert response.status_code == 200
    assert "Noch in Prüfung" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 22


def test_council_list_pages_show_each_application_once_with_its_documents(client, council_member):
    """The list reads a page by LIMIT and OFFSET in SQL compiled once (apps.funding.reads): the
    second page holds the oldest applications, each with its own documents."""
    applications = []
    for index in range(23):
        application = ApplicationFactory.in_status("council", title=f"Antrag Nummer {index:02d}")
        Application.objects.filter(pk=application.pk).update(
            council_presented_at=timezone.now() - timedelta(days=index)
        )
        AttachmentFactory(application=application, title=f"Unterlage {index:02d}")
        applications.append(application)
    client.force_login(council_member)
    first = client.get(reverse("funding:council_list")).content.decode()
    second = client.get(reverse("funding:council_list"), {"page": 2}).content.decode()
    for index in range(23):
        page, other = (first, second) if index < 20 else (second, first)
        assert page.count(f"Antrag Nummer {index:02d}") == 1 and f"Antrag Nummer {index:02d}" not in other
        assert page.count(f"Unterlage {index:02d} (PDF)") == 1
    assert first.index("Antrag Nummer 00") < first.index("Antrag Nummer 19")  # newest first


def test_council_detail_hides_contact_data(client, council_member, django_assert_max_num_queries):
    application = ApplicationFactory.in_status("council", phone="030 999888")
    AttachmentFactory(application=application)
    client.force_login(council_member)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("funding:council_detail", kwargs={"pk": application.pk}))
    assert response.status_code == 200
    assert "030 999888" not in response.content.decode()
    not_presented = ApplicationFactory.in_status("formal_check")
    assert client.get(reverse("funding:council_detail", kwargs={"pk": not_presented.pk})).status_code == 404


def test_council_pages_show_the_councils_ranking_once_voted(client, council_member, django_assert_max_num_queries):
    """The council's place in the ranking of the call, on the council's list and detail pages and
    on the public project page; the queries stay the same for 22 ranked applications."""
    call = CallFactory(budget=Decimal("1000000.00"))
    waiting = ApplicationFactory.in_status("council", call=call, title="Noch nicht abgestimmt")  # oldest: page 2
    ranked = [ApplicationFactory.in_status("recommended", call=call) for _ in range(22)]
    for rank, application in enumerate(ranked, start=1):
        Application.objects.filter(pk=application.pk).update(council_rank=rank)
        AttachmentFactory(application=application)
    client.force_login(council_member)
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(reverse("funding:council_list")).content.decode()
    assert page.count("Quartiersrat: Platz") == 20  # one page
    with django_assert_max_num_queries(MAX_QUERIES):
        detail = client.get(reverse("funding:council_detail", kwargs={"pk": ranked[2].pk})).content.decode()
    assert "Quartiersrat: Platz 3 in der Rangfolge" in detail
    unranked = client.get(reverse("funding:council_detail", kwargs={"pk": waiting.pk})).content.decode()
    assert "in der Rangfolge" not in unranked
    funded = ApplicationFactory.in_status("running", council_rank=1)
    client.logout()
    with django_assert_max_num_queries(MAX_QUERIES):
        project = client.get(reverse("funding:project_detail", kwargs={"pk": funded.pk})).content.decode()
    assert "Quartiersrat: Platz 1 in der Rangfolge" in project


def test_home_box_lists_open_calls(client):
    CallFactory(title="Aufruf Nachbarschaft 2027")
    response = client.get("/")
    assert "Aufruf Nachbarschaft 2027" in response.content.decode()


# Admin


def test_admin_export_and_workflow_action(client, make_user):
    staff = make_user("staff", is_superuser=True)
    call = CallFactory()
    application = ApplicationFactory.in_status("submitted", call=call, title="Export-Projekt")
    client.force_login(staff)
    response = client.post(reverse("admin:funding_call_changelist"),
                           {"action": "export_applications_xlsx", "_selected_action": [call.pk]})  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    response = client.post(reverse("admin:funding_call_changelist"),
                           {"action": "export_applications_csv", "_selected_action": [call.pk]})  # fmt: skip
    assert "Export-Projekt" in response.content.decode("utf-8-sig")
    client.post(reverse("admin:funding_application_changelist"),
                {"action": "status_formal_check", "_selected_action": [application.pk]})  # fmt: skip
    application.refresh_from_db()
    assert application.status == "formal_check"
    assert application.status_changes.get().by == staff
    response = client.get(reverse("admin:funding_application_change", args=[application.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()


def test_any_user_can_register_as_provider_and_is_sent_back(client, resident):
    call = CallFactory()
    client.force_login(resident)
    assert client.get(reverse("funding:application_create", kwargs={"slug": call.slug})).status_code == 403
    response = client.post(reverse("funding:provider_register"), {"next": call.get_absolute_url()})
    assert response.url == call.get_absolute_url()
    resident = type(resident).objects.get(pk=resident.pk)
    assert resident.has_role(Role.PROVIDER)
    assert client.get(reverse("funding:application_create", kwargs={"slug": call.slug})).status_code == 200


def test_provider_register_ignores_foreign_next_urls(client, resident):
    client.force_login(resident)
    response = client.post(reverse("funding:provider_register"), {"next": "https://evil.example/"})
    assert response.url == reverse("funding:application_list")


def test_admin_status_page_requests_changes_with_comment(client, make_user, django_capture_on_commit_callbacks):
    from django.core import mail

    staff = make_user("staff", is_superuser=True)
    application = ApplicationFactory.in_status("formal_check")
    client.force_login(staff)
    url = reverse("admin:funding_application_status", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 200
    choices = [key for key, _label in response.context["form"].fields["to"].choices]
    assert choices == ["changes_requested", "council", "rejected"]  # withdrawing is the applicant's
    response = client.post(url, {"to": "changes_requested", "comment": ""})
    assert response.status_code == 200  # a comment is required: error shown, nothing changed
    application.refresh_from_db()
    assert application.status == "formal_check"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"to": "changes_requested", "comment": "Bitte Finanzierungsplan beilegen."})
    application.refresh_from_db()
    assert application.status == "changes_requested"
    assert "Bitte Finanzierungsplan beilegen." in mail.outbox[-1].body


def test_admin_status_page_refuses_a_grant_notice_beyond_the_budget(client, make_user):
    staff = make_user("staff", is_superuser=True)
    application = ApplicationFactory.in_status("selected", call=CallFactory(budget=Decimal("1000.00")))
    client.force_login(staff)
    url = reverse("admin:funding_application_status", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Auswahl der Steuerungsrunde" not in page and "Bescheid des Bezirksamts: Zuwendungsbescheid erteilt" in page
    missing = client.post(url, {"to": "approved", "comment": ""})
    assert missing.status_code == 200 and missing.context["form"].errors["file_number"]
    pdf = SimpleUploadedFile("bescheid.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(url, {"to": "approved", "comment": "", "issued_on": "2026-12-01",
                                 "file_number": "SZ-1", "amount": "900.00", "document": pdf})  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    application.refresh_from_db()
    assert application.status == "selected"


def test_admin_labels_say_who_decided(client, make_user):
    client.force_login(make_user("staff", is_superuser=True))
    recommended = ApplicationFactory.in_status("recommended")
    page = client.get(reverse("admin:funding_application_status", args=[recommended.pk])).content.decode()
    assert "Auswahl der Steuerungsrunde: ausgewählt" in page
    assert "Bewilligen" not in page and "gemäß Votum" not in page
    building = ApplicationFactory.in_status(
        "recommended", call=CallFactory(fund=FundFactory(name="Baufonds", kind="baufonds"))
    )
    page = client.get(reverse("admin:funding_application_status", args=[building.pk])).content.decode()
    assert "Entscheidung von Bezirksamt und Senatsverwaltung: ausgewählt" in page


def test_provider_removes_a_document_only_while_editable(client, provider):
    draft = ApplicationFactory(owner=provider)
    document = AttachmentFactory(application=draft)
    submitted = ApplicationFactory.in_status("submitted", owner=provider)
    frozen = AttachmentFactory(application=submitted)
    client.force_login(provider)
    assert client.get(reverse("funding:attachment_delete", kwargs={"pk": document.pk})).status_code == 200
    client.post(reverse("funding:attachment_delete", kwargs={"pk": document.pk}))
    assert not Attachment.objects.filter(pk=document.pk).exists()
    client.post(reverse("funding:attachment_delete", kwargs={"pk": frozen.pk}))
    assert Attachment.objects.filter(pk=frozen.pk).exists()


def test_admin_call_list_shows_the_committed_sum(client, make_user):
    call = CallFactory(title="Aufruf mit Budget")
    ApplicationFactory.in_status("approved", call=call)
    ApplicationFactory.in_status("recommended", call=call)
    ApplicationFactory.in_status("council", call=call)
    client.force_login(make_user("staff", is_superuser=True))
    response = client.get(reverse("admin:funding_call_changelist"))
    assert response.status_code == 200
    assert "36000" in response.content.decode().replace(".", "").replace(",00", "")


def test_admin_status_pages_of_a_proof_and_a_payment_take_their_steps(client, make_user):
    """The proof of use's own status page (its workflow): accepting the final proof closes the
    project; the payment request's bulk action records the payout. One history row each."""
    from apps.funding.models import PaymentRequest
    from apps.funding.tests.factories import GrantNoticeFactory, ProofOfUseFactory

    client.force_login(make_user("staff", is_superuser=True))
    application = ApplicationFactory.in_status("reported")
    proof = ProofOfUseFactory(application=application, kind="final")
    url = reverse("admin:funding_proofofuse_status", args=[proof.pk])
    choices = [key for key, _label in client.get(url).context["form"].fields["to"].choices]
    assert choices == ["accepted", "returned"]
    response = client.post(url, {"to": "accepted", "comment": "Ohne Beanstandung."})
    assert response.status_code == 302
    proof.refresh_from_db()
    application.refresh_from_db()
    assert (proof.status, application.status) == ("accepted", "closed")
    assert [(c.from_status, c.to_status) for c in proof.status_changes.all()] == [("submitted", "accepted")]
    assert application.status_changes.get().to_status == "closed"

    payment = PaymentRequest.objects.create(application=GrantNoticeFactory().application, amount=Decimal("500.00"))
    client.post(reverse("admin:funding_paymentrequest_changelist"),
                {"action": "status_paid", "_selected_action": [payment.pk]})  # fmt: skip
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.paid_on is not None
    assert payment.status_changes.get().to_status == "paid"
