"""Settings: production settings pass ``check --deploy``; no SECRET_KEY without DEBUG fails loudly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 30 + "production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="kiezportal.example.org",
        SITE_URL="https://kiezportal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_without_debug_fails_loudly():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_login_with_the_production_password_hasher(client, settings, django_user_model):
    """The suite hashes with MD5 for speed (kiezportal/test_settings.py); production uses
    Django's default (PBKDF2), and a login through the real form works with it."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    user = django_user_model.objects.create_user(email="pbkdf2@example.org", password="a-long-test-password-2026")
    assert user.password.startswith("pbkdf2_sha256$")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/konto/login/", {"login": user.email, "password": "a-long-test-password-2026"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
