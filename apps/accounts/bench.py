"""Benchmark users: one per role, created before every app's bench data (see bench/)."""

from django.contrib.auth.models import Group

from .models import User
from .roles import Role

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - benchmark database only
BENCH_ROLES = {
    "resident": None,
    "provider": Role.PROVIDER,
    "council": Role.COUNCIL,
    "juror": Role.JUROR,
    "staff": Role.QM_TEAM,
}


def bench_email(role: str) -> str:
    return f"bench-{role}@bench.example"


def bench_user(role: str) -> User:
    """The benchmark user of a role ("resident", "provider", "council", "juror", "staff")."""
    return User.objects.get(email=bench_email(role))


def generate(*, scale: int, rng, stdout) -> None:
    from allauth.account.models import EmailAddress

    for role, group in BENCH_ROLES.items():
        user, created = User.objects.get_or_create(
            email=bench_email(role), defaults={"first_name": role.title(), "is_staff": role == "staff"}
        )
        if created:
            user.set_password(BENCH_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if group:
            user.groups.add(Group.objects.get(name=group))


def pages() -> list[tuple[str, str, str | None]]:
    return []
