"""Benchmark data: notification settings of 2,000 addresses per scale unit (and of the bench
users), 5,000 digest items waiting and 200 office notices (bulk_create, deterministic from rng).
The pages are the settings page per role and the signed link's page."""

from apps.accounts.bench import bench_email
from apps.pages.bench_registry import ROLES, scaled

from .models import Choice, DigestItem, Kind, OfficeKind, OfficeNotice, Preference
from .tokens import make_token

ADDRESSES_PER_SCALE = 2000
ITEMS_PER_SCALE = 5000
NOTICES_PER_SCALE = 200
BATCH = 1000


def _address(number: int) -> str:
    return f"leserin{number}@bench.example"


def generate(*, scale: int, rng, stdout) -> None:
    kinds, choices = list(Kind.values), list(Choice.values)
    addresses = [_address(number) for number in range(scaled(ADDRESSES_PER_SCALE, scale))]
    preferences = [
        Preference(email=email, kind=kind, choice=rng.choice(choices))
        for email in addresses + [bench_email(role) for role in ROLES]
        for kind in kinds
    ]
    Preference.objects.bulk_create(preferences, batch_size=BATCH, ignore_conflicts=True)
    items = [
        DigestItem(
            email=rng.choice(addresses),
            kind=rng.choice(kinds),
            frequency=rng.choice([Choice.DAILY, Choice.WEEKLY]),
            object_key=f"bench:{number}",
            subject=f"Meldung {number}",
            body="Etwas ist passiert.",
            language="de",
        )
        for number in range(scaled(ITEMS_PER_SCALE, scale))
    ]
    DigestItem.objects.bulk_create(items, batch_size=BATCH, ignore_conflicts=True)
    notices = [
        OfficeNotice(kind=rng.choice(OfficeKind.values), object_key=f"bench:{number}", summary=f"Eingang {number}")
        for number in range(scaled(NOTICES_PER_SCALE, scale))
    ]
    OfficeNotice.objects.bulk_create(notices, batch_size=BATCH, ignore_conflicts=True)
    stdout.write(f"notifications: {len(preferences)} settings, {len(items)} digest items, {len(notices)} notices\n")


def pages() -> list[tuple[str, str, str | None]]:
    link = f"/konto/benachrichtigungen/link/{make_token(_address(0), Kind.values)}/"
    return [
        ("notifications: settings as resident", "/konto/benachrichtigungen/", "resident"),
        ("notifications: settings as council member", "/konto/benachrichtigungen/", "council"),
        ("notifications: settings as juror", "/konto/benachrichtigungen/", "juror"),
        ("notifications: signed settings link", link, None),
    ]
