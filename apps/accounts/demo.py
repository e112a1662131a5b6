"""Demo users: one login per role (fictional people)."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from .models import User
from .roles import Role

DEMO_PASSWORD_DEBUG = "kiez-demo-2026"  # noqa: S105 - only set and printed when DEBUG is on

# email, first name, last name, display name, role group (None: plain resident), staff
DEMO_USERS = [
    ("qm@kiezportal.example", "Jana", "Beispiel", "", Role.QM_TEAM, True),
    ("rat@kiezportal.example", "Mehmet", "Muster", "Mehmet M.", Role.COUNCIL, False),
    ("jury@kiezportal.example", "Lena", "Probe", "Lena P.", Role.JUROR, False),
    ("traeger@kiezportal.example", "Kiezwerk", "e. V.", "Kiezwerk e. V.", Role.PROVIDER, False),
    ("bewohner@kiezportal.example", "Ayşe", "Demo", "Ayşe D.", None, False),
]


def demo_logins() -> list[tuple[str, str]]:
    labels = {None: "Resident (Bewohner/in)"}
    return [(str(labels.get(role) or role.label), email) for email, *_rest, role, _staff in DEMO_USERS]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def load(*, stdout) -> None:
    password = DEMO_PASSWORD_DEBUG if settings.DEBUG else secrets.token_urlsafe(18)
    for email, first_name, last_name, display_name, role, staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "display_name": display_name,
                "is_staff": staff,
            },
        )
        if created or settings.DEBUG:
            user.set_password(password)
            user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get(name=role.value))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
