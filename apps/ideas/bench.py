"""Benchmark data: ten years of ideas and concerns of one area per scale unit.

Scale 1: 5,000 entries (in every status, with their status history), 50,000 supports by
distinct bench residents per entry, 20,000 comments.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from apps.accounts.models import User
from apps.actionplan.models import FieldOfAction

from .demo import PATHS
from .models import PUBLIC_STATUSES, Comment, Idea, IdeaStatus, Office, StatusChange, Support

IDEAS = 5_000
SUPPORTS = 50_000
COMMENTS = 20_000
RESIDENTS = 400  # bench resident accounts that support and comment
BATCH = 5_000

STATUS_WEIGHTS = {
    IdeaStatus.UNCONFIRMED: 2,
    IdeaStatus.NEW: 3,
    IdeaStatus.REJECTED: 5,
    IdeaStatus.PUBLISHED: 38,
    IdeaStatus.IN_REVIEW: 15,
    IdeaStatus.TAKEN_UP: 15,
    IdeaStatus.REALISED: 14,
    IdeaStatus.NOT_PURSUED: 8,
}
WISHES = ["Mehr Bänke", "Neue Bäume", "Ein Trinkbrunnen", "Bessere Beleuchtung", "Ein Nachbarschaftsfest",
          "Mehr Mülleimer", "Ein Bücherschrank", "Fahrradbügel", "Ein Sprachcafé", "Hausaufgabenhilfe",
          "Ein Gemeinschaftsgarten", "Sichere Schulwege", "Ein Repair-Café", "Mehr Spielgeräte", "Eine Kiezzeitung"]  # fmt: skip
PLACES = ["am Spielplatz", "an der Uferpromenade", "auf dem Beispielplatz", "in der Kiezstraße", "am Schulhof",
          "im Hinterhof", "vor der Bibliothek", "am Nachbarschaftstreff", "an der Brücke", "im Park"]  # fmt: skip
SENTENCES = ["Viele Nachbarinnen und Nachbarn wünschen sich das schon lange.",
             "Besonders Kinder und ältere Menschen würden davon profitieren.",
             "Im Sommer ist die Situation besonders schwierig.",
             "Die Hausverwaltung und die Schule haben Unterstützung angeboten.",
             "Abends fühlen sich viele dort unsicher.",
             "Ein ähnliches Projekt im Nachbarkiez war sehr erfolgreich.",
             "Wir würden gerne selbst mit anpacken."]  # fmt: skip
OFFICES = [("Straßen- und Grünflächenamt", "sga@bench.example"), ("Ordnungsamt", "oa@bench.example"),
           ("Jugendamt", "jugend@bench.example")]  # fmt: skip


def _residents(rng) -> list[int]:
    """Bench resident accounts (created in bulk with an unusable password)."""
    emails = [f"bench-ideas-{n}@bench.example" for n in range(RESIDENTS)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=email, password=password, first_name=f"Nachbar{n}", last_name=rng.choice("ABCDEFGHKLMNPRST"))
            for n, email in enumerate(emails)
            if email not in existing
        ],
        batch_size=BATCH,
    )
    return list(User.objects.filter(email__in=emails).values_list("pk", flat=True))


def generate(*, scale: int, rng, stdout) -> None:
    now = timezone.now()
    fields = list(FieldOfAction.objects.active())
    offices = [Office.objects.get_or_create(name=name, defaults={"email": email})[0] for name, email in OFFICES]
    residents = _residents(rng)
    staff = User.objects.filter(email="bench-staff@bench.example").values_list("pk", flat=True).first()
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    total = IDEAS * scale
    start_pk = (Idea.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    ideas = []
    for n in range(total):
        status = rng.choices(statuses, weights)[0]
        kind = Idea.Kind.CONCERN if rng.random() < 0.35 else Idea.Kind.IDEA
        created_at = now - timedelta(
            days=rng.uniform(0, 3650) if status != IdeaStatus.UNCONFIRMED else rng.uniform(0, 6)
        )
        path = PATHS[status]
        forwarded = kind == Idea.Kind.CONCERN and status in (
            IdeaStatus.IN_REVIEW,
            IdeaStatus.TAKEN_UP,
            IdeaStatus.REALISED,
        )
        ideas.append(
            Idea(
                kind=kind,
                title=f"{rng.choice(WISHES)} {rng.choice(PLACES)}",
                description=" ".join(rng.sample(SENTENCES, 3)),
                field_of_action=rng.choice(fields) if fields and rng.random() < 0.8 else None,
                location=rng.choice(PLACES).split(" ", 1)[1],
                display_name=f"Nachbar/in {n}" if rng.random() < 0.3 else "",
                email=f"bench-submitter-{n}@bench.example",
                privacy_consent_at=created_at,
                status=status,
                is_hidden=rng.random() < 0.01,
                created_at=created_at,
                confirmed_at=created_at + timedelta(hours=2) if path else None,
                published_at=created_at + timedelta(days=1) if IdeaStatus.PUBLISHED in path else None,
                office=rng.choice(offices) if forwarded else None,
                forwarded_at=created_at + timedelta(days=3) if forwarded else None,
                office_answer="Wir prüfen den Hinweis und melden uns." if forwarded and rng.random() < 0.6 else "",
            )
        )

    # Supports: an exponential spread over the public entries, distinct residents per entry.
    public = [i for i, idea in enumerate(ideas) if idea.status in PUBLIC_STATUSES and not idea.is_hidden]
    counts = dict.fromkeys(public, 0)
    remaining = SUPPORTS * scale
    mean = remaining / max(len(public), 1)
    for i in public:
        counts[i] = min(len(residents), int(rng.expovariate(1 / mean)))
    remaining -= sum(counts.values())
    while remaining > 0:
        i = rng.choice(public)
        if counts[i] < len(residents):
            counts[i] += 1
            remaining -= 1
    while remaining < 0:
        i = rng.choice(public)
        if counts[i] > 0:
            counts[i] -= 1
            remaining += 1
    for i, count in counts.items():
        ideas[i].support_count = count

    created = Idea.objects.bulk_create(ideas, batch_size=BATCH)
    stdout.write(f"  ideas: {len(created)} entries")

    history = []
    for idea in created:
        previous = IdeaStatus.UNCONFIRMED
        for step, to in enumerate(PATHS[IdeaStatus(idea.status)]):
            history.append(
                StatusChange(
                    idea_id=idea.pk,
                    from_status=previous,
                    to_status=to,
                    by_id=None if to == IdeaStatus.NEW else staff,
                    at=idea.created_at + timedelta(hours=2, days=step * 7),
                    comment="" if to in (IdeaStatus.NEW, IdeaStatus.PUBLISHED) else rng.choice(SENTENCES),
                )
            )
            previous = to
        if len(history) >= BATCH:
            StatusChange.objects.bulk_create(history)
            history = []
    StatusChange.objects.bulk_create(history)

    supports = []
    written = 0
    for i, count in counts.items():
        idea = created[i]
        for user_id in rng.sample(residents, count):
            supports.append(Support(idea_id=idea.pk, user_id=user_id, created_at=idea.published_at))
        if len(supports) >= BATCH:
            Support.objects.bulk_create(supports)
            written += len(supports)
            supports = []
    Support.objects.bulk_create(supports)
    written += len(supports)
    stdout.write(f"  ideas: {written} supports")

    comments = []
    public_ideas = [created[i] for i in public]
    for _ in range(COMMENTS * scale):
        idea = rng.choice(public_ideas)
        comments.append(
            Comment(
                idea_id=idea.pk,
                author_id=rng.choice(residents),
                text=rng.choice(SENTENCES),
                status=Comment.Status.APPROVED if rng.random() < 0.92 else Comment.Status.PENDING,
                created_at=idea.published_at + timedelta(hours=rng.uniform(1, 2000)),
            )
        )
        if len(comments) >= BATCH:
            Comment.objects.bulk_create(comments)
            comments = []
    Comment.objects.bulk_create(comments)
    stdout.write(f"  ideas: {COMMENTS * scale} comments (first new id {start_pk})")
    if connection.vendor == "postgresql":  # fresh statistics, so the planner picks the search index
        with connection.cursor() as cursor:
            for table in ("ideas_idea", "ideas_statuschange", "ideas_support", "ideas_comment"):
                cursor.execute(f"ANALYZE {table}")


def pages() -> list[tuple[str, str, str | None]]:
    top = Idea.objects.public().order_by("-support_count", "-pk").first()
    field = FieldOfAction.objects.active().first()
    pages = [
        ("ideas: list", "/ideen/", None),
        ("ideas: list, most supported", "/ideen/?sort=supported", None),
        ("ideas: list, page 40", "/ideen/?page=40", None),
        ("ideas: search", "/ideen/?q=Spielpl%C3%A4tze", None),
        ("ideas: list, filtered", f"/ideen/?kind=concern&status=in_review&field={field.slug if field else ''}", None),
        ("ideas: submit form", "/ideen/neu/", None),
    ]
    if top:
        pages += [
            ("ideas: detail", top.get_absolute_url(), None),
            ("ideas: detail as resident", top.get_absolute_url(), "resident"),
            ("ideas: detail as staff", top.get_absolute_url(), "staff"),
        ]
    return pages
