"""Demo data: the Spreekiez funds, an open call, a closed call with applications in every status,
and funded projects from an earlier call. Statuses are reached through the workflow
(``apps.core.workflow.transition``, no mail), so every one has its history row."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone, translation

from apps.accounts.demo import demo_user
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.actionplan.models import Concept, FieldOfAction, Measure
from apps.core.office import EntrySource
from apps.core.workdays import is_working_day, next_working_day, previous_working_day
from apps.core.workflow import record_created, transition

from .models import Application, Attachment, Call, CostLine, Fund, GrantNotice, PaymentRequest, ProofOfUse

BERLIN = ZoneInfo("Europe/Berlin")
S = Application.Status

_DECIDED = [S.SUBMITTED, S.FORMAL_CHECK, S.COUNCIL, S.RECOMMENDED, S.SELECTED]
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.FORMAL_CHECK: [S.SUBMITTED, S.FORMAL_CHECK],
    S.CHANGES_REQUESTED: [S.SUBMITTED, S.FORMAL_CHECK, S.CHANGES_REQUESTED],
    S.COUNCIL: [S.SUBMITTED, S.FORMAL_CHECK, S.COUNCIL],
    S.RECOMMENDED: [S.SUBMITTED, S.FORMAL_CHECK, S.COUNCIL, S.RECOMMENDED],
    S.NOT_RECOMMENDED: [S.SUBMITTED, S.FORMAL_CHECK, S.COUNCIL, S.NOT_RECOMMENDED],
    S.SELECTED: _DECIDED,
    S.NOT_SELECTED: [S.SUBMITTED, S.FORMAL_CHECK, S.COUNCIL, S.RECOMMENDED, S.NOT_SELECTED],
    S.APPROVED: [*_DECIDED, S.APPROVED],
    S.REJECTED: [*_DECIDED, S.REJECTED],
    S.RUNNING: [*_DECIDED, S.APPROVED, S.RUNNING],
    S.REPORTED: [*_DECIDED, S.APPROVED, S.RUNNING, S.REPORTED],
    S.CLOSED: [*_DECIDED, S.APPROVED, S.RUNNING, S.REPORTED, S.CLOSED],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
}
# A building project (Baufonds) is entered by the QM team and goes straight to the council.
BUILDING_PATHS = {
    S.RECOMMENDED: [S.COUNCIL, S.RECOMMENDED],
    S.SELECTED: [S.COUNCIL, S.RECOMMENDED, S.SELECTED],
}
COMMENTS = {
    S.CHANGES_REQUESTED: "Bitte ergänzen Sie im Kostenplan die Honorarsätze und den Finanzierungsnachweis.",
    S.COUNCIL: "Formal geprüft, dem SpreekiezRat vorgelegt.",
    S.RECOMMENDED: "Der SpreekiezRat empfiehlt die Förderung.",
    S.NOT_RECOMMENDED: "Der SpreekiezRat sieht den Bedarf bereits durch andere Angebote gedeckt.",
    S.SELECTED: "Die Steuerungsrunde (QM, Bezirksamt, Senatsverwaltung) hat das Projekt ausgewählt.",
    S.NOT_SELECTED: "Die Steuerungsrunde hat das Projekt nicht ausgewählt: Das Budget reicht für die Projekte auf "
    "den vorderen Plätzen der Rangfolge.",
    S.REJECTED: "Ablehnung durch das Bezirksamt: Die Finanzierung der Räume ist nicht gesichert.",
    S.RUNNING: "Das Projekt hat begonnen.",
    S.WITHDRAWN: "Der Träger hat den Antrag zurückgezogen.",
}

PROVIDERS = [
    # email, organisation, legal form, contact person
    ("traeger@kiezportal.example", "Kiezwerk e. V.", "e. V.", "Frau Kiezwerk"),
    ("lesewelt@kiezportal.example", "Lesewelt Spreekiez gGmbH", "gGmbH", "Herr Lesewelt"),
    ("bewegt@kiezportal.example", "Spreekiez bewegt e. V.", "e. V.", "Frau Bewegt"),
]

# title, field slug, provider index, target status, cost lines [(category, description, amount)], own share
CLOSED_CALL_APPLICATIONS = [
    ("Hausaufgabenhilfe im Nachbarschaftstreff", "bildung", 0, S.DRAFT,
     [("personnel", "Honorarkräfte Lernbegleitung", "14000.00"), ("material", "Lernmaterial", "1500.00")], "1600.00"),
    ("Interkulturelles Kochen am Ufer", "integration-und-nachbarschaft", 1, S.SUBMITTED,
     [("fees", "Honorare Kochleitung", "9000.00"), ("material", "Lebensmittel und Geschirr", "3000.00")], "1200.00"),
    ("Spielstraße am Uferplatz", "oeffentlicher-raum", 2, S.FORMAL_CHECK,
     [("personnel", "Projektkoordination", "12000.00"), ("material", "Spielgeräte (mobil)", "4000.00")], "1600.00"),
    ("Lesepaten für Grundschulkinder", "bildung", 1, S.CHANGES_REQUESTED,
     [("fees", "Aufwandsentschädigungen", "7000.00"), ("public_relations", "Flyer und Plakate", "800.00")], "800.00"),
    ("Kiezradio Spreekiez", "beteiligung-vernetzung-kooperation", 0, S.COUNCIL,
     [("personnel", "Redaktionsleitung", "16000.00"), ("rent", "Studiomiete", "3600.00")], "2000.00"),
    ("Bewegte Pause für Seniorinnen und Senioren", "gesundheit-und-bewegung", 2, S.RECOMMENDED,
     [("fees", "Übungsleitung", "8400.00"), ("rent", "Raummiete Turnhalle", "1600.00")], "1000.00"),
    ("Graffiti-Werkstatt für Jugendliche", "oeffentlicher-raum", 2, S.NOT_RECOMMENDED,
     [("fees", "Künstlerhonorare", "6000.00"), ("material", "Farben und Schutzkleidung", "2000.00")], "800.00"),
    ("Kiezchor für alle Generationen", "integration-und-nachbarschaft", 1, S.SELECTED,
     [("fees", "Chorleitung", "9000.00"), ("rent", "Probenraum", "1200.00")], "1100.00"),
    ("Mobile Jugendberatung am Abend", "bildung", 2, S.NOT_SELECTED,
     [("personnel", "Beratung", "11000.00"), ("material", "Lastenrad", "2500.00")], "1400.00"),
    ("Stadtteilmütter im Spreekiez", "integration-und-nachbarschaft", 0, S.APPROVED,
     [("personnel", "Anleitung Stadtteilmütter", "22000.00"), ("other", "Fortbildungen", "2000.00")], "2400.00"),
    ("Tauschregal und Reparaturcafé", "beteiligung-vernetzung-kooperation", 1, S.REJECTED,
     [("rent", "Ladenmiete", "6000.00"), ("material", "Werkzeug", "1500.00")], "800.00"),
    ("Elterncafé an der Spreekiez-Grundschule", "bildung", 0, S.RUNNING,
     [("personnel", "Moderation Elterncafé", "15000.00"), ("material", "Ausstattung", "1000.00")], "1600.00"),
    ("Gemeinschaftsgarten auf der Uferbrache", "oeffentlicher-raum", 2, S.REPORTED,
     [("material", "Hochbeete und Erde", "5000.00"), ("fees", "Gartenanleitung", "6000.00")], "1100.00"),
    ("Kiezchor: Singen verbindet", "integration-und-nachbarschaft", 1, S.CLOSED,
     [("fees", "Chorleitung (wöchentlich)", "5000.00"), ("rent", "Raummiete Probenraum", "1600.00"),
      ("public_relations", "Plakate und Konzertflyer", "700.00")], "730.00"),
    ("Seniorenlotsen", "gesundheit-und-bewegung", 0, S.WITHDRAWN,
     [("personnel", "Koordination Ehrenamt", "9000.00")], "900.00"),
]  # fmt: skip

EARLIER_PROJECTS = [
    ("Kiezdetektive: Kinder erkunden ihr Viertel", "bildung", 0, S.CLOSED,
     [("fees", "Honorare Medienpädagogik", "9000.00"), ("material", "Kameras und Tablets", "2500.00")], "1200.00"),
    ("Sprachcafé für neue Nachbarinnen und Nachbarn", "integration-und-nachbarschaft", 0, S.RUNNING,
     [("personnel", "Sprachmittlung", "18000.00"), ("rent", "Raummiete", "2400.00")], "2100.00"),
    ("Sportangebote im Uferpark", "gesundheit-und-bewegung", 2, S.CLOSED,
     [("fees", "Trainerinnen und Trainer", "12000.00"), ("material", "Sportgeräte", "1800.00")], "1400.00"),
]  # fmt: skip

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _at(day: date, hour: int = 23, minute: int = 59) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _providers() -> list[User]:
    group = Group.objects.get(name=Role.PROVIDER.value)
    users = [demo_user(PROVIDERS[0][0])]
    for email, organisation, _form, _contact in PROVIDERS[1:]:
        user, created = User.objects.get_or_create(email=email, defaults={"display_name": organisation})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        users.append(user)
    return users


def adopted_concept_for_funding(title: str, *, year_from: int, year_to: int) -> Concept:
    """An adopted action plan to hang measures on, when the action plan app has none (yet)."""
    concept = Concept.objects.filter(title=title).first()
    if concept is None:
        revision = (Concept.objects.filter(kind=Concept.Kind.ACTION_PLAN).aggregate(m=Max("revision"))["m"] or 0) + 1
        concept = Concept.objects.create(
            title=title, kind=Concept.Kind.ACTION_PLAN, revision=revision, year_from=year_from, year_to=year_to,
            status=Concept.Status.ADOPTED, adopted_on=date(year_from, 3, 1), adopted_by="SpreekiezRat",
        )  # fmt: skip
    return concept


def _measures() -> dict[str, Measure]:
    """One measure of an adopted concept per active field (uses the action plan's if there is one)."""
    concept = Concept.objects.filter(status=Concept.Status.ADOPTED).order_by("-year_from").first()
    if concept is None:
        concept = adopted_concept_for_funding("Aktionsplan Spreekiez", year_from=2025, year_to=2027)
    measures = {}
    for field in FieldOfAction.objects.active():
        measure = concept.measures.filter(field_of_action=field).order_by("order", "pk").first()
        if measure is None:
            measure, _created = Measure.objects.get_or_create(
                concept=concept, field_of_action=field, title=f"Projekte im Handlungsfeld {field.name}"
            )
        measures[field.slug] = measure
    return measures


def _application(call, entry, providers, measures, staff, start: date) -> None:
    title, field_slug, provider_index, target, lines, own_share = entry
    owner = providers[provider_index]
    _email, organisation, legal_form, contact = PROVIDERS[provider_index]
    measure = measures[field_slug]
    total = sum(Decimal(amount) for _c, _d, amount in lines)
    application, created = Application.objects.get_or_create(
        call=call,
        title=title,
        defaults={
            "owner": owner, "organisation": organisation, "legal_form": legal_form,
            "address": "Musterstraße 1\n10001 Berlin", "contact_person": contact, "email": owner.email,
            "phone": "030 1234567", "location": "Spreekiez",
            "summary": f"{title}: ein Angebot für die Nachbarschaft im Spreekiez, offen für alle.",
            "goals": "Begegnung fördern, Engagement stärken, Angebote im Kiez verstetigen.",
            "target_groups": "Bewohnerinnen und Bewohner des Spreekiezes, besonders Familien",
            "field_of_action": measure.field_of_action, "measure": measure,
            "start_date": start, "end_date": _end_date(start, target),
            "own_share": Decimal(own_share), "cost_total": total,
            "requested_amount": total - Decimal(own_share),
        },
    )  # fmt: skip
    if not created:
        return
    CostLine.objects.bulk_create(
        CostLine(application=application, category=c, description=d, amount=Decimal(a)) for c, d, a in lines
    )
    if target not in (S.DRAFT,):
        Attachment.objects.create(
            application=application, title="Projektskizze", uploaded_by=owner,
            file=ContentFile(PDF, name="projektskizze.pdf"),
        )  # fmt: skip
    _walk(application, PATHS[target], owner, staff)
    _backdate(application, call.deadline - timedelta(days=3))


def _end_date(start: date, target: str) -> date:
    """Two years from the start; a project reported or closed has already ended (a month ago), a running one
    has not."""
    end = start.replace(year=start.year + 2) - timedelta(days=1)
    if target in (S.REPORTED, S.CLOSED):
        end = min(end, timezone.localdate() - timedelta(days=30))
    if target == S.RUNNING and end < timezone.localdate():  # a running project of an earlier call: three years
        end = start.replace(year=start.year + 3) - timedelta(days=1)
    return end


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def _proof(application, kind, period_end, by, names) -> ProofOfUse:
    proof = ProofOfUse.objects.create(
        application=application, kind=kind, period_end=period_end, report=_pdf(names[0]), statement=_pdf(names[1]),
        submitted_by=by,
    )  # fmt: skip
    record_created(proof, by=by, comment=f"{proof.get_kind_display()} eingereicht.")
    return proof


def _walk(application, path, owner, staff) -> None:
    """Take the application along ``path`` as the QM team records it: the council's vote with a
    place in the ranking, the steering committee, the district's grant notice, payment requests
    paid out, proofs of use checked. No mail (demo data)."""
    granted = application.requested_amount
    for status in path:
        by = owner if status in (S.SUBMITTED, S.REPORTED, S.WITHDRAWN) else staff
        comment = COMMENTS.get(status, "")
        if status == S.RECOMMENDED:
            taken = set(Application.objects.filter(call=application.call).values_list("council_rank", flat=True))
            application.council_rank = next(rank for rank in range(1, 100) if rank not in taken)
            application.save(update_fields=["council_rank"])
            comment = f"Platz {application.council_rank} in der Rangfolge des SpreekiezRats. {comment}"
        elif status == S.APPROVED:
            notice = GrantNotice.objects.create(
                application=application, issued_on=timezone.localdate() - timedelta(days=60),
                file_number=f"BA-FK-SZ/{application.call.project_start.year}/{application.pk:03d}", amount=granted,
                document=_pdf("zuwendungsbescheid.pdf"), recorded_by=staff,
            )  # fmt: skip
            comment = (f"Zuwendungsbescheid des Bezirksamts vom {notice.issued_on:%d.%m.%Y}, "
                       f"Aktenzeichen {notice.file_number}.")  # fmt: skip
        elif status == S.REPORTED:
            with translation.override("de"):
                _proof(application, ProofOfUse.Kind.FINAL, application.end_date, owner,
                       ("sachbericht.pdf", "zahlenmaessiger-nachweis.pdf"))  # fmt: skip
            comment = "Abschließender Verwendungsnachweis eingereicht."
        elif status == S.CLOSED:
            check = "Sachbericht und zahlenmäßiger Nachweis geprüft, ohne Beanstandung."
            proof = application.proofs.get(status=ProofOfUse.Status.SUBMITTED)
            transition(proof, ProofOfUse.Status.ACCEPTED, by=staff, comment=check, notify=False,
                       changes={"checked_by": staff, "check_comment": check})  # fmt: skip
            comment = "Abschließender Verwendungsnachweis vom QM-Team geprüft und angenommen."
        # The demo's submissions happened before the call's deadline.
        at = application.call.deadline - timedelta(days=3) if status == S.SUBMITTED else None
        transition(application, status, by=by, comment=comment, notify=False, at=at)
        if status == S.RUNNING:
            _payments(application, granted, owner, staff, final=S.REPORTED in path)


def _payments(application, granted, owner, staff, *, final: bool) -> None:
    """Two payment requests: a first instalment paid out; the second paid out too once the final
    proof of use is in, else still waiting for the district."""
    first = (granted * Decimal("0.6")).quantize(Decimal("0.01"))
    for amount, paid in ((first, True), (granted - first, final)):
        payment = PaymentRequest.objects.create(
            application=application, amount=amount, requested_by=owner,
            requested_on=timezone.localdate() - timedelta(days=50 if paid else 5), purpose="Rate",
        )  # fmt: skip
        record_created(payment, by=owner, comment="Rate")
        if paid:
            paid_on = timezone.localdate() - timedelta(days=40)
            transition(payment, PaymentRequest.Status.PAID, by=staff, notify=False,
                       changes={"paid_on": paid_on, "decided_by": staff})  # fmt: skip
    if not final:
        with translation.override("de"):
            proof = _proof(application, ProofOfUse.Kind.INTERIM, timezone.localdate() - timedelta(days=30), owner,
                           ("zwischenbericht.pdf", "zwischennachweis.pdf"))  # fmt: skip
        transition(proof, ProofOfUse.Status.ACCEPTED, by=staff, notify=False, changes={"checked_by": staff},
                   comment="Zwischennachweis vom QM-Team geprüft und angenommen.")  # fmt: skip


def _backdate(application, submitted):
    """Spread the demo history over the weeks after the deadline (the workflow stamps "now")."""
    stamps = {}
    for step, entry in enumerate(application.status_changes.order_by("pk")):
        entry.at = min(submitted + timedelta(days=21 * step), timezone.now())
        entry.save(update_fields=["at"])
        stamps.setdefault(entry.to_status, entry.at)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=stamps.get(S.SUBMITTED) or stamps.get(S.COUNCIL),  # a building project is not "submitted"
        council_presented_at=stamps.get(S.COUNCIL),
        decided_at=stamps.get(S.APPROVED) or stamps.get(S.REJECTED),
    )


# An application the office entered for a provider without an account: a tenants' initiative
# brought it on paper to the local office; the status link went out by letter.
OFFICE_ENTRY = ("Hofflohmarkt und Reparaturtreff im Musterhof", "beteiligung-vernetzung-kooperation", S.COUNCIL,
                [("fees", "Honorare Reparaturanleitung", "4800.00"), ("material", "Werkzeug und Ersatzteile", "1600.00"),
                 ("public_relations", "Aushänge und Flyer in vier Sprachen", "600.00")], "700.00")  # fmt: skip


def _office_application(call, measures, staff, start: date) -> None:
    """The office entry of the demo (apps/core/office.py): no account, no e-mail address, the
    consent recorded by the QM team on the day the initiative came to the office."""
    title, field_slug, target, lines, own_share = OFFICE_ENTRY
    measure = measures[field_slug]
    total = sum(Decimal(amount) for _c, _d, amount in lines)
    handed_in = previous_working_day(timezone.localdate(call.deadline) - timedelta(days=4))
    application, created = Application.objects.get_or_create(
        call=call,
        title=title,
        defaults={
            "owner": None, "entry_source": EntrySource.OFFICE,
            "consent_recorded_on": handed_in, "entered_by": staff, "consent_recorded_by": staff,
            "organisation": "Mieterinitiative Musterhof", "legal_form": "Initiative (ohne Rechtsform)",
            "address": "Musterhof 3\n10001 Berlin", "contact_person": "Frau Demir", "phone": "030 7654321",
            "location": "Innenhof Musterhof 3", "field_of_action": measure.field_of_action, "measure": measure,
            "summary": "Einmal im Monat ein Flohmarkt im Hof und ein Reparaturtreff, bei dem Nachbarinnen und "
                       "Nachbarn einander zeigen, wie man Fahrräder, Lampen und Kleidung repariert.",
            "goals": "Nachbarschaft im Hof stärken, Dinge länger nutzen, Wissen weitergeben.",
            "target_groups": "Alle Mieterinnen und Mieter im Musterhof und in den Nachbarhäusern",
            "start_date": start, "end_date": _end_date(start, target),
            "own_share": Decimal(own_share), "cost_total": total, "requested_amount": total - Decimal(own_share),
        },
    )  # fmt: skip
    if not created:
        return
    CostLine.objects.bulk_create(
        CostLine(application=application, category=c, description=d, amount=Decimal(a)) for c, d, a in lines
    )
    _walk(application, PATHS[target], staff, staff)  # the QM team submits for the initiative
    first = application.status_changes.order_by("pk").first()
    first.comment = "Vom Büro erfasst (Besuch im Büro); Einwilligung in die Datenverarbeitung schriftlich erteilt."
    first.save(update_fields=["comment"])
    _backdate(application, _at(handed_in, 11, 0))


BUILDING_PROJECTS = [
    # title, field slug, office responsible, target status, cost, description
    ("Neugestaltung des Spielplatzes am Uferweg", "oeffentlicher-raum", "Straßen- und Grünflächenamt", S.SELECTED,
     "180000.00", "Neue Spielgeräte, Schatten durch Bäume und Sitzplätze für Eltern und Großeltern."),
    ("Barrierefreier Umbau des Nachbarschaftstreffs", "integration-und-nachbarschaft", "Facility Management des Bezirks",
     S.RECOMMENDED, "95000.00", "Rampe, barrierefreie Toilette und ein Aufzug zum Gemeinschaftsraum."),
]  # fmt: skip


def _building_projects(fund, staff, measures, today) -> None:
    """The Baufonds has no public call: the QM team enters the building projects in an unpublished
    programme year, the council ranks them, the district and the Senate department decide."""
    call, _ = Call.objects.update_or_create(
        slug="baufonds-programm",
        defaults={
            "title": f"Baufonds {today.year}/{today.year + 1}", "fund": fund, "budget": Decimal("300000.00"),
            "deadline": _at(previous_working_day(today - timedelta(days=90))), "project_start": date(today.year + 1, 1, 1),
            "project_end": date(today.year + 3, 12, 31), "is_published": False,
            "description": "Bauprojekte, die das QM-Team mit dem Bezirksamt vorbereitet hat (kein öffentlicher Aufruf).",
        },
    )  # fmt: skip
    for title, field_slug, office, target, cost, description in BUILDING_PROJECTS:
        measure = measures[field_slug]
        application, created = Application.objects.get_or_create(
            call=call, title=title,
            defaults={
                "owner": staff, "organisation": f"Bezirksamt, {office}", "provider_kind": Application.ProviderKind.PUBLIC,
                "summary": description, "goals": description, "location": "Spreekiez",
                "field_of_action": measure.field_of_action, "measure": measure,
                "start_date": call.project_start, "end_date": call.project_end, "cost_total": Decimal(cost),
                "requested_amount": Decimal(cost),
            },
        )  # fmt: skip
        if not created:
            continue
        CostLine.objects.create(
            application=application, category="other", description="Baukosten", amount=Decimal(cost)
        )
        comments = {S.COUNCIL: "Bauprojekt vom QM-Team mit dem Bezirksamt vorbereitet und dem SpreekiezRat vorgelegt.",
                    S.SELECTED: "Bezirksamt und Senatsverwaltung haben das Bauprojekt ausgewählt."}  # fmt: skip
        for status in BUILDING_PATHS[target]:
            comment = comments.get(status, "")
            if status == S.RECOMMENDED:
                taken = set(Application.objects.filter(call=call).values_list("council_rank", flat=True))
                application.council_rank = next(rank for rank in range(1, 100) if rank not in taken)
                application.save(update_fields=["council_rank"])
                comment = f"Der SpreekiezRat setzt das Bauprojekt auf Platz {application.council_rank}."
            transition(application, status, by=staff, comment=comment, notify=False)
        _backdate(application, call.deadline)


def load(*, stdout) -> None:
    staff = demo_user("qm@kiezportal.example")
    providers = _providers()
    measures = _measures()
    project_fund, _ = Fund.objects.update_or_create(
        name="Projektfonds", defaults={"kind": Fund.Kind.PROJECT, "minimum_amount": Decimal("5000.00")}
    )
    building_fund, _ = Fund.objects.update_or_create(
        name="Baufonds", defaults={"kind": Fund.Kind.BUILDING, "minimum_amount": Decimal("50000.00")}
    )
    Fund.objects.update_or_create(
        name="Netzwerkfonds",
        defaults={"kind": Fund.Kind.NETWORK, "minimum_amount": Decimal("5000.00"), "is_legacy": True},
    )
    today = timezone.localdate()
    fields = {f.slug: f for f in FieldOfAction.objects.active()}
    calls = [
        ("projektaufruf-2027", "Projektaufruf 2027: Nachbarschaft, Bildung und Beteiligung",
         next_working_day(today + timedelta(days=28)),
         date(today.year + 1, 1, 1), Decimal("180000.00"), list(fields)),
        ("projektaufruf-2026", "Projektaufruf 2026: Zusammenleben im Spreekiez",
         previous_working_day(date(today.year - 1, 10, 30)),
         date(today.year, 1, 1), Decimal("200000.00"), list(fields)),
        ("projektaufruf-2024", "Projektaufruf 2024: Kinder, Familien und Gesundheit", previous_working_day(date(today.year - 2, 3, 31)),
         date(today.year - 2, 7, 1), Decimal("90000.00"), ["bildung", "integration-und-nachbarschaft", "gesundheit-und-bewegung"]),
    ]  # fmt: skip
    created_calls = {}
    for slug, title, deadline, start, budget, field_slugs in calls:
        call, _ = Call.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title, "fund": project_fund, "budget": budget, "deadline": _at(deadline),
                "project_start": start, "project_end": start.replace(year=start.year + 4) - timedelta(days=1),
                "is_published": True,
                "description": (
                    "Gesucht werden Projekte, die das nachbarschaftliche Zusammenleben im Spreekiez stärken und einen "
                    "Bedarf aus dem IHEK aufgreifen.\n\n- Laufzeit bis zu vier Jahre\n- Förderung ab 5.000 €\n"
                    "- Eigenanteil privater Träger mindestens 10 %"
                ),
                "how_to_apply": (
                    "Reichen Sie Ihre Projektskizze mit Kostenplan online ein. Das Quartiersmanagement berät Sie gern "
                    "vorab in der Sprechstunde im Vor-Ort-Büro."
                ),
            },
        )  # fmt: skip
        call.fields_of_action.set([fields[s] for s in field_slugs if s in fields])
        created_calls[slug] = call
    for entry in CLOSED_CALL_APPLICATIONS:
        _application(created_calls["projektaufruf-2026"], entry, providers, measures, staff, date(today.year, 4, 1))
    for entry in EARLIER_PROJECTS:
        _application(created_calls["projektaufruf-2024"], entry, providers, measures, staff, date(today.year - 2, 7, 1))
    _office_application(created_calls["projektaufruf-2026"], measures, staff, date(today.year, 4, 1))
    _building_projects(building_fund, staff, measures, today)
    stdout.write(f"  funding: {Application.objects.count()} applications in {Call.objects.count()} calls")


def check() -> list[str]:
    """The demo's funding timeline (``manage.py check_demo``): deadlines on working days, projects
    inside their call's period and starting after its deadline, statuses that fit the dates, and no
    one-off event in the project fund (that is action fund material)."""
    today = timezone.localdate()
    problems = []
    for call in Call.objects.select_related("fund"):
        deadline = timezone.localdate(call.deadline)
        if not is_working_day(deadline):
            problems.append(f"Call {call.slug}: deadline {deadline} is not a working day")
    started = {S.APPROVED, S.RUNNING, S.REPORTED, S.CLOSED}
    for app in Application.objects.select_related("call__fund").exclude(status=S.DRAFT):
        label = f"Funding application “{app.title}”"
        if not (app.start_date and app.end_date):
            continue
        if app.start_date < timezone.localdate(app.call.deadline):
            problems.append(f"{label}: starts before the call's deadline")
        if not (app.call.project_start <= app.start_date and app.end_date <= app.call.project_end):
            problems.append(f"{label}: outside the call's project period")
        if app.status in (S.REPORTED, S.CLOSED) and app.end_date >= today:
            problems.append(f"{label}: {app.status} although it runs until {app.end_date}")
        if app.status == S.RUNNING and not (app.start_date <= today <= app.end_date):
            problems.append(f"{label}: running outside its period")
        if app.status in started and app.start_date > today and app.status != S.APPROVED:
            problems.append(f"{label}: {app.status} before it starts")
        if app.call.fund.kind == Fund.Kind.PROJECT and (app.end_date - app.start_date).days < 180:
            problems.append(f"{label}: a project fund project shorter than six months (action fund material)")
        if app.owner_id is None and not (
            app.consent_recorded_on
            and app.submitted_at
            and app.consent_recorded_on <= timezone.localdate(app.submitted_at)
        ):
            problems.append(f"{label}: entered by the office without the consent recorded before it was submitted")
    return problems + check_news()


def check_news() -> list[str]:
    """A news post about a call (``Projektaufruf`` in its title) links to a published call."""
    from django.urls import Resolver404, resolve

    from apps.pages.models import NewsPost

    problems = []
    for post in NewsPost.objects.filter(title__icontains="projektaufruf"):
        words = f"{post.teaser} {post.body}".split()
        slugs = []
        for path in (word.strip(".,;:()") for word in words if word.startswith("/foerderung/")):
            try:
                slugs.append(resolve(path).kwargs.get("slug"))
            except Resolver404:
                continue
        if not Call.objects.filter(slug__in=[s for s in slugs if s], is_published=True).exists():
            problems.append(f"News “{post.title}” announces a call but links to no published call")
    return problems
