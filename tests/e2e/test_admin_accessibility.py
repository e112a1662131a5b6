"""The admin pages the QM team uses most, checked by axe-core: the change list and the change form
of every workflow model, with the demo data (inline tables, split date/time widgets, two-list
selectors, autocomplete fields, editable list columns)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.accounts.tests.factories import PASSWORD

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# app label, model name: the models whose status the QM team moves on, and their companions.
WORKFLOW_MODELS = [
    ("ideas", "idea"),
    ("ideas", "moderationqueue"),
    ("ideas", "comment"),
    ("funding", "call"),
    ("funding", "application"),
    ("funding", "paymentrequest"),
    ("funding", "proofofuse"),
    ("actionfund", "fundyear"),
    ("actionfund", "round"),
    ("actionfund", "application"),
    ("actionfund", "proofofuse"),
    ("council", "term"),
    ("council", "meeting"),
    ("council", "agendaitem"),
    ("actionplan", "concept"),
    ("actionplan", "measure"),
    ("network", "actor"),
    ("network", "suggestion"),
    ("events", "event"),
    ("events", "eventsuggestion"),
    ("newsletter", "issue"),
    ("pages", "page"),
    ("pages", "slide"),
    ("pages", "newspost"),
    ("pages", "accessibilitystatement"),
    ("pages", "accessibilityfeedback"),
    ("pages", "signlanguagevideo"),
]


def test_admin_workflow_pages_have_no_axe_violations(page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    qm = User.objects.get(email="qm@kiezportal.example")  # tests run without DEBUG: a random demo password
    qm.set_password(PASSWORD)
    qm.save()
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill("qm@kiezportal.example")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1, name="Website-Verwaltung")).to_be_visible()
    assert_accessible(page)
    for app_label, model_name in WORKFLOW_MODELS:
        model = apps.get_model(app_label, model_name)
        page.goto(reverse(f"admin:{app_label}_{model_name}_changelist"))
        assert_accessible(page)
        latest = model._default_manager.order_by("-pk").first()
        assert latest is not None, f"no demo row for {model._meta.label}"
        page.goto(reverse(f"admin:{app_label}_{model_name}_change", args=[latest.pk]))
        expect(page.locator("#content h1")).to_be_visible()
        assert_accessible(page)

    # The newsletter's preview, the page the QM team sends an issue from.
    from apps.newsletter.models import Issue

    page.goto(reverse("admin:newsletter_issue_preview", args=[Issue.objects.first().pk]))
    expect(page.locator("pre")).to_contain_text("Kiezfest")
    assert_accessible(page)

    # Django's generated wording with the proxy model's names.
    page.goto(reverse("admin:ideas_moderationqueue_changelist"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Neueingang zur Änderung auswählen")
    expect(page.get_by_label("Aktion:")).to_contain_text("Ausgewählte Neueingänge löschen")
