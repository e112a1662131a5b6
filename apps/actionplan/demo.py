"""Demo concepts for the fictional Spreekiez, an area in its active phase: the current IHEK
(6th revision, 2026–2028) and a superseded IHEK with the fields of action used before 2021."""

from datetime import date

from apps.accounts.demo import demo_user

from .models import (
    AnchorPlace,
    Concept,
    FieldOfAction,
    FocusArea,
    Goal,
    HandedOverTask,
    Measure,
    MeasureStatus,
    Need,
    Strength,
    Weakness,
)

COUNCIL_AND_OFFICES = (
    "SpreekiezRat, Bezirksamt (Stadtentwicklungsamt, Sozialraumorientierte Planungskoordination) und "
    "Senatsverwaltung für Stadtentwicklung"
)

ACTION_PLAN = {  # the current concept: the area is in its active phase, so an IHEK
    "kind": Concept.Kind.IHEK,
    "revision": 6,
    "title": "Integriertes Handlungs- und Entwicklungskonzept Spreekiez 2026–2028",
    "year_from": 2026,
    "year_to": 2028,
    "adopted_on": date(2026, 3, 10),
    "adopted_by": COUNCIL_AND_OFFICES,
    "summary": (
        "Die sechste Fortschreibung des **IHEK** beschreibt die Arbeit des Quartiersmanagements im Programm "
        "„Sozialer Zusammenhalt“ für die Jahre 2026 bis 2028: Nachbarschaftsorte stärken, Bildungsnetzwerke "
        "ausbauen, den öffentlichen Raum an Hitze anpassen und die Beteiligung der Bewohnerschaft verbreitern.\n\n"
        "Grundlage sind die Bilanz der letzten Fortschreibung, eine Befragung von rund 300 Bewohnerinnen und "
        "Bewohnern sowie drei Kiezwerkstätten mit dem SpreekiezRat und lokalen Akteuren. Die Handlungsfelder sind "
        "berlinweit festgelegt; der SpreekiezRat hat die Prioritäten und Arbeitsschwerpunkte mitbestimmt."
    ),
    "vision": (
        "Der Spreekiez ist ein Kiez, in dem Menschen jeden Alters und jeder Herkunft gut und gerne zusammenleben, "
        "sich einmischen und füreinander einstehen."
    ),
}

ACTION_PLAN_STRENGTHS = [
    "Eine aktive, vielsprachige Nachbarschaft mit vielen Initiativen und Ehrenamtlichen.",
    "Gut vernetzte Schulen, Kitas und Familienzentren (Bildungsinitiative „Spreekiez macht Schule“).",
    "Der Uferweg und der Beispielplatz sind beliebte Treffpunkte für alle Generationen.",
    "Ein erfahrener SpreekiezRat, der seit vielen Jahren Projekte mitentscheidet.",
    "Gute Anbindung an Bus, U-Bahn und Radwege.",
]
ACTION_PLAN_WEAKNESSES = [
    "Steigende Mieten verdrängen Familien mit geringem Einkommen.",
    "Zu wenige nichtkommerzielle Räume für Jugendliche am Abend.",
    "Hitzebelastung im Sommer: wenige schattige Plätze, versiegelte Höfe.",
    "Ältere Menschen und Neuzugezogene erreichen die Angebote im Kiez schwer.",
    "Viele Projekte hängen an befristeter Förderung und sind noch nicht verstetigt.",
]

# field slug -> (goals, needs, measures: (title, description, goal index, responsible, from, to, status, climate))
ACTION_PLAN_FIELDS = {
    "integration-und-nachbarschaft": (
        ["Nachbarschaftliche Begegnung stärken und Nachbarschaftsorte dauerhaft sichern.",
         "Neuzugezogene und ältere Menschen finden leichter Zugang zu den Angeboten im Kiez."],
        ["Verlässliche Trägerschaft für das Nachbarschaftscafé.",
         "Mehrsprachige Information über Angebote und Beratung."],
        [("Nachbarschaftscafé am Ufer", "Offener Treffpunkt mit Mittagstisch und Sprachcafé.", 0,
          "Nachbarschaftshaus am Ufer", 2026, 2028, MeasureStatus.RUNNING, False),
         ("Kiezlotsinnen und Kiezlotsen", "Ehrenamtliche begleiten Neuzugezogene auf Türkisch, Arabisch und Deutsch.", 1,
          "Familienzentrum Spreekiez", 2026, 2027, MeasureStatus.DONE, False),
         ("Kiezfest am Beispielplatz", "Jährliches Fest, vorbereitet von einem Bewohnerteam.", 0,
          "Bewohnerteam mit QM-Team", 2026, 2028, MeasureStatus.RUNNING, False)],
    ),
    "bildung": (
        ["Übergänge von der Kita in die Grundschule und in die Oberschule gelingen.",
         "Außerschulische Lernorte stehen allen Kindern offen."],
        ["Elternarbeit in mehreren Sprachen an allen Schulen.",
         "Lernförderung und Hausaufgabenhilfe am Nachmittag."],
        [("Bildungsnetzwerk „Spreekiez macht Schule“ ausbauen", "Koordination durch die Spreekiez-Grundschule mit dem Schulamt.", 0,
          "Spreekiez-Grundschule mit Schulamt", 2026, 2028, MeasureStatus.RUNNING, False),
         ("Lernwerkstatt in der Stadtteilbibliothek", "Hausaufgabenhilfe und Lesepatenschaften.", 1,
          "Stadtteilbibliothek Spreekiez", 2027, 2028, MeasureStatus.PLANNED, False),
         ("Elterncafés an drei Grundschulen", "Mehrsprachige Elternbegleiterinnen laden monatlich ein.", 0,
          "Elternverein Spreekiez e. V.", 2026, 2027, MeasureStatus.DONE, False)],
    ),
    "oeffentlicher-raum": (
        ["Öffentliche Räume sind sicher, sauber, schattig und für alle nutzbar.",
         "Der Kiez passt sich an Hitze und Starkregen an."],
        ["Schattenplätze und Trinkwasser am Beispielplatz.",
         "Entsiegelung und Begrünung von Schulhöfen und Baumscheiben."],
        [("Schattendach und Trinkbrunnen am Beispielplatz", "Baumaßnahme aus dem Baufonds.", 1,
          "Straßen- und Grünflächenamt", 2027, 2028, MeasureStatus.PLANNED, True),
         ("Baumscheiben-Patenschaften", "Nachbarinnen und Nachbarn pflegen Baumscheiben in der Beispielstraße.", 1,
          "Umweltinitiative Grüner Spreekiez", 2026, 2028, MeasureStatus.RUNNING, True),
         ("Neue Bänke am Uferweg", "Fünf barrierearme Bänke auf Anregung aus der Nachbarschaft.", 0,
          "Straßen- und Grünflächenamt", 2026, 2026, MeasureStatus.DONE, False)],
    ),
    "gesundheit-und-bewegung": (
        ["Mehr Bewegung im Alltag für Kinder, Jugendliche und Ältere.",
         "Gesundheitsangebote erreichen auch Menschen mit wenig Geld."],
        ["Offene Sport- und Bewegungsangebote im Freien.",
         "Wohnortnahe Gesundheitsberatung in mehreren Sprachen."],
        [("Bewegter Kiez: Sport im Park", "Kostenlose Sportangebote von Mai bis September.", 0,
          "Sportverein Spreekiez 1921 e. V.", 2026, 2028, MeasureStatus.RUNNING, False),
         ("Hitzeschutz für Ältere", "Hitzetelefon und kühle Orte im Sommer.", 1,
          "Gesundheitsamt mit Nachbarschaftshaus", 2027, 2028, MeasureStatus.PLANNED, True)],
    ),
    "beteiligung-vernetzung-kooperation": (
        ["Mehr Bewohnerinnen und Bewohner gestalten den Kiez mit.",
         "Lokale Akteure arbeiten verbindlich zusammen."],
        ["Mehr Kandidierende für die Wahl zum SpreekiezRat, auch aus neu zugezogenen Familien.",
         "Ein gemeinsamer Kiezkalender aller Einrichtungen."],
        [("Mehrsprachige Werbung für die Wahl zum SpreekiezRat", "Infostände, Hausbesuche und Wahl im Frühjahr 2028.", 0,
          "QM-Team mit dem SpreekiezRat", 2026, 2028, MeasureStatus.RUNNING, False),
         ("Akteursrunde Spreekiez", "Vierteljährliches Treffen aller Einrichtungen, Moderation durch das Familienzentrum.", 1,
          "Familienzentrum Spreekiez", 2026, 2028, MeasureStatus.RUNNING, False)],
    ),
}  # fmt: skip

ACTION_PLAN_FOCUS_AREAS = [
    ("Nachbarschaftsorte sichern", "Räume, Trägerschaft und Finanzierung der Treffpunkte dauerhaft klären.",
     "integration-und-nachbarschaft"),
    ("Bildungsnetzwerk ausbauen", "Kitas, Schulen und Bibliothek stimmen ihre Angebote ab.", "bildung"),
    ("Klimaangepasster Kiez", "Schatten, Grün und Trinkwasser im öffentlichen Raum.", "oeffentlicher-raum"),
    ("Beteiligung verbreitern", "Mehr Bewohnerinnen und Bewohner entscheiden im SpreekiezRat und in der Jury mit.", None),
]  # fmt: skip

# name, description, slug of the directory actor (network demo) or ""
ANCHOR_PLACES = [
    ("Nachbarschaftshaus am Ufer", "Treffpunkt, Beratung und Verwaltung des Kiezfonds.", ""),
    ("Familienzentrum am Spreeufer", "Familienbildung, Kiezlotsen und Akteursrunde.", "familienzentrum-am-spreeufer"),
    ("Stadtteilbibliothek Spreekiez", "Lernort, Lesepatenschaften und Kiezkalender.", "stadtteilbibliothek-spreekiez"),
    ("Spreekiez-Grundschule", "Koordination des Bildungsnetzwerks „Spreekiez macht Schule“.", "spreekiez-grundschule"),
]

HANDED_OVER_TASKS = [
    ("Koordination des Bildungsnetzwerks", "Spreekiez-Grundschule mit dem Schulamt"),
    ("Verwaltung des Kiezfonds (bisher Aktionsfonds)", "Nachbarschaftshaus am Ufer"),
    ("Moderation der Akteursrunde", "Familienzentrum am Spreeufer"),
    ("Pflege des Kiezkalenders", "Stadtteilbibliothek Spreekiez"),
]

OLD_IHEK = {
    "kind": Concept.Kind.IHEK,
    "revision": 3,
    "title": "Integriertes Handlungs- und Entwicklungskonzept Spreekiez 2017–2019",
    "year_from": 2017,
    "year_to": 2019,
    "adopted_on": date(2017, 6, 20),
    "adopted_by": COUNCIL_AND_OFFICES,
    "summary": (
        "Die dritte Fortschreibung des IHEK beschreibt die Arbeit des Quartiersmanagements im Programm "
        "„Soziale Stadt“ für die Jahre 2017 bis 2019. Schwerpunkte sind Bildung, die Nachbarschaft und der "
        "öffentliche Raum."
    ),
    "vision": "Ein lebenswerter Spreekiez mit guten Bildungschancen und einer starken Nachbarschaft.",
}

OLD_STRENGTHS = [
    "Viele engagierte Vereine und Initiativen.",
    "Lage am Wasser mit Uferweg und Grünflächen.",
    "Eine junge, vielfältige Bevölkerung.",
]
OLD_WEAKNESSES = [
    "Hoher Anteil von Menschen, die von Transfereinkommen leben.",
    "Schulen mit schlechtem Ruf; viele Familien melden ihre Kinder in anderen Kiezen an.",
    "Vermüllte Plätze und wenig Spielangebote.",
]
OLD_FIELDS = {
    "bildung-ausbildung-jugend": (
        ["Bildungschancen von Kindern und Jugendlichen verbessern."],
        ["Übergang Schule–Beruf begleiten."],
        [("Jugendberufsberatung im Jugendclub", "", 0, "Jugendclub Spreekiez", 2017, 2019, MeasureStatus.DONE, False)],
    ),
    "arbeit-und-wirtschaft": (
        ["Lokale Gewerbetreibende stärken."],
        ["Leerstand in der Beispielstraße."],
        [("Gewerbestammtisch", "", 0, "QM-Team", 2017, 2018, MeasureStatus.DONE, False)],
    ),
    "nachbarschaft": (
        ["Das Zusammenleben der Kulturen fördern."],
        ["Treffpunkte für die Nachbarschaft."],
        [("Interkultureller Gartentreff", "", 0, "Nachbarschaftsgarten e. V.", 2017, 2019, MeasureStatus.DONE, True)],
    ),
    "oeffentlicher-raum-bis-2020": (
        ["Plätze und Spielflächen aufwerten."],
        ["Sanierung des Beispielplatzes."],
        [("Umgestaltung Beispielplatz (1. Bauabschnitt)", "", 0, "Straßen- und Grünflächenamt", 2018, 2019,
          MeasureStatus.DONE, False)],
    ),
    "beteiligung-vernetzung-einbindung": (
        ["Die Bewohnerschaft an Entscheidungen beteiligen."],
        ["Mehr Bewohnerinnen und Bewohner im Quartiersrat."],
        [("Wahlwerbung für den Quartiersrat", "", 0, "QM-Team", 2018, 2018, MeasureStatus.DONE, False)],
    ),
}  # fmt: skip


def _directory_actor(slug: str):
    """The network demo's actor with ``slug`` (or None), found through the anchor place's relation
    to the directory, so the action plan imports nothing of the network app."""
    if not slug:
        return None
    return AnchorPlace._meta.get_field("actor").related_model.objects.filter(slug=slug).first()


def _ordered(model, concept, texts):
    for order, text in enumerate(texts, start=1):
        model.objects.update_or_create(concept=concept, order=order, defaults={"text": text})


def _fields(concept, fields, *, by):
    for slug, (goals, needs, measures) in fields.items():
        field = FieldOfAction.objects.get(slug=slug)
        goal_objects = []
        for order, text in enumerate(goals, start=1):
            goal, _created = Goal.objects.update_or_create(
                concept=concept, field_of_action=field, order=order, defaults={"text": text}
            )
            goal_objects.append(goal)
        for order, text in enumerate(needs, start=1):
            Need.objects.update_or_create(concept=concept, field_of_action=field, order=order, defaults={"text": text})
        for order, (title, description, goal, responsible, start, end, status, climate) in enumerate(measures, 1):
            measure, _created = Measure.objects.update_or_create(
                concept=concept,
                title=title,
                defaults={
                    "field_of_action": field,
                    "description": description,
                    "order": order,
                    "goal": goal_objects[goal],
                    "responsible": responsible,
                    "year_from": start,
                    "year_to": end,
                    "serves_climate": climate,
                },
            )
            if measure.status == MeasureStatus.PLANNED and status != MeasureStatus.PLANNED:
                measure.change_status(status, by=by, comment="Demo")


def _concept(data, *, by) -> Concept:
    concept, _created = Concept.objects.update_or_create(
        kind=data["kind"], revision=data["revision"], defaults={k: v for k, v in data.items() if k != "kind"}
    )
    if concept.status == Concept.Status.DRAFT:
        concept.adopt(by=by, comment="Beschluss des SpreekiezRats und der Steuerungsrunde (Demo)")
    return concept


def load(*, stdout) -> None:
    qm = demo_user("qm@kiezportal.example")

    plan = _concept(ACTION_PLAN, by=qm)
    _ordered(Strength, plan, ACTION_PLAN_STRENGTHS)
    _ordered(Weakness, plan, ACTION_PLAN_WEAKNESSES)
    _fields(plan, ACTION_PLAN_FIELDS, by=qm)
    for order, (title, description, slug) in enumerate(ACTION_PLAN_FOCUS_AREAS, start=1):
        FocusArea.objects.update_or_create(
            concept=plan,
            order=order,
            defaults={
                "title": title,
                "description": description,
                "field_of_action": FieldOfAction.objects.get(slug=slug) if slug else None,
            },
        )
    if plan.is_exit_phase:  # anchor places and handed-over tasks belong to an action or final plan only
        for order, (name, description, actor_slug) in enumerate(ANCHOR_PLACES, start=1):
            AnchorPlace.objects.update_or_create(
                concept=plan,
                order=order,
                defaults={"name": name, "description": description, "actor": _directory_actor(actor_slug)},
            )
        for order, (task, taken_over_by) in enumerate(HANDED_OVER_TASKS, start=1):
            HandedOverTask.objects.update_or_create(
                concept=plan, order=order, defaults={"task": task, "taken_over_by": taken_over_by}
            )

    ihek = _concept(OLD_IHEK, by=qm)
    _ordered(Strength, ihek, OLD_STRENGTHS)
    _ordered(Weakness, ihek, OLD_WEAKNESSES)
    _fields(ihek, OLD_FIELDS, by=qm)


def check() -> list[str]:
    """The demo's concept (``manage.py check_demo``): a current one, named as in the site settings,
    with exit-phase parts only in an action or final plan, and measures whose status fits their years."""
    from django.utils import timezone

    from apps.core.sites import site_identity

    current = Concept.objects.current()
    if current is None:
        return ["No adopted concept"]
    problems = []
    if current.kind != site_identity().concept_kind:
        problems.append(f"The site settings name another concept than the current {current.get_kind_display()}")
    if not current.is_exit_phase and (current.anchor_places.exists() or current.neighbourhood_fund):
        problems.append(f"{current}: exit-phase parts in an IHEK")
    this_year = timezone.localdate().year
    for measure in current.measures.exclude(status=MeasureStatus.PLANNED):
        if measure.year_from and measure.year_from > this_year:
            problems.append(f"Measure “{measure.title}”: {measure.status} before its first year {measure.year_from}")
    return problems
