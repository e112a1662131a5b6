"""Sign-up tells nothing about which addresses are registered: the same answer, one mail, and the
same password-hashing work (the step that made new addresses 0.5–1.5 s slower) on both paths."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def sign_up(client, email):
    data = {"email": email, "password1": "Kiez-Passwort-2026!", "password2": "Kiez-Passwort-2026!"}
    return client.post(reverse("account_signup"), data)


def test_registered_and_new_addresses_get_the_same_answer_and_work(client, counting_hasher, resident):
    work = {}
    for label, email in (("new", "neu@example.org"), ("registered", resident.email)):
        counting_hasher.calls = 0
        mail.outbox.clear()
        response = sign_up(client, email)
        work[label] = (response.status_code, response.get("Location"), counting_hasher.calls, len(mail.outbox))
        client.cookies.clear()
    assert work["new"] == work["registered"]
    assert work["new"][2] >= 1 and work["new"][3] == 1
    assert User.objects.filter(email="neu@example.org").exists()
    assert User.objects.filter(email=resident.email).count() == 1
