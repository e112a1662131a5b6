"""One login throttle (django-axes) for /konto/login/ and /admin/login/, keyed on address + client
address: wrong passwords pause that pair only, so a stranger elsewhere cannot lock a known account
out, and the counters live in the database, where page traffic cannot evict them."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"


def konto_login(client, user, password, ip):
    return client.post(reverse("account_login"), {"login": user.email, "password": password}, REMOTE_ADDR=ip)


def admin_login(client, user, password, ip):
    data = {"username": user.email, "password": password, "next": "/admin/"}
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=ip)


def logged_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.parametrize("login", [konto_login, admin_login], ids=["konto", "admin"])
def test_five_wrong_passwords_pause_the_login_even_with_the_right_one(client, qm_staff, login):
    statuses = [login(client, qm_staff, "falsch", ATTACKER).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure pauses the login
    response = login(client, qm_staff, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Anmeldung pausiert" in response.content.decode()
    assert not logged_in_as(client, qm_staff)


@pytest.mark.parametrize("login", [konto_login, admin_login], ids=["konto", "admin"])
def test_a_stranger_cannot_lock_the_owner_out_from_another_address(client, qm_staff, login):
    for _ in range(10):
        login(client, qm_staff, "falsch", ATTACKER)
    response = login(client, qm_staff, PASSWORD, OWNER)
    assert response.status_code == 302
    assert logged_in_as(client, qm_staff)


def test_both_login_pages_count_together(client, qm_staff):
    for _ in range(3):
        konto_login(client, qm_staff, "falsch", ATTACKER)
    for _ in range(2):
        admin_login(client, qm_staff, "falsch", ATTACKER)
    assert konto_login(client, qm_staff, PASSWORD, ATTACKER).status_code == 429
    assert admin_login(client, qm_staff, PASSWORD, ATTACKER).status_code == 429


def test_people_behind_one_proxy_are_told_apart_by_the_proxy_header(client, settings, resident, qm_staff):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(5):
        client.post(reverse("account_login"), {"login": qm_staff.email, "password": "falsch"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=ATTACKER)  # fmt: skip
    response = client.post(reverse("admin:login"), {"username": qm_staff.email, "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=OWNER)  # fmt: skip
    assert response.status_code == 302 and logged_in_as(client, qm_staff)


def test_the_address_is_counted_whatever_its_case(client, qm_staff):
    for variant in ("QM", "Qm", "qM", "qm", "QM"):
        email = qm_staff.email.upper() if variant == "QM" else qm_staff.email
        client.post(reverse("account_login"), {"login": email, "password": "x"}, REMOTE_ADDR=ATTACKER)
    assert konto_login(client, qm_staff, PASSWORD, ATTACKER).status_code == 429


def test_counters_survive_clearing_the_page_cache(client, qm_staff):
    for _ in range(5):
        admin_login(client, qm_staff, "falsch", ATTACKER)
    caches["default"].clear()
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    assert admin_login(client, qm_staff, PASSWORD, ATTACKER).status_code == 429


def test_a_successful_login_resets_the_count(client, resident):
    for _ in range(4):
        konto_login(client, resident, "falsch", OWNER)
    assert konto_login(client, resident, PASSWORD, OWNER).status_code == 302
    client.logout()
    for _ in range(4):
        konto_login(client, resident, "falsch", OWNER)
    assert konto_login(client, resident, PASSWORD, OWNER).status_code == 302
