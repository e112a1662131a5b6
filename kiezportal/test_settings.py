"""Settings for the test suite (pytest-django loads this module, see pyproject.toml).

The project's one settings module, read as a developer's machine would (``DEBUG`` on, so no
secret key is needed), on PostgreSQL from ``DATABASE_URL`` (default: the local server), plus
Django's documented test practice: a fast password hasher, since the factories create hundreds
of users and PBKDF2 with its production iteration count costs half a second each. One test
(tests/test_settings.py) logs in with the production hasher.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kiezportal")

from kiezportal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
