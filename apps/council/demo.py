"""Demo data for the SpreekiezRat: a two-year term with a resident majority, members with and
without consent, past meetings with minutes and decisions, and upcoming meetings (idempotent)."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.demo import demo_user
from apps.core.workflow import transition
from apps.funding.models import Application, ApplicationStatus
from apps.network.models import Actor

from .models import AgendaDocument, AgendaItem, Attendance, CouncilSettings, Meeting, MeetingStatus, Membership, Term
from .services import decision_record

INTRO = (
    "Der **SpreekiezRat** ist der Quartiersrat im Spreekiez. Bewohnerinnen und Bewohner sowie Akteure aus "
    "Schulen, Kitas, Vereinen und Religionsgemeinschaften beraten gemeinsam mit dem Quartiersmanagement, "
    "welche Projekte gefördert werden und wie sich der Kiez entwickeln soll.\n\n"
    "Die Sitzungen sind in der Regel öffentlich. Gäste sind herzlich willkommen!"
)

PLACE = "Nachbarschaftshaus Spreekiez, Beispielstraße 12, Saal im Erdgeschoss"

# display name, seat type, organisation, role, has vote, consent to be named
# Directory entries (network demo) of the organisations an actor seat represents.
SEAT_ACTORS = {
    "Thomas B.": ["spreekiez-grundschule"],
    "Ayla D.": ["kita-spreepiraten"],
    "Hamid S.": ["mevlana-moschee", "kirchengemeinde-zum-guten-hirten"],
    "Ute N.": ["mieterinitiative-faehrstrasse"],
    "Marco F.": ["jugendclub-die-werft"],
    "Renate G.": ["wbg-spreeufer"],
}

MEMBERS = [
    ("Mehmet M.", "resident", "", "speaker", True, True),
    ("Sabine K.", "resident", "", "deputy", True, True),
    ("Yusuf A.", "resident", "", "member", True, True),
    ("Claudia R.", "resident", "", "member", True, False),
    ("Oksana P.", "resident", "", "member", True, True),
    ("Jonas W.", "resident", "", "member", True, False),
    ("Fatma Ö.", "resident", "", "member", True, True),
    ("Peter L.", "resident", "", "member", True, False),
    ("Leyla H.", "resident", "", "member", True, False),
    ("Gisela T.", "resident", "", "member", True, True),
    ("Thomas B.", "actor", "Spreekiez-Grundschule", "member", True, True),
    ("Ayla D.", "actor", "Kita Spreepiraten", "member", True, True),
    (
        "Hamid S.",
        "actor",
        "Mevlana-Moschee Spreekiez e. V.; Ev. Kirchengemeinde Zum Guten Hirten",
        "member",
        True,
        False,
    ),
    ("Ute N.", "actor", "Mieterinitiative Fährstraße", "member", True, True),
    ("Marco F.", "actor", "Jugendclub Die Werft", "member", True, True),
    ("Renate G.", "actor", "Wohnungsbaugesellschaft Spreeufer mbH", "member", True, False),
    ("Dr. Ines V.", "actor", "Bildungsnetzwerk „Spreekiez macht Schule“", "member", True, True),
]

# offset in days, status, agenda [(title, confidential, motion or None, yes, no, abstain, recused, funding)]
MEETINGS = [
    (-150, MeetingStatus.MINUTES_APPROVED, [
        ("Begrüßung und Genehmigung der Tagesordnung", False, None),
        ("Projektfonds: Lernwerkstatt „Kiezforscher“", False,
         ("Der SpreekiezRat empfiehlt die Förderung der Lernwerkstatt „Kiezforscher“ aus dem Projektfonds.", 11, 2, 1, 1, True)),
        ("Verschiedenes", False, None),
    ]),
    (-120, MeetingStatus.MINUTES_APPROVED, [
        ("Bericht des Quartiersmanagements", False, None),
        ("Baufonds: Priorisierung Umgestaltung Beispielplatz", False,
         ("Der SpreekiezRat priorisiert die Umgestaltung des Beispielplatzes für den Baufonds.", 12, 1, 0, 0, True)),
        ("Personalangelegenheit Nachbarschaftshaus", True,
         ("Der SpreekiezRat stimmt der Verlängerung des Hausmeistervertrags zu.", 8, 3, 2, 0, False)),
    ]),
    (-90, MeetingStatus.MINUTES_APPROVED, [
        ("Aktionsfonds: Bericht der Jury", False, None),
        ("Stellungnahme zum Verkehrskonzept Uferstraße", False,
         ("Der SpreekiezRat fordert eine Tempo-30-Zone in der Uferstraße.", 7, 7, 1, 0, False)),
    ]),
    (-60, MeetingStatus.MINUTES_APPROVED, [
        ("Projektfonds: Nachbarschaftsgärten", False,
         ("Der SpreekiezRat empfiehlt die Förderung der Nachbarschaftsgärten.", 6, 1, 0, 0, True)),
    ]),
    (-30, MeetingStatus.HELD, [
        ("Begrüßung", False, None),
        ("IHEK: Prioritäten und Arbeitsschwerpunkte für 2027", False,
         ("Der SpreekiezRat legt die Prioritäten für 2027 fest: Hitzeschutz im öffentlichen Raum und Lernorte für "
          "Jugendliche.", 10, 0, 3, 0, False)),
        ("Projektantrag Kiezwerk e. V.: Nachhilfe im Kiez", True,
         ("Der SpreekiezRat empfiehlt den Antrag mit Auflagen.", 8, 2, 1, 2, True)),
    ]),
    (12, MeetingStatus.INVITED, [
        ("Begrüßung und Genehmigung des Protokolls der letzten Sitzung", False, None),
        ("Projektaufruf 2027: Fragen der Träger und Zeitplan", False, None),
        ("Mietangelegenheit Kiezladen", True, None),
        ("Verschiedenes", False, None),
    ]),
    (40, MeetingStatus.PLANNED, [
        ("Jahresplanung Kiezfest", False, None),
    ]),
]  # fmt: skip

PRESENT_BY_MEETING = [15, 14, 15, 9, 13, 0, 0]
DEMO_PDF = b"%PDF-1.4\n% Demo-Unterlage SpreekiezRat\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIRST_NUMBER = 36


def _meeting_time(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(18, 30)))


def _advance(meeting: Meeting, target: str, by) -> None:
    """Walk the meeting's workflow up to ``target`` (only forward, so a second run changes nothing)."""
    path = [MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED]
    while meeting.status != target and meeting.status in path and path.index(meeting.status) < path.index(target):
        transition(meeting, path[path.index(meeting.status) + 1], by=by, comment="Demo")


def load(*, stdout) -> None:
    council_settings = CouncilSettings.load()
    if not council_settings.intro:
        council_settings.intro = INTRO
        council_settings.save()
    staff = demo_user("qm@kiezportal.example")
    today = timezone.localdate()
    starts_on = today - timedelta(days=300)
    ends_on = starts_on + timedelta(days=729)
    old_start, old_end = starts_on - timedelta(days=730), starts_on - timedelta(days=1)
    Term.objects.get_or_create(
        name=f"Wahlperiode {old_start.year}–{old_end.year}", defaults={"starts_on": old_start, "ends_on": old_end}
    )
    term, _created = Term.objects.update_or_create(
        name=f"Wahlperiode {starts_on.year}–{ends_on.year}",
        defaults={"starts_on": starts_on, "ends_on": ends_on, "election_date": starts_on - timedelta(days=14)},
    )
    council_user = demo_user("rat@kiezportal.example")
    seats = []
    for name, seat_type, organisation, role, has_vote, consent in MEMBERS:
        seat, _created = Membership.objects.update_or_create(
            term=term,
            display_name=name,
            defaults={
                "seat_type": seat_type,
                "organisation": organisation,
                "role": role,
                "has_vote": has_vote,
                "valid_from": starts_on,
                "consent_name": consent,
                "consent_recorded_on": starts_on if consent else None,
                "user": council_user if name == "Mehmet M." else None,
            },
        )
        seat.actors.set(Actor.objects.filter(slug__in=SEAT_ACTORS.get(name, [])))
        seats.append(seat)
    voting = [seat for seat in seats if seat.has_vote]

    previous = None
    for index, ((offset, status, agenda), present) in enumerate(zip(MEETINGS, PRESENT_BY_MEETING, strict=True)):
        number = FIRST_NUMBER + index
        day = today + timedelta(days=offset)
        meeting, _created = Meeting.objects.get_or_create(
            number=number,
            defaults={
                "term": term,
                "starts_at": _meeting_time(day),
                "ends_at": _meeting_time(day) + timedelta(hours=2),
                "place": PLACE,
                "invitation_text": "Wir freuen uns auf Ihre Teilnahme. Die Sitzung ist barrierefrei erreichbar.",
            },
        )
        for seat in voting[:present]:
            Attendance.objects.get_or_create(meeting=meeting, membership=seat)
        for position, (title, confidential, decision) in enumerate(agenda, start=1):
            item, _created = AgendaItem.objects.get_or_create(
                meeting=meeting,
                position=position,
                defaults={
                    "title": title,
                    "is_confidential": confidential,
                    "description": "Unterlagen liegen im Vor-Ort-Büro aus." if confidential else "",
                },
            )
            if title.startswith("Projektaufruf"):
                # The applications of the funding demo that wait for the council's recommendation.
                item.funding_applications.set(Application.objects.filter(status=ApplicationStatus.COUNCIL))
            if "Projekt" in title or "Mietangelegenheit" in title:
                doc_title = "Antragsunterlagen" if not confidential else "Vertrauliche Vorlage"
                if not AgendaDocument.objects.filter(agenda_item=item, title=doc_title).exists():
                    AgendaDocument.objects.create(
                        agenda_item=item, title=doc_title, file=ContentFile(DEMO_PDF, name="unterlage.pdf")
                    )
            if decision and not item.decisions.exists():
                motion, yes, no, abstain, recused, funding = decision
                decision_record(
                    agenda_item=item,
                    motion=motion,
                    votes_yes=yes,
                    votes_no=no,
                    votes_abstain=abstain,
                    recused=voting[:recused],
                    is_funding_decision=funding,
                )
        if status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED) and not meeting.minutes_public:
            meeting.minutes_public = (
                f"**Protokoll der {number}. Sitzung.** Anwesend: {present} stimmberechtigte Mitglieder, "
                "zwei Mitarbeiterinnen des QM-Teams (ohne Stimmrecht), fünf Gäste.\n\n"
                "Die Beschlüsse stehen bei den Tagesordnungspunkten."
            )
            meeting.minutes_internal = "Vertrauliche Punkte: Die Diskussion ist nur im internen Protokoll festgehalten."
            meeting.save(update_fields=["minutes_public", "minutes_internal"])
        _advance(meeting, status, staff)
        if (
            previous is not None
            and previous.status == MeetingStatus.MINUTES_APPROVED
            and not previous.minutes_approved_in_id
        ):
            previous.minutes_approved_in = meeting
            previous.save(update_fields=["minutes_approved_in"])
        previous = meeting


ADMINISTRATION = ("bezirksamt", "senatsverwaltung", "quartiersmanagement")


def check() -> list[str]:
    """The demo's council (``manage.py check_demo``): a current term, local actors who are not the
    administration (it attends without a seat), and a term that fits the QM's phase: in the exit
    phase (action plan, final plan) no term runs beyond the concept's last year."""
    from apps.actionplan.models import Concept

    problems = []
    term = Term.objects.current().first()
    if term is None:
        return ["Council: no current term"]
    for seat in term.memberships.filter(seat_type="actor"):
        if any(word in seat.organisation.lower() for word in ADMINISTRATION):
            problems.append(f"Council seat {seat.display_name}: the administration is not a local actor")
    concept = Concept.objects.current()
    if concept is not None and concept.is_exit_phase and term.ends_on.year > concept.year_to:
        problems.append(f"Council term {term.name} outlasts the {concept.get_kind_display()} ({concept.year_to})")
    return problems
