"""The QM team works in the admin: every registered model's list and add page opens for a
QM team member (staff in the QM-Team group, not a superuser), and each is searchable and filterable."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
PROJECT_APPS = {"accounts", "pages", "actionplan", "ideas", "council", "funding", "actionfund", "network"}


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=lambda value: getattr(value, "_meta", None) and value._meta.label or ""
)
def test_qm_team_can_open_changelist_and_add_page(client, qm_staff, model, model_admin):
    client.force_login(qm_staff)
    info = (model._meta.app_label, model._meta.model_name)
    response = client.get(reverse(f"admin:{info[0]}_{info[1]}_changelist"), {"q": "kiez"})
    assert response.status_code == 200
    if model_admin.has_add_permission(response.wsgi_request):
        assert client.get(reverse(f"admin:{info[0]}_{info[1]}_add")).status_code == 200


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=lambda value: getattr(value, "_meta", None) and value._meta.label or ""
)
def test_project_models_have_list_display_filters_and_search(model, model_admin):
    if model._meta.app_label not in PROJECT_APPS:
        return
    assert model_admin.list_display != ("__str__",), f"{model._meta.label} needs list_display"
    assert model_admin.search_fields, f"{model._meta.label} needs search_fields"
    assert model_admin.list_filter is not None


def test_admin_is_branded_with_the_area_name(client, qm_staff):
    from apps.pages.models import SiteSettings

    settings = SiteSettings.load()
    settings.area_name = "QM Musterkiez"
    settings.save()
    client.force_login(qm_staff)
    assert "QM Musterkiez" in client.get(reverse("admin:index")).content.decode()


def test_residents_cannot_open_the_admin(client, resident):
    client.force_login(resident)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
