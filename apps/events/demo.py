"""Demo calendar for the fictional Spreekiez: regular offers of the directory's actors, single
events in the coming weeks (on fitting weekdays, relative to today), one that took place, and an
event suggestion waiting for moderation. Fictional places and people only."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.core.suggestions import SuggestionStatus
from apps.core.workflow import transition
from apps.network.models import Actor, Language, StepFree

from .models import CostKind, Event, EventKind, EventSuggestion, Repeat

MO, TU, WE, TH, FR, SA, SU = range(7)
K = EventKind

# title, kind, weekday, weeks ahead, start, end, repeat, repeat weeks, actor slug (or place, address),
# organiser, languages, step-free (None: the actor's), cost (kind, amount, text), description
EVENTS = [
    ("Elterncafé", K.FAMILY, WE, 0, time(9, 30), time(11, 30), Repeat.WEEKLY, 16, "familienzentrum-lindenhof",
     "Familienzentrum Lindenhof", ["de", "tr", "ar"], None, (CostKind.FREE, None, ""),
     "Frühstück, Austausch und Beratung für Eltern mit kleinen Kindern. Ohne Anmeldung, Kinder sind willkommen."),
    ("Sprachcafé Deutsch", K.EDUCATION, TH, 0, time(17, 0), time(18, 30), Repeat.WEEKLY, 20,
     "stadtteilbibliothek-spreekiez", "Stadtteilbibliothek Spreekiez", ["de", "ar", "tr", "fa"], None,
     (CostKind.FREE, None, ""), "Deutsch sprechen üben in kleinen Runden, für alle Niveaus. Ehrenamtliche begleiten."),
    ("Offene Sprechstunde im Quartiersbüro", K.QM, TU, 0, time(14, 0), time(17, 0), Repeat.WEEKLY, 20,
     "vor-ort-buero-qm", "Quartiersmanagement Spreekiez", ["de", "tr", "en"], None, (CostKind.FREE, None, ""),
     "Ideen, Fragen zum Projektfonds oder zum Aktionsfonds? Kommen Sie vorbei – ohne Termin."),
    ("Repair-Café", K.NEIGHBOURHOOD, SA, 1, time(11, 0), time(15, 0), Repeat.MONTHLY_WEEKDAY, 26,
     "fahrradwerkstatt-kettenreaktion", "Fahrradwerkstatt Kettenreaktion", ["de", "pl"], None,
     (CostKind.TEXT, None, "Spende erbeten"), "Fahrräder, Toaster und Lampen gemeinsam reparieren statt wegwerfen."),
    ("Seniorentanz", K.SENIORS, MO, 0, time(15, 0), time(17, 0), Repeat.BIWEEKLY, 20, "seniorentreff-lindenhof",
     "Seniorentreff Lindenhof", ["de"], None, (CostKind.AMOUNT, Decimal("2.00"), ""),
     "Tanznachmittag mit Musik der 60er und 70er, Kaffee und Kuchen inklusive."),
    ("Mieterberatung", K.EDUCATION, MO, 1, time(17, 0), time(19, 0), Repeat.BIWEEKLY, 20,
     "mieterinitiative-faehrstrasse", "Mieterinitiative Fährstraße", ["de", "tr"], StepFree.UNKNOWN,
     (CostKind.FREE, None, ""), "Fragen zu Betriebskosten, Modernisierung und Mieterhöhung – mit einer Anwältin."),
    ("Kiezfest am Spreeufer", K.NEIGHBOURHOOD, SA, 3, time(14, 0), time(20, 0), Repeat.NONE, 0,
     ("Uferwiese", "Am Spreeufer, zwischen Fährstraße und Uferweg"), "Runder Tisch Nachbarschaft und QM Spreekiez",
     ["de", "tr", "ar", "en"], StepFree.PARTLY, (CostKind.FREE, None, ""),
     "Bühnenprogramm der Schulen und Vereine, Flohmarkt, Essen aus aller Welt und ein Kinderzirkus. "
     "Die Wiese ist über den Uferweg stufenlos erreichbar, der Bühnenbereich nicht."),
    ("Tag der offenen Tür in der Kita Spreepiraten", K.OPEN_DAY, FR, 2, time(15, 0), time(18, 0), Repeat.NONE, 0,
     "kita-spreepiraten", "Kita Spreepiraten", ["de", "tr", "en"], None, (CostKind.FREE, None, ""),
     "Räume ansehen, das Team kennenlernen und Fragen zur Anmeldung stellen."),
    ("Konzert: Junge Talente aus dem Kiez", K.CULTURE, SU, 2, time(16, 0), time(18, 0), Repeat.NONE, 0,
     "kirchengemeinde-zum-guten-hirten", "Kiezmusik e. V.", ["de"], None, (CostKind.AMOUNT, Decimal("5.00"), ""),
     "Schülerinnen und Schüler der Musikschule spielen Klassik, Pop und türkische Volksmusik."),
    ("Fußballturnier der Jugendclubs", K.YOUTH, SA, 4, time(10, 0), time(16, 0), Repeat.NONE, 0,
     "sv-spreekiez-1921", "Jugendclub Die Werft und SV Spreekiez 1921", ["de", "ar", "tr"], None,
     (CostKind.FREE, None, ""), "Teams von 12 bis 17 Jahren, Anmeldung im Jugendclub bis eine Woche vorher."),
    ("Zweisprachige Lesung: Geschichten vom Ankommen", K.CULTURE, TH, 1, time(19, 0), time(20, 30), Repeat.NONE,
     0, "stadtteilbibliothek-spreekiez", "Stadtteilbibliothek Spreekiez", ["de", "tr"], None,
     (CostKind.FREE, None, ""), "Autorinnen aus dem Kiez lesen auf Deutsch und Türkisch."),
    ("Herbstputz im Kiez", K.NEIGHBOURHOOD, SA, -2, time(10, 0), time(13, 0), Repeat.NONE, 0,
     ("Treffpunkt Kirchplatz", "Kirchplatz 1"), "Mieterinitiative Fährstraße", ["de"], StepFree.YES,
     (CostKind.FREE, None, ""), "Gemeinsam Müll sammeln; Handschuhe und Zangen stellt das Quartiersbüro."),
]  # fmt: skip


def weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def load(*, stdout) -> None:
    languages = {language.code: language for language in Language.objects.all()}
    actors = {actor.slug: actor for actor in Actor.objects.all()}
    today = timezone.localdate()
    for row in EVENTS:
        (title, kind, weekday, weeks, start, end, repeat, repeat_weeks, place, organiser, codes, step_free, cost,
         description) = row  # fmt: skip
        day = weekday_on_or_after(today + timedelta(days=1), weekday) + timedelta(weeks=weeks)
        actor = actors.get(place) if isinstance(place, str) else None
        place_name, place_address = ("", "") if isinstance(place, str) else place
        if isinstance(place, str) and actor is None:  # the directory's demo data is missing
            place_name = place
        cost_kind, amount, cost_text = cost
        event, _created = Event.objects.update_or_create(
            title=title,
            defaults={
                "kind": kind,
                "description": description,
                "organiser": organiser,
                "starts_at": _at(day, start),
                "ends_at": _at(day, end),
                "repeat": repeat,
                "repeat_until": day + timedelta(weeks=repeat_weeks) if repeat != Repeat.NONE else None,
                "actor": actor,
                "place_name": place_name,
                "place_address": place_address,
                "step_free": step_free or (actor.step_free if actor else StepFree.UNKNOWN),
                "accessibility_notes": actor.accessibility_notes if actor else "",
                "cost_kind": cost_kind,
                "cost_amount": amount,
                "cost_text": cost_text,
                "is_published": True,
            },
        )
        event.languages.set([languages[code] for code in codes if code in languages])

    suggestion, created = EventSuggestion.objects.get_or_create(
        title="Hofflohmarkt in der Fährstraße 12",
        defaults={
            "kind": K.NEIGHBOURHOOD,
            "description": "Alle Nachbarinnen und Nachbarn verkaufen im Innenhof, was sie nicht mehr brauchen.",
            "organiser": "Hausgemeinschaft Fährstraße 12",
            "date": weekday_on_or_after(today + timedelta(days=1), SA) + timedelta(weeks=5),
            "start_time": time(11, 0),
            "end_time": time(16, 0),
            "place_name": "Innenhof",
            "place_address": "Fährstraße 12",
            "step_free": StepFree.YES,
            "suggester_name": "Jana K.",
            "suggester_email": "jana.k@example.org",
            "message": "Darf der Flohmarkt in den Kalender? Wir hängen auch Zettel im Haus auf.",
        },
    )
    if created:
        suggestion.languages.set([languages["de"]] if "de" in languages else [])
        transition(suggestion, SuggestionStatus.NEW, by=None, comment="E-Mail-Adresse bestätigt.")
    stdout.write(f"  events: {len(EVENTS)} events, 1 suggestion waiting for moderation")
