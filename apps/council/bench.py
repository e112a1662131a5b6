"""Benchmark data: ten years of council work (scale 1: 5 terms, 250 meetings, 2,500 agenda items
with a decision each on held meetings); the benchmark council user holds a seat in the current term."""

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from apps.accounts.bench import bench_user
from apps.core.files import private_storage
from apps.pages.bench_registry import scaled

from .models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    CouncilSettings,
    Decision,
    Meeting,
    MeetingStatus,
    Membership,
    SeatType,
    Term,
    compute_result,
)

TERMS = 5
SEATS_PER_TERM = 20
RESIDENT_SEATS = 11
MEETINGS = 250
ITEMS_PER_MEETING = 10
TERM_DAYS = 730
BENCH_PREFIX = "Bench-Wahlperiode"

TOPICS = [
    "Projektfonds: Lernwerkstatt", "Baufonds: Spielplatz", "Aktionsfonds: Bericht der Jury", "Verkehrskonzept",
    "Nachbarschaftsgärten", "Kiezfest", "Bericht des Quartiersmanagements", "Mietangelegenheit Kiezladen",
    "Jugendarbeit im Kiez", "Sprachcafé", "Begrüßung", "Verschiedenes",
]  # fmt: skip
FIRST_NAMES = ["Mehmet", "Sabine", "Yusuf", "Claudia", "Oksana", "Jonas", "Fatma", "Peter", "Leyla", "Gisela", "Thomas"]


def generate(*, scale: int, rng: random.Random, stdout) -> None:
    council_settings = CouncilSettings.load()
    today = timezone.localdate()
    current_start = today - timedelta(days=365)
    first_start = current_start - timedelta(days=TERM_DAYS * (TERMS - 1))
    terms = Term.objects.bulk_create(
        [
            Term(
                name=f"{BENCH_PREFIX} {index + 1}",
                starts_on=first_start + timedelta(days=TERM_DAYS * index),
                ends_on=first_start + timedelta(days=TERM_DAYS * (index + 1) - 1),
            )
            for index in range(TERMS)
        ]
    )

    council_user = bench_user("council")
    seats = []
    for term in terms:
        for index in range(SEATS_PER_TERM):
            resident = index < RESIDENT_SEATS
            seats.append(
                Membership(
                    term=term,
                    user=council_user if term is terms[-1] and index == 0 else None,
                    display_name=f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randrange(26))}.",
                    seat_type=SeatType.RESIDENT if resident else SeatType.ACTOR,
                    organisation="" if resident else f"Einrichtung {index}",
                    valid_from=term.starts_on,
                    consent_name=rng.random() < 0.6,
                )
            )
    seats = Membership.objects.bulk_create(seats)
    seats_by_term = {term.pk: [seat for seat in seats if seat.term_id == term.pk] for term in terms}

    count = scaled(MEETINGS, scale, minimum=30)
    span = (terms[-1].ends_on - first_start).days - 30
    first_number = (Meeting.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    meetings = []
    for index in range(count):
        day = first_start + timedelta(days=10 + span * index // count)
        starts_at = timezone.make_aware(datetime.combine(day, time(18, 30)))
        term = next(term for term in terms if term.starts_on <= day <= term.ends_on)
        past = starts_at < now
        meetings.append(
            Meeting(
                term=term,
                number=first_number + index,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                place="Nachbarschaftshaus, Beispielstraße 12",
                status=MeetingStatus.MINUTES_APPROVED if past else MeetingStatus.PLANNED,
                minutes_public="Die Beschlüsse stehen bei den Tagesordnungspunkten." if past else "",
                minutes_internal="Internes Protokoll." if past else "",
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=1000)

    attendances, present_by_meeting = [], {}
    for meeting in meetings:
        if meeting.starts_at >= now:
            continue
        term_seats = seats_by_term[meeting.term_id]
        present = rng.sample(term_seats, rng.randint(9, len(term_seats)))
        present_by_meeting[meeting.pk] = present
        attendances.extend(Attendance(meeting=meeting, membership=seat) for seat in present)
    Attendance.objects.bulk_create(attendances, batch_size=5000)

    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                position=position,
                title=f"{rng.choice(TOPICS)} ({meeting.number}/{position})",
                description="Beratung und Beschlussfassung.",
                is_confidential=rng.random() < 0.1,
            )
            for meeting in meetings
            for position in range(1, ITEMS_PER_MEETING + 1)
        ],
        batch_size=5000,
    )

    pdf_name = private_storage().save("council/documents/bench.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    AgendaDocument.objects.bulk_create(
        [AgendaDocument(agenda_item=item, title="Vorlage", file=pdf_name) for item in items if item.position == 2],
        batch_size=5000,
    )

    decisions, recusals = [], []
    for item in items:
        present = present_by_meeting.get(item.meeting_id)
        if present is None:
            continue
        recused = rng.sample(present, rng.choice([0, 0, 0, 1, 2]))
        eligible = len(present) - len(recused)
        yes = rng.randint(0, eligible)
        no = rng.randint(0, eligible - yes)
        abstain = rng.randint(0, eligible - yes - no)
        funding = "fonds" in item.title
        voting_members = SEATS_PER_TERM
        decisions.append(
            Decision(
                agenda_item=item,
                motion=f"Der Quartiersrat beschließt zu „{item.title}“.",
                is_funding_decision=funding,
                votes_yes=yes,
                votes_no=no,
                votes_abstain=abstain,
                voting_members=voting_members,
                present_voting=len(present),
                recused_count=len(recused),
                quorum_rule=council_settings.quorum_rule,
                majority_rule=council_settings.majority_rule,
                result=compute_result(
                    quorum_rule=council_settings.quorum_rule,
                    majority_rule=council_settings.majority_rule,
                    voting_members=voting_members,
                    present_for_item=eligible,
                    is_funding_decision=funding,
                    yes=yes,
                    no=no,
                ),
                recorded_at=item.meeting.starts_at + timedelta(hours=1),
            )
        )
        recusals.append(recused)
    decisions = Decision.objects.bulk_create(decisions, batch_size=5000)
    Recusal = Decision.recused.through
    Recusal.objects.bulk_create(
        [
            Recusal(decision_id=decision.pk, membership_id=seat.pk)
            for decision, recused in zip(decisions, recusals, strict=True)
            for seat in recused
        ],
        batch_size=5000,
    )
    stdout.write(
        f"  council: {len(terms)} terms, {len(meetings)} meetings, {len(items)} agenda items, {len(decisions)} decisions"
    )


def pages() -> list[tuple[str, str, str | None]]:
    current = Term.objects.filter(name__startswith=BENCH_PREFIX).order_by("-starts_on").first()
    held = Meeting.objects.filter(term=current, status=MeetingStatus.MINUTES_APPROVED).order_by("-starts_at").first()
    detail = reverse("council:meeting_detail", kwargs={"pk": held.pk})
    list_page = min(10, max(1, -(-Meeting.objects.count() // 20)))  # page 10, or the last at tiny scales
    return [
        ("council index", reverse("council:index"), None),
        ("council meeting list", reverse("council:meeting_list"), None),
        ("council meeting list page 10", reverse("council:meeting_list") + f"?page={list_page}", None),
        ("council meeting detail", detail, None),
        ("council decisions", reverse("council:decision_list"), None),
        ("council decisions, filtered", reverse("council:decision_list") + f"?term={current.pk}&result=adopted", None),
        ("council meeting detail (member)", detail, "council"),
        ("council my meetings", reverse("council:my_meetings"), "council"),
        ("council iCalendar feed", reverse("council:meeting_ics"), None),
    ]
