"""Staff members below superuser cannot gain or hand out rights in the admin: each field and view
an escalation could go through, tried with real POSTs as a QM team member (and allowed for a superuser)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ein-ganz-neues-Passwort-2026"  # noqa: S105


def change_data(user, **extra) -> dict:
    """The user change form as a browser sends it (unchanged values), plus ``extra``."""
    joined = user.date_joined
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": f"{joined:%d.%m.%Y}",
        "date_joined_1": f"{joined:%H:%M:%S}",
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(extra)
    return data


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def qm_group(qm_staff):
    return Group.objects.get(name=Role.QM_TEAM)


@pytest.mark.parametrize(
    ("field", "value", "attribute"),
    [
        ("is_staff", "on", lambda user: user.is_staff),
        ("is_superuser", "on", lambda user: user.is_superuser),
        ("user_permissions", "permission", lambda user: user.user_permissions.exists()),
    ],
)
def test_qm_team_cannot_grant_staff_superuser_or_permissions(client, qm_staff, resident, field, value, attribute):
    if value == "permission":
        value = [Permission.objects.get(codename="change_group").pk]
    client.force_login(qm_staff)
    response = client.post(change_url(resident), change_data(resident, **{field: value}, last_name="Neu"))
    assert response.status_code == 302  # the other fields are saved ...
    resident.refresh_from_db()
    assert resident.last_name == "Neu"
    assert not attribute(resident)  # ... the privilege is not


def test_qm_team_cannot_put_anyone_in_the_qm_team_group(client, qm_staff, resident, qm_group):
    client.force_login(qm_staff)
    response = client.post(change_url(resident), change_data(resident, groups=[qm_group.pk]))
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert not resident.groups.filter(pk=qm_group.pk).exists()


def test_qm_team_manages_role_groups_of_residents(client, qm_staff, resident):
    council = Group.objects.get(name=Role.COUNCIL)
    client.force_login(qm_staff)
    response = client.post(change_url(resident), change_data(resident, groups=[council.pk]))
    assert response.status_code == 302
    assert resident.has_role(Role.COUNCIL)


def test_qm_team_cannot_change_its_own_or_another_staff_account(client, qm_staff, make_user):
    colleague = make_user("staff")
    client.force_login(qm_staff)
    for target in (qm_staff, colleague):
        response = client.post(change_url(target), change_data(target, is_superuser="on", email="neu@example.org"))
        assert response.status_code == 403
        target.refresh_from_db()
        assert not target.is_superuser and target.email != "neu@example.org"
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert client.post(change_url(superuser), change_data(superuser, is_active="")).status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active


def test_qm_team_cannot_set_a_staff_members_password(client, qm_staff, make_user, superuser):
    colleague = make_user("staff")
    client.force_login(qm_staff)
    for target in (colleague, superuser):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.check_password(PASSWORD)


def test_qm_team_sets_a_residents_password(client, qm_staff, resident):
    client.force_login(qm_staff)
    url = reverse("admin:auth_user_password_change", args=[resident.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


def test_qm_team_cannot_change_a_user_with_extra_permissions(client, qm_staff, resident):
    resident.user_permissions.add(Permission.objects.get(codename="change_group"))
    client.force_login(qm_staff)
    assert client.post(change_url(resident), change_data(resident, last_name="X")).status_code == 403


def test_qm_team_adds_accounts_without_privileges(client, qm_staff, qm_group):
    client.force_login(qm_staff)
    data = {"email": "neu@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "usable_password": "true", "is_staff": "on", "is_superuser": "on"}  # fmt: skip
    response = client.post(reverse("admin:accounts_user_add"), {**data, "groups": [qm_group.pk]})
    assert response.status_code == 200 and "groups" in response.context["adminform"].form.errors
    assert not User.objects.filter(email="neu@example.org").exists()
    response = client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302
    created = User.objects.get(email="neu@example.org")
    assert not created.is_staff and not created.is_superuser


def test_qm_team_cannot_edit_group_permissions(client, qm_staff, qm_group):
    client.force_login(qm_staff)
    permission = Permission.objects.get(codename="change_group")
    url = reverse("admin:auth_group_change", args=[qm_group.pk])
    response = client.post(url, {"name": qm_group.name, "permissions": [permission.pk]})
    assert response.status_code == 403
    assert not qm_group.permissions.filter(pk=permission.pk).exists()
    assert client.post(reverse("admin:auth_group_add"), {"name": "Neu"}).status_code == 403


def test_qm_team_cannot_add_an_email_address_to_a_staff_account(client, qm_staff, superuser):
    client.force_login(qm_staff)
    url = reverse("admin:account_emailaddress_add")
    response = client.post(url, {"user": superuser.pk, "email": "falle@example.org", "verified": "on", "primary": ""})
    assert response.status_code == 200 and "user" in response.context["adminform"].form.errors
    assert not EmailAddress.objects.filter(email="falle@example.org").exists()
    address = EmailAddress.objects.get(user=superuser)
    change = reverse("admin:account_emailaddress_change", args=[address.pk])
    response = client.post(change, {"user": superuser.pk, "email": "falle@example.org", "verified": "on"})
    assert response.status_code == 302  # "does not exist" redirect to the admin index
    address.refresh_from_db()
    assert address.email == superuser.email


def test_superuser_grants_everything(client, superuser, resident, qm_group):
    client.force_login(superuser)
    permission = Permission.objects.get(codename="change_group")
    data = change_data(resident, is_staff="on", groups=[qm_group.pk], user_permissions=[permission.pk])
    assert client.post(change_url(resident), data).status_code == 302
    resident.refresh_from_db()
    assert resident.is_staff and resident.has_role(Role.QM_TEAM) and resident.user_permissions.exists()


def test_qm_team_carries_out_an_erasure_request(client, qm_staff, resident, make_user):
    colleague = make_user("staff")
    client.force_login(qm_staff)
    url = reverse("admin:accounts_user_changelist")
    data = {"action": "erase_accounts", "_selected_action": [resident.pk, colleague.pk]}
    page = client.post(url, data)
    assert page.status_code == 200 and resident.email in page.content.decode()
    assert colleague.email not in page.content.decode().split("<ul>", 1)[1]
    response = client.post(url, {**data, "confirm": "1", "reason": "Antrag per Brief vom 1.11."})
    assert response.status_code == 302
    resident.refresh_from_db()
    colleague.refresh_from_db()
    assert not resident.is_active and "geloescht" in resident.email
    assert colleague.is_active and colleague.is_staff
    from django.contrib.admin.models import LogEntry

    entry = LogEntry.objects.get(object_id=str(resident.pk))
    assert entry.user == qm_staff and "Antrag per Brief" in entry.change_message


def test_nobody_deletes_accounts_outright(client, qm_staff, resident, superuser):
    for user in (qm_staff, superuser):
        client.force_login(user)
        url = reverse("admin:accounts_user_delete", args=[resident.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=resident.pk, is_active=True).exists()
