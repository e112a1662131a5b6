"""Demo directory for the fictional Spreekiez: about 30 local actors, two networks and
suggestions waiting for moderation. Fictional people and organisations only."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from apps.actionplan.models import FieldOfAction

from .models import Actor, ActorKind, Language, Network, StepFree, Suggestion, SuggestionStatus, actor_snapshot

K = ActorKind
IN, B, OR, GB, BVK = (
    "integration-und-nachbarschaft",
    "bildung",
    "oeffentlicher-raum",
    "gesundheit-und-bewegung",
    "beteiligung-vernetzung-kooperation",
)

# slug, name, kind, street, opening hours, contact, e-mail, phone, website, languages, fields, step-free, notes, description
ACTORS = [
    ("spreekiez-grundschule", "Spreekiez-Grundschule", K.SCHOOL, "Lindenhofstraße 20",
     "Sekretariat Mo–Fr 7:30–14 Uhr", "Frau Hartmann (Schulleitung)", "sekretariat@spreekiez-grundschule.example",
     "030 1234501", "https://spreekiez-grundschule.example", ["de", "en", "tr", "ar"], [B, IN], StepFree.YES,
     "Aufzug im Haupthaus",
     "Offene Ganztagsgrundschule mit rund 420 Kindern aus 30 Nationen. Schwerpunkte: Sprachförderung, "
     "Schulgarten und ein Elterncafé jeden Mittwoch."),
    ("lindenhof-grundschule", "Lindenhof-Grundschule", K.SCHOOL, "Mühlenweg 4",
     "Sekretariat Mo–Fr 7:30–13:30 Uhr", "Herr Schubert (stellv. Schulleitung)", "info@lindenhof-gs.example",
     "030 1234502", "", ["de", "tr", "pl"], [B], StepFree.PARTLY, "Erdgeschoss stufenlos, Turnhalle über Stufen",
     "Grundschule mit musikalischem Profil und jahrgangsübergreifendem Lernen in der Schulanfangsphase."),
    ("iss-am-ufer", "Integrierte Sekundarschule am Ufer", K.SCHOOL, "Uferweg 31",
     "Sekretariat Mo–Fr 7:30–15 Uhr", "Frau Okafor (Berufsorientierung)", "kontakt@iss-am-ufer.example",
     "030 1234503", "https://iss-am-ufer.example", ["de", "en", "ar", "tr"], [B, BVK], StepFree.YES, "",
     "Sekundarschule der Klassen 7 bis 10 mit Werkstätten, Schülerfirma und enger Zusammenarbeit mit "
     "Betrieben im Kiez beim Übergang in die Ausbildung."),
    ("kita-spreepiraten", "Kita Spreepiraten", K.KINDERGARTEN, "Fährstraße 8",
     "Mo–Fr 7–17 Uhr", "Frau Lindqvist (Leitung)", "kita@spreepiraten.example", "030 1234504", "",
     ["de", "en", "tr"], [B], StepFree.YES, "",
     "Kita für 90 Kinder von einem bis sechs Jahren, zweisprachige Gruppe Deutsch–Türkisch."),
    ("kita-sonnenblume", "Kita Sonnenblume", K.KINDERGARTEN, "Beispielstraße 40",
     "Mo–Fr 6:30–17:30 Uhr", "Herr Demir (Leitung)", "sonnenblume@kita-eigenbetrieb.example", "030 1234505",
     "", ["de", "ar", "ku"], [B, GB], StepFree.NO, "Eingang über fünf Stufen",
     "Kita im Eigenbetrieb mit Bewegungsschwerpunkt und eigenem Garten."),
    ("kinderladen-kleine-fuechse", "Kinderladen Kleine Füchse e. V.", K.KINDERGARTEN, "Mühlenweg 17",
     "Mo–Fr 8–16:30 Uhr", "", "post@kleine-fuechse.example", "", "", ["de", "en"], [B], StepFree.YES, "",
     "Elterninitiative mit 18 Plätzen. Wir suchen regelmäßig Eltern, die mitmachen wollen."),
    ("jugendclub-die-werft", "Jugendclub Die Werft", K.YOUTH_CENTRE, "Uferweg 12",
     "Di–Sa 14–21 Uhr", "Sina und Karim (Team)", "hallo@die-werft.example", "030 1234506",
     "https://die-werft.example", ["de", "ar", "tr", "en"], [IN, GB, B], StepFree.PARTLY,
     "Café stufenlos, Tonstudio im Keller",
     "Offener Treff für Jugendliche von 12 bis 21 Jahren: Tonstudio, Kicker, Hausaufgabenhilfe, "
     "Sport auf dem Bolzplatz und Ferienfahrten."),
    ("familienzentrum-lindenhof", "Familienzentrum Lindenhof", K.FAMILY_CENTRE, "Lindenhofstraße 9",
     "Mo–Do 9–18 Uhr, Fr 9–14 Uhr", "Frau Aydın (Leitung)", "familienzentrum@lindenhof.example",
     "030 1234507", "https://familienzentrum-lindenhof.example", ["de", "tr", "ar", "en"], [IN, B, GB],
     StepFree.YES, "Stufenloser Eingang, barrierefreies WC, Platz für Kinderwagen",
     "Treffpunkt für Familien mit Kindern bis zwölf Jahren: Eltern-Kind-Gruppen, Familiencafé, "
     "Beratung zu Kita, Schule und Erziehung – auf Deutsch, Türkisch und Arabisch. Kostenlos und ohne Anmeldung."),
    ("familienzentrum-am-spreeufer", "Familienzentrum am Spreeufer", K.FAMILY_CENTRE, "Am Spreeufer 3",
     "Di–Fr 10–17 Uhr", "Herr Brandt", "kontakt@fz-spreeufer.example", "030 1234508", "",
     ["de", "ar", "fa"], [IN, GB], StepFree.PARTLY, "Rampe am Seiteneingang, WC nicht barrierefrei",
     "Familienzentrum mit Krabbelgruppe, Hebammensprechstunde und Nähcafé."),
    ("mevlana-moschee", "Mevlana-Moschee Spreekiez e. V.", K.RELIGIOUS_COMMUNITY, "Fährstraße 22",
     "Täglich zu den Gebetszeiten; Büro Sa 11–15 Uhr", "Herr Kaya (Vorstand)", "info@mevlana-spreekiez.example",
     "030 1234509", "", ["tr", "ar", "de"], [IN, BVK], StepFree.NO, "Gebetsraum im 1. Stock, kein Aufzug",
     "Moscheegemeinde mit Hausaufgabenhilfe, Frauengruppe und einem Tag der offenen Moschee am 3. Oktober."),
    ("kirchengemeinde-zum-guten-hirten", "Ev. Kirchengemeinde Zum Guten Hirten", K.RELIGIOUS_COMMUNITY,
     "Kirchplatz 1", "Gemeindebüro Di und Do 10–12 Uhr", "Pfarrerin Behrens", "buero@guter-hirte.example",
     "030 1234510", "https://guter-hirte.example", ["de", "en"], [IN, GB], StepFree.YES,
     "Rampe am Haupteingang", "Gemeinde mit Seniorencafé, Chor und Kleiderkammer. Die Räume können für "
     "Nachbarschaftsveranstaltungen gemietet werden."),
    ("mieterinitiative-faehrstrasse", "Mieterinitiative Fährstraße", K.INITIATIVE, "",
     "Treffen jeden 1. Montag im Monat, 19 Uhr (Nachbarschaftsraum)", "", "mieterinitiative-faehrstrasse@posteo.example",
     "", "", ["de", "tr", "en"], [IN, BVK], StepFree.UNKNOWN, "",
     "Mieterinnen und Mieter der Fährstraße 10–30 tauschen sich zu Modernisierung, Betriebskosten und "
     "Hausgemeinschaft aus. Neue Nachbarinnen und Nachbarn sind willkommen."),
    ("stadtteilbibliothek-spreekiez", "Stadtteilbibliothek Spreekiez", K.LIBRARY, "Beispielplatz 2",
     "Di–Fr 11–19 Uhr, Sa 10–14 Uhr", "", "bibliothek-spreekiez@bezirk.example", "030 1234511", "",
     ["de", "en", "tr", "ar", "uk"], [B, IN], StepFree.YES, "Aufzug, Leselupe und Vorlesegerät",
     "Medien in zehn Sprachen, Hausaufgabenhilfe montags bis donnerstags, Vorlesestunde für Kinder "
     "und ein offenes Sprachcafé."),
    ("wbg-spreeufer", "Wohnungsbaugesellschaft Spreeufer mbH – Kundenzentrum", K.HOUSING_COMPANY,
     "Beispielstraße 55", "Mo 9–12 Uhr, Do 14–18 Uhr", "Kundenzentrum Spreekiez", "kundenzentrum@wbg-spreeufer.example",
     "030 1234512", "https://wbg-spreeufer.example", ["de", "en", "tr"], [OR, BVK], StepFree.YES, "",
     "Die Wohnungsbaugesellschaft vermietet rund 1.800 Wohnungen im Spreekiez und stellt Räume für "
     "Nachbarschaftsprojekte zur Verfügung."),
    ("nachbarschaftsgarten-uferwiese", "Nachbarschaftsgarten Uferwiese", K.INITIATIVE, "Uferweg (Höhe Nr. 40)",
     "April–Oktober: Mi 16–19 Uhr, Sa 11–15 Uhr", "", "garten@uferwiese.example", "", "",
     ["de", "en", "pl"], [OR, IN, GB], StepFree.PARTLY, "Wege mit Rindenmulch",
     "Gemeinsam gärtnern, ernten und feiern: 30 Hochbeete, eine Kräuterspirale und ein Lehmofen."),
    ("kiezwerk-ev", "Kiezwerk e. V.", K.ASSOCIATION, "Lindenhofstraße 31",
     "Büro Mo–Fr 10–16 Uhr", "Frau Wagner (Geschäftsführung)", "info@kiezwerk.example", "030 1234513",
     "https://kiezwerk.example", ["de", "en", "tr", "ar"], [BVK, B, IN], StepFree.YES, "",
     "Träger von Bildungs- und Nachbarschaftsprojekten im Spreekiez; koordiniert das Bildungsnetzwerk "
     "„Spreekiez macht Schule“."),
    ("sv-spreekiez-1921", "SV Spreekiez 1921 e. V.", K.ASSOCIATION, "Sportplatz Mühlenweg",
     "Training nach Plan, Geschäftsstelle Mi 17–19 Uhr", "Herr Nowak (Jugendwart)", "jugend@sv-spreekiez.example",
     "030 1234514", "https://sv-spreekiez.example", ["de", "pl", "tr"], [GB, IN], StepFree.PARTLY, "",
     "Fußball, Tischtennis und Seniorengymnastik; Mädchenfußball ab sechs Jahren."),
    ("stadtteilmuetter-spreekiez", "Stadtteilmütter Spreekiez", K.INITIATIVE, "Lindenhofstraße 9",
     "Sprechstunde Mi 10–12 Uhr im Familienzentrum Lindenhof", "", "stadtteilmuetter@kiezwerk.example",
     "030 1234515", "", ["ar", "tr", "ku", "pl", "ru", "de"], [IN, B, GB], StepFree.YES, "",
     "Geschulte Mütter aus dem Kiez besuchen Familien zu Hause und informieren zu Bildung, Gesundheit "
     "und Erziehung – in der Sprache der Familie."),
    ("seniorentreff-lindenhof", "Seniorentreff Lindenhof", K.OTHER, "Mühlenweg 2",
     "Mo–Fr 12–17 Uhr", "", "seniorentreff@kiezwerk.example", "030 1234516", "", ["de", "tr", "ru"],
     [IN, GB], StepFree.YES, "",
     "Mittagstisch, Spielenachmittage, Sitzgymnastik und Smartphone-Sprechstunde für Ältere."),
    ("regionaler-sozialdienst", "Regionaler Sozialpädagogischer Dienst – Region Spreekiez", K.ADMINISTRATION,
     "Amtsweg 5", "Mo, Di, Fr 9–12 Uhr, Do 15–18 Uhr", "", "rsd-spreekiez@bezirk.example", "030 1234517", "",
     ["de", "en"], [IN, B], StepFree.YES, "", "Beratung und Hilfe für Familien, Kinder und Jugendliche."),
    ("vor-ort-buero-qm", "Vor-Ort-Büro Quartiersmanagement Spreekiez", K.ADMINISTRATION, "Beispielstraße 12",
     "Di 15–18 Uhr, Do 10–13 Uhr und nach Vereinbarung", "QM-Team", "info@kiezportal.example", "030 1234567", "",
     ["de", "en", "tr", "ar"], [BVK], StepFree.YES, "",
     "Das Quartiersmanagement berät zu Projektideen, Aktionsfonds und Beteiligung im Kiez."),
    ("baeckerei-yildiz", "Bäckerei Yıldız", K.BUSINESS, "Fährstraße 3", "Mo–Sa 6–19 Uhr, So 7–14 Uhr", "", "",
     "030 1234518", "", ["tr", "de"], [IN], StepFree.YES, "",
     "Familienbetrieb seit 1994; spendet jeden Abend Backwaren an die Kleiderkammer der Kirchengemeinde."),
    ("fahrradwerkstatt-kettenreaktion", "Fahrradwerkstatt Kettenreaktion", K.BUSINESS, "Uferweg 7",
     "Di–Fr 12–19 Uhr; Selbsthilfewerkstatt Sa 11–15 Uhr", "", "werkstatt@kettenreaktion.example", "030 1234519",
     "", ["de", "en", "fa", "ar"], [OR, GB], StepFree.YES, "",
     "Reparaturen und samstags eine offene Selbsthilfewerkstatt mit Werkzeug und Anleitung."),
    ("kiezmusik-ev", "Kiezmusik e. V.", K.ASSOCIATION, "Kirchplatz 1", "Unterricht nach Vereinbarung", "",
     "kontakt@kiezmusik.example", "", "", ["de", "en", "ru"], [B, IN], StepFree.YES, "",
     "Instrumentalunterricht zum kleinen Preis, Kinderchor und ein Nachbarschaftsorchester."),
    ("ankommen-im-kiez", "Beratungsstelle „Ankommen im Kiez“", K.ASSOCIATION, "Amtsweg 11",
     "Mo–Do 10–16 Uhr", "", "beratung@ankommen-im-kiez.example", "030 1234520", "",
     ["de", "ar", "fa", "uk", "ru", "ku"], [IN], StepFree.PARTLY, "Aufzug bis zum 2. Stock, dann drei Stufen",
     "Beratung für Geflüchtete und Neuzugewanderte zu Aufenthalt, Wohnen, Arbeit und Sprachkursen."),
    ("polnischer-kulturverein-most", "Polnischer Kulturverein „Most“ e. V.", K.ASSOCIATION, "Mühlenweg 21",
     "Do 17–20 Uhr", "", "most@kulturverein.example", "", "", ["pl", "de"], [IN, B], StepFree.NO, "",
     "Polnischsprachige Samstagsschule, Lesungen und Nachbarschaftsfeste."),
    ("elternverein-raduga", "Elternverein „Raduga“ e. V.", K.ASSOCIATION, "Fährstraße 30",
     "Sa 10–14 Uhr", "", "raduga@elternverein.example", "", "", ["ru", "uk", "de"], [B, IN], StepFree.YES, "",
     "Russisch- und ukrainischsprachige Eltern organisieren Spielgruppen, Nachhilfe und Beratung."),
    ("frauenzentrum-hevi", "Frauenzentrum Hêvî", K.ASSOCIATION, "Amtsweg 14", "Mo–Fr 10–17 Uhr", "",
     "kontakt@frauenzentrum-hevi.example", "030 1234521", "", ["ku", "tr", "ar", "de"], [IN, GB],
     StepFree.YES, "", "Treffpunkt, Deutschkurse und Beratung von Frauen für Frauen."),
    ("kiezgesundheit-spreekiez", "Kiezgesundheit Spreekiez", K.OTHER, "Beispielstraße 61",
     "Mi 14–18 Uhr", "", "gesundheit@kiezwerk.example", "030 1234522", "", ["de", "tr", "ar", "ru"], [GB],
     StepFree.YES, "", "Offene Gesundheitssprechstunde mit Dolmetschenden, Lotsen ins Gesundheitssystem."),
    ("tauschring-spreekiez", "Tauschring Spreekiez (in Gründung)", K.INITIATIVE, "", "", "", "", "", "", ["de"],
     [IN], StepFree.UNKNOWN, "", "Noch nicht veröffentlicht: die Initiative gründet sich gerade."),
]  # fmt: skip

UNPUBLISHED = {"tauschring-spreekiez"}
PICTURES = {
    "familienzentrum-lindenhof": ("#7b3f9e", "Logo des Familienzentrums Lindenhof: ein Haus mit drei Figuren"),
    "jugendclub-die-werft": ("#1f5f8b", "Logo des Jugendclubs Die Werft: ein stilisiertes Boot"),
    "stadtteilbibliothek-spreekiez": ("#2e7d32", "Foto: Leseecke der Stadtteilbibliothek mit Bücherregalen"),
}

NETWORKS = [
    ("spreekiez-macht-schule", "Spreekiez macht Schule",
     "Das Bildungsnetzwerk des Spreekiez verbindet Kitas, Schulen, Bibliothek, Familienzentren und "
     "Jugendarbeit. Gemeinsam gestalten wir Übergänge (Kita–Schule, Schule–Beruf), eine Lernwerkstatt und "
     "die jährliche Bildungsmesse im Herbst.",
     "kiezwerk-ev", "Bildungskoordination bei Kiezwerk e. V.", "Jeden zweiten Dienstag im Monat, 16 Uhr",
     ["spreekiez-grundschule", "lindenhof-grundschule", "iss-am-ufer", "kita-spreepiraten", "kita-sonnenblume",
      "kinderladen-kleine-fuechse", "stadtteilbibliothek-spreekiez", "familienzentrum-lindenhof",
      "familienzentrum-am-spreeufer", "jugendclub-die-werft", "stadtteilmuetter-spreekiez", "kiezwerk-ev"]),
    ("runder-tisch-nachbarschaft", "Runder Tisch Nachbarschaft Spreekiez",
     "Religionsgemeinschaften, Initiativen, Wohnungswirtschaft und Verwaltung besprechen, was im Kiez "
     "ansteht – vom Straßenfest bis zum Umgang mit Konflikten im öffentlichen Raum.",
     "vor-ort-buero-qm", "QM-Team", "Alle drei Monate, Donnerstag 18 Uhr, wechselnde Orte",
     ["mevlana-moschee", "kirchengemeinde-zum-guten-hirten", "mieterinitiative-faehrstrasse", "wbg-spreeufer",
      "vor-ort-buero-qm", "stadtteilmuetter-spreekiez", "nachbarschaftsgarten-uferwiese", "seniorentreff-lindenhof",
      "frauenzentrum-hevi"]),
]  # fmt: skip


def _logo(colour: str, name: str) -> ContentFile:
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([150, 120, 330, 280], fill="#ffffff")
    draw.polygon([(130, 130), (240, 40), (350, 130)], fill="#ffbf47")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{name}.png")


def load(*, stdout) -> None:
    languages = {language.code: language for language in Language.objects.all()}
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    actors = {}
    for row in ACTORS:
        (slug, name, kind, street, hours, contact, email, phone, website, codes, field_slugs, step_free, notes,
         description) = row  # fmt: skip
        actor, _created = Actor.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "street": street,
                "postcode": "10001" if street else "",
                "opening_hours": hours,
                "contact_person": contact,
                "email": email,
                "phone": phone,
                "website": website,
                "step_free": step_free,
                "accessibility_notes": notes,
                "description": description,
                "is_published": slug not in UNPUBLISHED,
            },
        )
        actor.languages.set([languages[code] for code in codes])
        actor.fields_of_action.set([fields[field_slug] for field_slug in field_slugs])
        if slug in PICTURES and not actor.image:
            colour, alt = PICTURES[slug]
            actor.image = _logo(colour, slug)
            actor.image_alt = alt
            actor.save(update_fields=["image", "image_alt"])
        actors[slug] = actor

    for slug, name, description, coordinator, contact, rhythm, members in NETWORKS:
        network, _created = Network.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "coordinator": actors[coordinator],
                "coordinator_contact": contact,
                "meeting_rhythm": rhythm,
            },
        )
        network.members.set([actors[member] for member in members])

    _load_suggestions(actors, languages, fields)


def _load_suggestions(actors, languages, fields) -> None:
    new_entry, created = Suggestion.objects.get_or_create(
        name="Repair-Café Spreekiez",
        suggester_email="r.neumann@example.org",
        defaults={
            "kind": Suggestion.Kind.NEW_ENTRY,
            "kind_of_actor": ActorKind.INITIATIVE,
            "description": "Jeden letzten Samstag im Monat reparieren wir gemeinsam Toaster, Lampen und Kleidung.",
            "street": "Kirchplatz 1",
            "postcode": "10001",
            "opening_hours": "Letzter Samstag im Monat, 14–17 Uhr",
            "email": "repaircafe-spreekiez@example.org",
            "step_free": StepFree.YES,
            "message": "Wir treffen uns im Gemeindesaal der Kirchengemeinde.",
            "suggester_name": "Ruth N.",
        },
    )
    if created:
        new_entry.languages.set([languages["de"], languages["en"]])
        new_entry.fields_of_action.set([fields[OR], fields[IN]])
        new_entry.change_status(SuggestionStatus.NEW, comment="E-Mail-Adresse bestätigt.")

    library = actors["stadtteilbibliothek-spreekiez"]
    correction, created = Suggestion.objects.get_or_create(
        kind=Suggestion.Kind.CORRECTION,
        actor=library,
        suggester_email="leser.spreekiez@example.org",
        defaults={"name": library.name, "message": "Samstags ist seit Oktober bis 16 Uhr geöffnet."},
    )
    if created:
        original = actor_snapshot(library)
        correction.original = original
        for field in ("kind", "description", "street", "postcode", "contact_person", "email", "phone", "website",
                      "step_free"):  # fmt: skip
            setattr(correction, "kind_of_actor" if field == "kind" else field, original[field])
        correction.opening_hours = "Di–Fr 11–19 Uhr, Sa 10–16 Uhr"
        correction.save()
        correction.languages.set(original["languages"])
        correction.fields_of_action.set(original["fields_of_action"])
        correction.change_status(SuggestionStatus.NEW, comment="E-Mail-Adresse bestätigt.")

    Suggestion.objects.get_or_create(
        name="Skatepark-Initiative Uferweg",
        suggester_email="skate.uferweg@example.org",
        defaults={"kind_of_actor": ActorKind.INITIATIVE, "description": "Wir wünschen uns eine Skatefläche."},
    )
