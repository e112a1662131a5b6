"""Demo data for the action fund: last year's realised projects, this year's budget partly used,
a decided jury round, an open round (jury@kiezportal.example votes; one juror's paper ballot is
entered by the QM team) and one being prepared.

Idempotent: fund years by year, applications by (fund year, title), rounds found through their
applications, votes by (juror, application, round)."""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.accounts.demo import demo_user
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.actionplan.models import FieldOfAction
from apps.core.workdays import is_working_day, next_working_day, previous_working_day

from .models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CostItem,
    FundYear,
    ProjectPhoto,
    ProofOfUse,
    Receipt,
    Round,
    RoundStatus,
    Vote,
)

S = ApplicationStatus

INTRO = (
    "Mit dem **Aktionsfonds** unterstützt das Quartiersmanagement Spreekiez kleine, schnell umsetzbare "
    "Projekte, die die Nachbarschaft stärken: ein Hoffest, eine Pflanzaktion, ein Erzählcafé. Über die Anträge "
    "entscheidet die Aktionsfondsjury aus Bewohnerinnen und Bewohnern, die etwa einmal im Monat tagt.\n\n"
    "Fragen? Das Vor-Ort-Büro berät Sie gern – auch beim Ausfüllen des Antrags."
)

# Fictional jurors besides jury@kiezportal.example: email, first name, last name.
JURORS = [
    ("jurorin.yilmaz@kiezportal.example", "Derya", "Yılmaz"),
    ("juror.brandt@kiezportal.example", "Klaus", "Brandt"),
    ("jurorin.haddad@kiezportal.example", "Rana", "Haddad"),
    ("juror.nowak@kiezportal.example", "Piotr", "Nowak"),
]

# title, applicant, initiative, description, location, costs [(description, amount)], field slug index
PAST = [
    ("Pflanzaktion Baumscheiben Beispielstraße", "Gisela Sommer", "Grüne Beispielstraße",
     "Zwanzig Baumscheiben werden gemeinsam bepflanzt und mit kleinen Zäunen geschützt.",
     "Beispielstraße 1–40", [("Pflanzen und Erde", "620.00"), ("Holz für Zäune", "310.00")]),
    ("Erzählcafé „Unser Kiez früher“", "Hüseyin Aksoy", "",
     "Ältere Nachbarinnen und Nachbarn erzählen bei Kaffee und Kuchen, wie der Kiez früher war.",
     "Nachbarschaftsraum Uferweg 3", [("Kaffee, Kuchen, Geschirr", "180.00"), ("Druck von Einladungen", "90.00")]),
    ("Kinderflohmarkt auf dem Beispielplatz", "Mona Richter", "Elterninitiative Kita Spreespatzen",
     "Kinder verkaufen und tauschen Spielzeug und Bücher; dazu gibt es Musik und Waffeln.",
     "Beispielplatz", [("Tische und Pavillons leihen", "240.00"), ("Waffelteig und Zutaten", "85.00")]),
]  # fmt: skip

DECIDED = [
    ("Hoffest in der Spreestraße 12", "Jonas Weber", "", S.CLOSED, "780.00", "Hof Spreestraße 12",
     [("Bierbänke und Pavillon leihen", "350.00"), ("Musiker (Honorar)", "300.00", "Live-Musik für Kinder"), ("Getränke", "130.00")]),
    ("Repair-Café im Nachbarschaftsraum", "Fatma Öztürk", "Repair-Café Spreekiez", S.PAID, "900.00",
     "Nachbarschaftsraum Uferweg 3", [("Werkzeug", "640.00"), ("Verbrauchsmaterial", "260.00")]),
    ("Graffiti-Workshop für Jugendliche", "Leon Krüger", "Jugendclub Spreekiez", S.APPROVED, "1000.00",
     "Wand am Jugendclub", [("Sprühdosen und Masken", "700.00"), ("Künstlerin (Honorar)", "500.00", "Anleitung durch eine erfahrene Künstlerin")]),
    ("Lichterkette für die Ladenstraße", "Bernd Schulz", "", S.REJECTED, None, "Ladenstraße",
     [("Lichterketten", "1400.00")]),
]  # fmt: skip

OPEN = [
    ("Nachbarschaftsfrühstück im Hof", "Aylin Demir", "Hofgemeinschaft Uferweg 7",
     "Einmal im Monat frühstücken alle im Hof gemeinsam; jede Familie bringt etwas mit.",
     "Hof Uferweg 7", [("Geschirr und Tischdecken", "260.00"), ("Brötchen und Aufstrich (6 Termine)", "420.00")]),
    ("Lesepatenschaften in der Bibliothek", "Ursula Meyer", "",
     "Ehrenamtliche lesen Kindern vor; dafür werden Bücher und Sitzkissen angeschafft.",
     "Stadtteilbibliothek", [("Kinderbücher", "380.00"), ("Sitzkissen", "150.00")]),
    ("Kiezchor-Auftritt beim Sommerfest", "Tarek Saleh", "Kiezchor Spreekiez",
     "Der Chor probt mit einer Chorleiterin und singt beim Sommerfest Lieder aus aller Welt.",
     "Beispielplatz", [("Chorleiterin (Honorar)", "600.00", "Professionelle Probenleitung"), ("Notenmaterial", "120.00")]),
    ("Müllsammelaktion am Ufer", "Jana Vogel", "",
     "Gemeinsam räumen Nachbarinnen und Nachbarn das Ufer auf; danach gibt es Suppe.",
     "Uferweg", [("Greifzangen und Handschuhe", "210.00"), ("Suppe und Brot", "140.00")]),
]  # fmt: skip

PREPARING = [
    ("Tauschregal vor dem Späti", "Emil Hoffmann", "", S.SUBMITTED, "Ecke Beispielstraße",
     [("Holz und Schrauben", "190.00"), ("Wetterschutzlack", "45.00")]),
    ("Kiez-Kochbuch", "Samira Khalil", "Frauencafé Spreekiez", S.FORMAL_CHECK, "Frauencafé",
     [("Druck von 200 Heften", "850.00"), ("Fotografin (Honorar)", "300.00", "Fotos der Gerichte")]),
]  # fmt: skip


def _at(day, hour=18) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _meeting(day):
    """A jury meeting: 18:00 on the working day on or after ``day``."""
    return _at(next_working_day(day))


def _deadline(meeting):
    """The submission deadline: noon on the working day two weeks before the meeting (or earlier)."""
    return _at(previous_working_day(timezone.localdate(meeting) - timedelta(days=14)), 12)


def _picture(colour: str, accent: str, label: str) -> ContentFile:
    """A simple generated photo-like picture: a sky, a ground and a few round 'people'."""
    image = Image.new("RGB", (800, 500), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 330, 800, 500], fill="#6a994e")
    for i in range(6):
        x = 80 + i * 120
        draw.ellipse([x, 230, x + 50, 280], fill="#f2cc8f")
        draw.rectangle([x + 5, 280, x + 45, 360], fill=accent if i % 2 else "#3d405b")
    draw.ellipse([640, 40, 720, 120], fill="#ffbf47")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return ContentFile(buffer.getvalue(), name=f"{label}.jpg")


def _pdf(text: str) -> ContentFile:
    body = f"%PDF-1.4\n% Beleg (Demo): {text}\n%%EOF\n".encode()
    return ContentFile(body, name="beleg.pdf")


PATHS = {
    S.SUBMITTED: [S.SUBMITTED],
    S.FORMAL_CHECK: [S.SUBMITTED, S.FORMAL_CHECK],
    S.IN_ROUND: [S.SUBMITTED, S.FORMAL_CHECK, S.IN_ROUND],
    S.APPROVED: [S.SUBMITTED, S.FORMAL_CHECK, S.IN_ROUND, S.APPROVED],
    S.REJECTED: [S.SUBMITTED, S.FORMAL_CHECK, S.IN_ROUND, S.REJECTED],
    S.PAID: [S.SUBMITTED, S.FORMAL_CHECK, S.IN_ROUND, S.APPROVED, S.PAID],
    S.PROOF_SUBMITTED: [S.SUBMITTED, S.FORMAL_CHECK, S.IN_ROUND, S.APPROVED, S.PAID, S.PROOF_SUBMITTED],
    S.CLOSED: [S.SUBMITTED, S.FORMAL_CHECK, S.IN_ROUND, S.APPROVED, S.PAID, S.PROOF_SUBMITTED, S.CLOSED],
}


def _application(year, title, name, initiative, description, location, costs, *, status, round=None,
                 starts_on, granted=None, field=None, staff=None) -> Application:  # fmt: skip
    total = sum((Decimal(c[1]) for c in costs), Decimal("0"))
    application, created = Application.objects.get_or_create(
        fund_year=year,
        title=title,
        defaults={
            "round": round,
            "applicant_name": name,
            "initiative": initiative,
            "name_display": "organisation" if initiative else "initial",
            "email": f"{name.split()[0].lower()}.demo@kiezportal.example".replace("ü", "ue").replace("ö", "oe"),
            "description": description,
            "target_group": "Nachbarinnen und Nachbarn jeden Alters",
            "location": location,
            "starts_on": starts_on,
            "ends_on": starts_on,
            "participation": "Alle können mitmachen; wir laden über Aushänge und die Hausgemeinschaften ein.",
            "contribution": "Wir organisieren alles ehrenamtlich und bringen Räume und Werkzeug mit.",
            "crit_neighbourhood": True,
            "crit_contact": True,
            "crit_culture": "Chor" in title or "Erzähl" in title,
            "crit_climate": "Pflanz" in title or "Müll" in title or "Repair" in title,
            "costs_total": total,
            "requested_amount": total,
            "granted_amount": granted
            if granted is not None
            else (total if status in (S.APPROVED, S.PAID, S.PROOF_SUBMITTED, S.CLOSED) else None),  # noqa: E501
            "consent_privacy": True,
            "status": status,
            "field_of_action": field,
            "created_at": _at(starts_on - timedelta(days=60), 10),
        },
    )
    if created:
        for cost in costs:
            CostItem.objects.create(
                application=application,
                description=cost[0],
                amount=Decimal(cost[1]),
                kind=CostItem.Kind.FEE if len(cost) > 2 else CostItem.Kind.MATERIAL,
                reason=cost[2] if len(cost) > 2 else "",
            )
        previous = ""
        for step, to in enumerate(PATHS[status]):
            ApplicationEvent.objects.create(
                application=application, from_status=previous, to_status=to, by=staff if step else None,
                at=application.created_at + timedelta(days=step * 7),
            )  # fmt: skip
            previous = to
    return application


def _proof(application, colour, accent, alt) -> None:
    proof, created = ProofOfUse.objects.get_or_create(
        application=application,
        defaults={"report": "Es kamen rund 50 Nachbarinnen und Nachbarn. Die Aktion soll wiederholt werden."},
    )
    if created:
        for item in application.cost_items.all():
            Receipt.objects.create(proof=proof, description=item.description, amount=item.amount,
                                   paid_on=application.starts_on, file=_pdf(item.description))  # fmt: skip
    if not proof.photos.exists():
        ProjectPhoto.objects.create(
            proof=proof, alt_text=alt, image=_picture(colour, accent, f"projekt-{application.pk}")
        )


def _round(year, first_title, date, deadline, status) -> Round:
    round = Round.objects.filter(fund_year=year, applications__title=first_title).first()
    if round is None:
        round = Round.objects.create(fund_year=year, date=date, submission_deadline=deadline, status=status)
    return round


def load(*, stdout) -> None:
    today = timezone.localdate()
    staff = demo_user("qm@kiezportal.example")
    group = Group.objects.get(name=Role.JUROR.value)
    jurors = [demo_user("jury@kiezportal.example")]
    for email, first, last in JURORS:
        user, created = User.objects.get_or_create(email=email, defaults={"first_name": first, "last_name": last,
                                                                          "display_name": f"{first} {last[0]}."})  # fmt: skip
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        jurors.append(user)
    fields = list(FieldOfAction.objects.active().order_by("order")[:5])

    def field(i):
        return fields[i % len(fields)] if fields else None

    # Last year: three realised projects with photos.
    last_year, _created = FundYear.objects.get_or_create(year=today.year - 1, defaults={"intro": INTRO})
    last_year.jurors.add(*jurors)
    last_round = None
    colours = [("#a8dadc", "#e63946"), ("#bde0fe", "#8338ec"), ("#ffe5ec", "#fb8500")]
    for i, (title, name, initiative, description, location, costs) in enumerate(PAST):
        starts = today.replace(month=6, day=1) - timedelta(days=365) + timedelta(days=20 * i)
        if last_round is None:
            meeting = _meeting(starts - timedelta(days=20))
            last_round = _round(last_year, title, meeting, _deadline(meeting), RoundStatus.DECIDED)
        application = _application(last_year, title, name, initiative, description, location, costs,
                                   status=S.CLOSED, round=last_round, starts_on=starts, field=field(i), staff=staff)  # fmt: skip
        _proof(application, *colours[i], f"Nachbarinnen und Nachbarn bei der Aktion „{title}“")

    # This year: budget partly used.
    year, _created = FundYear.objects.get_or_create(year=today.year, defaults={"intro": INTRO})
    year.jurors.add(*jurors)

    decided_date = _at(previous_working_day(max(today - timedelta(days=70), today.replace(month=1, day=12))))
    decided = _round(year, DECIDED[0][0], decided_date, _deadline(decided_date), RoundStatus.DECIDED)
    choices = {S.CLOSED: "yes", S.PAID: "yes", S.APPROVED: "yes", S.REJECTED: "no"}
    for i, (title, name, initiative, status, granted, location, costs) in enumerate(DECIDED):
        starts = today - timedelta(days=50 - 10 * i) if status != S.APPROVED else today + timedelta(days=20)
        application = _application(
            year, title, name, initiative, f"{title}: eine Aktion für die ganze Nachbarschaft.", location, costs,
            status=status, round=decided, starts_on=starts, granted=Decimal(granted) if granted else None,
            field=field(i + 1), staff=staff,
        )  # fmt: skip
        for n, juror in enumerate(jurors):
            recused = status == S.REJECTED and n == 4
            choice = "" if recused else ("abstain" if n == 3 else choices[status])
            paper = {"source": Vote.Source.PAPER, "entered_by": staff, "entered_at": decided_date} if n == 2 else {}
            Vote.objects.get_or_create(juror=juror, application=application, round=decided,
                                       defaults={"choice": choice, "recused": recused, **paper})  # fmt: skip
        if status == S.CLOSED:
            _proof(application, "#caf0f8", "#0077b6", "Bierbänke und Musik im Hof der Spreestraße 12")

    # The open round: jury@kiezportal.example has not voted yet; two other jurors have.
    open_date = _meeting(today + timedelta(days=5))
    if open_date.year != year.year:  # the last days of December: the meeting is the year's last working day
        open_date = _at(previous_working_day(today.replace(month=12, day=31)))
    open_round = _round(year, OPEN[0][0], open_date, _deadline(open_date), RoundStatus.OPEN)
    if open_round.opened_at is None:
        Round.objects.filter(pk=open_round.pk).update(opened_at=timezone.now())
    for i, (title, name, initiative, description, location, costs) in enumerate(OPEN):
        application = _application(year, title, name, initiative, description, location, costs, status=S.IN_ROUND,
                                   round=open_round, starts_on=today + timedelta(days=14 + 7 * i), field=field(i),
                                   staff=staff)  # fmt: skip
        # The second of them handed in a paper ballot, entered by the QM team.
        for juror, choice in zip(jurors[1:3], ["yes", "no" if i == 2 else "yes"], strict=True):
            paper = {"source": Vote.Source.PAPER, "entered_by": staff, "entered_at": timezone.now()}
            Vote.objects.get_or_create(juror=juror, application=application, round=open_round,
                                       defaults={"choice": choice, **(paper if juror == jurors[2] else {})})  # fmt: skip

    # A round being prepared, with its submission deadline ahead; it belongs to the fund year of its
    # date (after New Year: next year's, which the QM has already set up).
    next_date = _meeting(today + timedelta(days=40))
    next_year = year
    if next_date.year != year.year:
        next_year, _created = FundYear.objects.get_or_create(year=next_date.year, defaults={"intro": INTRO})
        next_year.jurors.add(*jurors)
    preparing = Round.objects.filter(fund_year=next_year, status=RoundStatus.PREPARING).order_by("date").first()
    if preparing is None:
        preparing = Round.objects.create(fund_year=next_year, date=next_date, submission_deadline=_deadline(next_date))
    for title, name, initiative, status, location, costs in PREPARING:
        _application(next_year, title, name, initiative, f"{title}: eine Idee für mehr Miteinander im Kiez.", location,
                     costs, status=status, starts_on=today + timedelta(days=60), staff=staff)  # fmt: skip


def check() -> list[str]:
    """The demo's action fund timeline (``manage.py check_demo``): every jury meeting inside its fund
    year and on a working day, its deadline before it, and no action starting before its jury decided."""
    problems = []
    for round in Round.objects.select_related("fund_year"):
        day = timezone.localdate(round.date)
        if day.year != round.fund_year.year:
            problems.append(f"{round}: outside its fund year {round.fund_year.year}")
        if not is_working_day(day) or not is_working_day(timezone.localdate(round.submission_deadline)):
            problems.append(f"{round}: meeting or deadline not on a working day")
        if round.submission_deadline > round.date:
            problems.append(f"{round}: deadline after the meeting")
        for application in round.applications.all():
            if application.starts_on <= day:
                problems.append(f"Action fund application “{application.title}”: starts before the jury decided")
            if application.fund_year_id != round.fund_year_id:
                problems.append(f"Action fund application “{application.title}”: on a round of another fund year")
    return problems
