"""Demo content for a fictional Wrangelkiez-like area: settings, the "about QM" pages from
the seed text, legal pages, the accessibility statement, Leichte Sprache and sign-language pages,
slides and news."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.accounts.demo import demo_user
from apps.core.workflow import transition

from .legal import PRIVACY_NOTICE
from .models import (
    AccessibilityFeedback,
    AccessibilityStatement,
    FundingLogo,
    NewsPost,
    NonAccessibleContent,
    Page,
    SignLanguageVideo,
    SiteSettings,
    Slide,
)

AREA = "Quartiersmanagement Spreekiez"
COUNCIL = "SpreekiezRat"

ABOUT_PAGES = [
    ("quartiersmanagement", "Quartiersmanagement",
     "Quartiersmanagement-Gebiete sind durch soziale Probleme geprägt (z. B. Armut, Arbeitslosigkeit, "
     "Abhängigkeit von Transfereinkommen) und es droht die Gefahr, dass Menschen mit ihrem Stadtteil von der "
     "gesamtstädtischen Entwicklung ausgeschlossen und abgehängt werden. Die Aufgabe der Quartiersmanager/innen "
     "ist es, diesen Prozess zu stoppen und umzukehren. Dabei stehen der Erhalt und die Stärkung des sozialen "
     "Zusammenhalts im Mittelpunkt."),
    ("mitgestaltung", "Mitgestaltung unterstützen",
     "Quartiersmanagement steht für eine Strategie, die auf Stadtteilebene die Lebensbedingungen der "
     "Bewohner/innen in kleinen Schritten verbessern will. Zentral dafür ist die intensive Beteiligung der "
     f"Bewohner/innen selbst (z. B. durch den {COUNCIL}); sie sollen darin unterstützt werden, die Entwicklung "
     "ihres Gebietes aktiv mit zu gestalten. In einem Vor-Ort-Büro sind die Quartiersmanager/innen ständiger "
     "Ansprechpartner für die Bewohner/innen und damit am Puls des Gebiets."),
    ("netzwerke", "Netzwerke etablieren",
     "Es gilt, ein neues Verantwortungsbewusstsein für den eigenen Kiez entstehen zu lassen und den "
     "nachbarschaftlichen Zusammenhalt zu stärken. Dazu werden bestehende Aktivitäten und Initiativen vernetzt "
     "und gestärkt sowie Interessen der Bewohnerschaft zusammengeführt (z. B. in der Bildungsinitiative "
     "„Spreekiez macht Schule“)."),
    ("konzepte", "Konzepte entwickeln",
     "Die Arbeit im Quartiersmanagement ist konzeptbasiert. Die Grundlage bilden das Integrierte Handlungs- und "
     "Entwicklungskonzept oder, während der Verstetigungsphase, der Aktionsplan. Darin werden Stärken, Schwächen, "
     "Ziele und Arbeitsschwerpunkte für das Gebiet formuliert. Dies geschieht in enger Abstimmung mit dem "
     "Quartiersrat, lokalen Akteuren und Einrichtungen, Fachabteilungen des Bezirks sowie der Senatsverwaltung "
     "für Stadtentwicklung."),
    ("projekte-foerdern", "Projekte fördern",
     "Mit den zur Verfügung stehenden Fördermitteln werden gezielt Projekte in den berlinweit festgelegten "
     "Handlungsfeldern gefördert; der Quartiersrat setzt dabei die Prioritäten und Schwerpunkte. Projekte können sowohl "
     "sozio-kulturell als auch baulich ausgerichtet sein.\n\n"
     "Über den Aktionsfonds werden kleine, schnell umsetzbare Projekte zur Aktivierung der Bewohnerschaft und "
     "zur Stärkung der Nachbarschaft umgesetzt. Über die Anträge entscheidet die Aktionsfondsjury."),
    ("foerderstruktur", "Förderstruktur",
     "Das Quartiersmanagement wird über das Städtebauförderprogramm „Sozialer Zusammenhalt“ (bis 2020 „Soziale "
     "Stadt“) gefördert.\n\n"
     "- **Projektfonds**: Projekte ab 5.000 €, meist mehrjährig, höchstens vier Jahre.\n"
     "- **Baufonds**: bauliche Maßnahmen ab 50.000 €; der Quartiersrat priorisiert, die Senatsverwaltung wählt aus.\n"
     "- **Aktionsfonds**: kleine Aktionen bis 1.500 €; eine Jury aus Bewohnerinnen und Bewohnern entscheidet.\n\n"
     "Projektträger werden ausschließlich über öffentliche Projektaufrufe ausgewählt."),
    ("gelenkfunktion", "Bewohner/innen und Verwaltung/Politik verbinden",
     "Das Quartiersmanagement übt außerdem eine Art Gelenkfunktion zwischen den Bewohner/innen und der "
     "Verwaltungs- sowie politischen Ebene aus. Anliegen der Bewohnerschaft können schneller und gezielter "
     "weitergegeben und Entscheidungen der Verwaltung und Politik direkt rückgekoppelt werden."),
]  # fmt: skip

LEGAL_PAGES = [
    ("impressum", "Impressum",
     f"## Anbieter\n\n{AREA}\nVor-Ort-Büro\nBeispielstraße 12\n10001 Berlin\n\n"
     "Telefon: 030 1234567\nE-Mail: info@kiezportal.example\n\n"
     "## Im Auftrag von\n\nBezirksamt und Senatsverwaltung für Stadtentwicklung (fiktives Beispiel).\n\n"
     "## Verantwortlich für den Inhalt\n\nDas QM-Team (Demo-Daten, keine realen Personen)."),
    ("datenschutz", "Datenschutzerklärung", PRIVACY_NOTICE),
]  # fmt: skip

# The office may translate its content in the admin (django-modeltranslation); the demo shows it on
# the first page and slide. Everything else shows the German original, marked lang="de".
DEMO_TRANSLATIONS = {
    "page:quartiersmanagement": {
        "title": {"en": "Neighbourhood management", "tr": "Mahalle Yönetimi (Quartiersmanagement)", "ar": "إدارة الحي"},
        "body": {
            "en": "Neighbourhood management areas face social problems (poverty, unemployment, dependence on "
            "benefits), and people risk being cut off from the development of the city as a whole. The "
            "neighbourhood managers' task is to stop and reverse this, with social cohesion at the centre.",
            "tr": "Mahalle Yönetimi bölgeleri sosyal sorunlarla (yoksulluk, işsizlik, sosyal yardıma bağımlılık) "
            "karşı karşıyadır ve insanların şehrin genel gelişiminden kopma tehlikesi vardır. Mahalle "
            "yöneticilerinin görevi bu süreci durdurmak ve tersine çevirmektir; odakta toplumsal dayanışma "
            "vardır.",
            "ar": "تواجه أحياء إدارة الحي مشكلات اجتماعية (الفقر والبطالة والاعتماد على المساعدات)، ويهدد الخطر "
            "سكانها بالانقطاع عن تطور المدينة ككل. مهمة مديري الحي هي إيقاف هذا المسار وعكسه، مع وضع "
            "التماسك الاجتماعي في المركز.",
        },
    },
    "slide:1": {
        "title": {"en": "Your idea for the neighbourhood", "tr": "Mahalle için fikriniz", "ar": "فكرتك من أجل الحي"},
        "text": {
            "en": "What is missing in the neighbourhood? Send us ideas and concerns online.",
            "tr": "Mahallede ne eksik? Fikirlerinizi ve taleplerinizi çevrim içi gönderin.",
            "ar": "ما الذي ينقص الحي؟ أرسل أفكارك ومطالبك عبر الإنترنت.",
        },
        "link_text": {"en": "Submit an idea", "tr": "Fikir gönderin", "ar": "قدّم فكرة"},
    },
}


def _translate(obj, key: str) -> None:
    for field, texts in DEMO_TRANSLATIONS.get(key, {}).items():
        for language, text in texts.items():
            setattr(obj, f"{field}_{language}", text)


SLIDES = [
    ("Ihre Idee für den Kiez", "Was fehlt in der Nachbarschaft? Reichen Sie Ideen und Anliegen online ein.",
     "/ideen/neu/", "Idee einreichen", "#1b4f7a", "Zeichnung: Sprechblasen über Häuserdächern"),
    ("Aktionsfonds 2026", "Bis zu 1.500 € für Ihre Nachbarschaftsaktion – die Jury entscheidet jeden Monat.",
     "/aktionsfonds/", "Zum Aktionsfonds", "#2e7d32", "Zeichnung: Menschen bei einem Straßenfest"),
    ("Der SpreekiezRat tagt", "Die Sitzungen sind öffentlich. Kommen Sie vorbei!",
     "/quartiersrat/", "Termine ansehen", "#7b3f9e", "Zeichnung: Stuhlkreis in einem Nachbarschaftsraum"),
]  # fmt: skip

NEWS = [
    ("Neuer Projektaufruf 2027", "Der Projektaufruf 2027 „Nachbarschaft, Bildung und Beteiligung“ ist veröffentlicht; die Frist steht auf der Seite des Aufrufs unter /foerderung/projektaufruf-2027/."),
    ("Kiezfest auf dem Beispielplatz", "Über 400 Nachbarinnen und Nachbarn feierten gemeinsam – mit Musik, Essen und Spielen."),
    ("Sprechstunde im Vor-Ort-Büro", "Ab sofort beraten wir jeden Dienstag von 15 bis 18 Uhr auch auf Türkisch und Arabisch."),
    ("Baumscheiben-Patenschaften gesucht", "Wer hilft mit, die Baumscheiben in der Beispielstraße zu bepflanzen?"),
    ("Rückblick: Wahl zum SpreekiezRat", "Im Frühjahr wurde der SpreekiezRat für zwei Jahre neu gewählt. Die nächste Wahl ist in zwei Jahren; kandidieren können alle ab 16 Jahren."),
    ("Neue Bänke am Ufer", "Auf Anregung aus der Nachbarschaft stehen jetzt fünf neue Bänke am Uferweg."),
    ("Hausaufgabenhilfe in der Bibliothek", "Ehrenamtliche unterstützen Schülerinnen und Schüler montags bis donnerstags."),
    ("Rückblick: Jahresbilanz des Quartiersmanagements", "Was 2025 im Kiez passiert ist – Projekte, Aktionen und Beschlüsse."),
]  # fmt: skip


# Leichte Sprache: short sentences, one statement each, hard words explained, no abbreviations.
EASY_READ_PAGES = [
    ("ls-quartiersmanagement", "Was macht das Quartiers-Management?", """
Wir sind das **Quartiers-Management**.

Das Wort ist lang.
Es bedeutet:
Wir kümmern uns um den Kiez.
Ein **Kiez** ist ein Teil von der Stadt.

Wir haben ein Büro im Kiez.
Das Büro heißt **Vor-Ort-Büro**.
Die Adresse ist: Beispiel-Straße 12.

Sie können zu uns kommen.
Sie können uns Fragen stellen.
Wir helfen Ihnen gerne.

Wir sprechen mit den Menschen im Kiez.
Wir sprechen auch mit dem Bezirks-Amt.
Das **Bezirks-Amt** ist die Verwaltung von Ihrem Stadt-Teil.
So kommen Ihre Wünsche an die richtige Stelle.
"""),
    ("ls-idee-einbringen", "So sagen Sie uns Ihre Idee", """
Haben Sie eine Idee für den Kiez?
Oder haben Sie ein Problem im Kiez?
Dann sagen Sie es uns.

Das geht so:

1. Gehen Sie auf die Seite **Ideen und Anliegen**.
2. Klicken Sie auf **Idee einreichen**.
3. Schreiben Sie Ihre Idee auf.
4. Schreiben Sie Ihre E-Mail-Adresse dazu.
5. Sie bekommen eine E-Mail.
6. Klicken Sie auf den Link in der E-Mail.

Dann lesen wir Ihre Idee.
Danach zeigen wir Ihre Idee auf der Website.

Sie können auch in unser Büro kommen.
Dann schreiben wir Ihre Idee zusammen auf.
"""),
    ("ls-aktionsfonds", "So bekommen Sie Geld für eine Aktion", """
Es gibt Geld für kleine Aktionen im Kiez.
Das Geld heißt **Aktions-Fonds**.

Eine Aktion ist zum Beispiel:

- ein Fest im Hof
- ein Nachbarschafts-Café
- Blumen pflanzen auf der Straße

Sie können bis zu 1.500 Euro bekommen.

Das geht so:

1. Füllen Sie den **Antrag** aus.
   Ein Antrag ist ein Formular.
   Darin steht: Was wollen Sie machen?
   Und: Was kostet das?
2. Eine **Jury** liest Ihren Antrag.
   Die Jury sind Menschen aus dem Kiez.
   Die Jury entscheidet über das Geld.
3. Sie bekommen eine E-Mail mit der Antwort.

Wichtig:
Fangen Sie erst an, wenn die Jury Ja gesagt hat.
"""),
    ("ls-quartiersrat", "Was ist der Quartiers-Rat?", """
Der **Quartiers-Rat** ist eine Gruppe von Menschen aus dem Kiez.
Rat bedeutet hier: Menschen beraten zusammen.

Im Quartiers-Rat sind:

- Menschen, die im Kiez wohnen.
- Menschen von Schulen, Vereinen und Kitas im Kiez.

Mehr als die Hälfte wohnt im Kiez.
Sie werden alle 2 Jahre gewählt.
Wählen dürfen alle ab 16 Jahren aus dem Kiez.

Der Quartiers-Rat trifft sich jeden Monat.
Er entscheidet mit:
Welche Projekte bekommen Geld?

Die Treffen sind meistens öffentlich.
Das heißt: Sie können zuhören.
"""),
]  # fmt: skip


STATEMENT_INTRO = (
    f"Das {AREA} ist bemüht, dieses Portal im Einklang mit den Vorschriften über die barrierefreie "
    "Informationstechnik barrierefrei zugänglich zu machen. Diese Erklärung gilt für alle Seiten dieses "
    "Portals.\n\nAlle Seiten sind mit der Tastatur bedienbar und funktionieren ohne JavaScript. Das Portal "
    "gibt es auch in Leichter Sprache, mit Informationen in Deutscher Gebärdensprache und auf Englisch, "
    "Türkisch und Arabisch."
)

STANDARD = "BITV 2.0 (WCAG 2.1 AA, EN 301 549)"

STATEMENT_METHOD = (
    "Jede Seite wird bei jeder Änderung automatisch mit axe-core (WCAG 2.1 A und AA) und dem "
    "Nu HTML Checker geprüft; die Formulare zusätzlich mit der Tastatur allein. Dazu hat das QM-Team die "
    "wichtigsten Abläufe mit NVDA und Firefox sowie mit VoiceOver auf dem iPhone getestet (Demo-Angabe)."
)

STATEMENT_ITEMS = [
    ("Ältere PDF-Dokumente: Protokolle des Quartiersrats vor 2024", "noncompliance",
     "Die Dateien sind eingescannt und haben keine Struktur für Screenreader. Wir ersetzen sie bis Ende 2027 "
     "durch barrierefreie Fassungen.",
     "Wir schicken Ihnen den Inhalt gern als Text per E-Mail oder lesen ihn Ihnen im Vor-Ort-Büro vor."),
    ("Informationen in Deutscher Gebärdensprache", "noncompliance",
     "Für die Seiten in Gebärdensprache gibt es noch keine Videos.",
     "Den vollständigen Text finden Sie auf der Seite „Gebärdensprache“. Auf Wunsch vereinbaren wir einen "
     "Termin mit Gebärdensprach-Dolmetschung."),
    ("Anhänge von Projektanträgen, die Träger hochladen", "scope",
     "Die Dokumente stammen von Dritten; das Quartiersmanagement hat sie weder erstellt noch finanziert.",
     "Fragen Sie den Träger oder uns nach einer barrierefreien Fassung."),
]  # fmt: skip

STATEMENT_CONCILIATION = (
    "Wenn Sie auf Ihre Rückmeldung nicht innerhalb der genannten Frist eine zufriedenstellende Antwort "
    "erhalten, können Sie bei der Schlichtungsstelle einen Antrag auf ein Schlichtungsverfahren stellen. "
    "Ziel ist eine Einigung ohne Gericht. Das Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand. "
    "Den Antrag stellen Sie formlos per E-Mail, per Brief oder mit dem Online-Formular der Schlichtungsstelle."
)

STATEMENT_ENFORCEMENT = (
    "Über die Einhaltung der Anforderungen an die digitale Barrierefreiheit der öffentlichen Stellen des "
    "Landes Berlin wacht die Landesbeauftragte für digitale Barrierefreiheit. Bei ihr können Sie sich auch "
    "beschweren, wenn Sie meinen, dass diese Website nicht barrierefrei ist."
)

FEEDBACK = [
    ("Die Sitzungsprotokolle von 2023 kann mein Screenreader nicht vorlesen.", "leser@example.org", True),
    ("Der Kontrast der grauen Hinweistexte im Kalender ist mir zu schwach.", "", False),
]

SIGN_LANGUAGE = [
    ("Was macht das Quartiersmanagement?", """
Willkommen beim Quartiersmanagement Spreekiez.

Wir sind ein Team im Vor-Ort-Büro in der Beispielstraße 12. Wir kümmern uns um den Kiez: Wir bringen
Nachbarinnen und Nachbarn, Vereine, Schulen und die Verwaltung zusammen.

Sie haben eine Idee für den Kiez oder ein Problem? Sagen Sie es uns. Für kleine Aktionen in der
Nachbarschaft gibt es Geld aus dem Aktionsfonds. Der Quartiersrat berät, welche Projekte gefördert werden.

Sie erreichen uns dienstags von 15 bis 18 Uhr und donnerstags von 10 bis 13 Uhr im Vor-Ort-Büro, per
E-Mail an info@kiezportal.example oder telefonisch unter 030 1234567. Für ein Gespräch mit
Gebärdensprach-Dolmetschung vereinbaren wir gern einen Termin.
"""),
    ("So benutzen Sie diese Website", """
Ganz oben auf jeder Seite finden Sie die Links zu Leichter Sprache und zu dieser Seite in Gebärdensprache,
zur Anmeldung und die Auswahl der Sprache.

Darunter ist das Hauptmenü: Startseite, Über uns, Aktuelles, Ideen und Anliegen, Quartiersrat,
Förderung, Projekte, Aktionsfonds, Aktionsplan und Netzwerk.

Ganz unten auf jeder Seite stehen unsere Adresse, die Öffnungszeiten, das Impressum, die
Datenschutzerklärung und die Erklärung zur Barrierefreiheit. Dort können Sie uns auch eine Barriere
melden, wenn etwas auf der Website für Sie nicht funktioniert.
"""),
]  # fmt: skip


def _load_accessibility(*, stdout) -> None:
    """The accessibility statement (every part filled) and the sign-language page. No video: this
    machine has no tool to make one (no ffmpeg), so the page shows the text with a note."""
    today = timezone.localdate()
    statement = AccessibilityStatement.load()
    statement.intro = STATEMENT_INTRO
    statement.compliance = AccessibilityStatement.Compliance.PARTIAL
    statement.standard = STANDARD
    statement.assessed_on = today - timedelta(days=21)
    statement.method = AccessibilityStatement.Method.SELF
    statement.assessed_by = "QM-Team Spreekiez"
    statement.method_details = STATEMENT_METHOD
    statement.prepared_on = today - timedelta(days=14)
    statement.reviewed_on = today - timedelta(days=7)
    statement.answer_days = 30
    statement.conciliation_name = "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)"
    statement.conciliation_contact = (
        "bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen\n"
        "Mauerstraße 53\n10117 Berlin\nE-Mail: info@schlichtungsstelle-bgg.de"
    )
    statement.conciliation_url = "https://www.schlichtungsstelle-bgg.de/"
    statement.conciliation_text = STATEMENT_CONCILIATION
    statement.enforcement_name = "Landesbeauftragte für digitale Barrierefreiheit des Landes Berlin"
    statement.enforcement_text = STATEMENT_ENFORCEMENT
    statement.save()
    for order, (content, reason, explanation, alternative) in enumerate(STATEMENT_ITEMS, start=1):
        NonAccessibleContent.objects.update_or_create(
            statement=statement,
            content=content,
            defaults={"reason": reason, "explanation": explanation, "alternative": alternative, "order": order},
        )
    received = timezone.now() - timedelta(days=40)
    for message, email, answered in FEEDBACK:
        if not AccessibilityFeedback.objects.filter(message=message).exists():
            feedback = AccessibilityFeedback.objects.create(  # no mail to the office for demo rows
                message=message, email=email, wants_answer=bool(email), page_url="/quartiersrat/",
                created_at=received, due_on=statement.due_date(received),
            )  # fmt: skip
            if answered:
                transition(feedback, AccessibilityFeedback.Status.ANSWERED, by=demo_user("qm@kiezportal.example"))
        received += timedelta(days=30)
    for order, (title, transcript) in enumerate(SIGN_LANGUAGE, start=1):
        SignLanguageVideo.objects.update_or_create(
            title=title, defaults={"transcript": transcript.strip(), "order": order, "is_published": True}
        )
    stdout.write("Sign-language page: texts only (no tool to make a demo video); upload MP4/WebM in the admin.")


def picture_bytes(colour: str, size=(1200, 400)) -> bytes:
    """A simple generated illustration as JPEG (no external image needed; the bench uses it too)."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    step = width // 6
    for i in range(6):
        x = step * i
        top = height // 2 - i * height // 40
        draw.rectangle([x + step // 8, top, x + step - step // 8, height], fill="#ffffff" if i % 2 else "#e9ecef")
    draw.ellipse([width - height // 2, height // 12, width - height // 4, height // 3], fill="#ffbf47")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70, optimize=True)
    return buffer.getvalue()


def _picture(colour: str, label: str, size=(1200, 400)) -> ContentFile:
    return ContentFile(picture_bytes(colour, size), name=f"{label}.jpg")


def office_settings(tagline: str) -> SiteSettings:
    """The site settings with the fictional office's name, address and team (the bench data
    uses them as well)."""
    settings = SiteSettings.load()
    settings.area_name = AREA
    settings.council_name = COUNCIL
    settings.jury_name = "Aktionsfondsjury"
    settings.concept_kind = "ihek"  # the area is in its active phase
    settings.tagline = tagline
    settings.office_name = "Vor-Ort-Büro"
    settings.street = "Beispielstraße 12"
    settings.postcode = "10001"
    settings.city = "Berlin"
    settings.opening_hours = "Di 15–18 Uhr\nDo 10–13 Uhr\nund nach Vereinbarung"
    settings.phone = "030 1234567"
    settings.email = "info@kiezportal.example"
    settings.team_names = "Jana Beispiel\nTobias Muster"
    settings.save()
    return settings


def load(*, stdout) -> None:
    settings = office_settings("Gemeinsam für einen lebendigen Kiez (Demo)")
    if not settings.logos.exists():
        FundingLogo.objects.create(
            site=settings,
            image=_picture("#ffffff", "logo-sozialer-zusammenhalt", size=(160, 48)),
            alt_text="Logo des Programms Sozialer Zusammenhalt (Demo)",
            order=1,
        )

    for order, (slug, title, body) in enumerate(ABOUT_PAGES, start=1):
        page, _created = Page.objects.update_or_create(
            slug=slug, defaults={"title": title, "body": body, "menu": Page.Menu.ABOUT, "order": order}
        )
        if f"page:{slug}" in DEMO_TRANSLATIONS:
            _translate(page, f"page:{slug}")
            page.save()
    for order, (slug, title, body) in enumerate(LEGAL_PAGES, start=1):
        Page.objects.update_or_create(
            slug=slug, defaults={"title": title, "body": body, "menu": Page.Menu.FOOTER, "order": order}
        )

    for order, (slug, title, body) in enumerate(EASY_READ_PAGES, start=1):
        Page.objects.update_or_create(
            slug=slug, defaults={"title": title, "body": body.strip(), "menu": Page.Menu.EASY_READ, "order": order}
        )

    _load_accessibility(stdout=stdout)

    start = timezone.now() - timedelta(days=30)
    for order, (title, text, url, link_text, colour, alt) in enumerate(SLIDES, start=1):
        slide, _created = Slide.objects.update_or_create(
            title=title,
            defaults={"text": text, "link_url": url, "link_text": link_text, "order": order, "image_alt": alt},
        )
        if _created:
            slide.visible_from = start
        if not slide.image:
            slide.image = _picture(colour, f"slide-{order}")
        _translate(slide, f"slide:{order}")
        slide.save()

    now = timezone.now()
    for index, (title, teaser) in enumerate(NEWS):
        slug = f"demo-{index + 1}"
        post, created = NewsPost.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "teaser": teaser,
                "body": f"{teaser}\n\nMehr dazu erfahren Sie im Vor-Ort-Büro oder telefonisch unter 030 1234567.",
                "published_at": now - timedelta(days=7 * index + 1),
            },
        )


# Real places of the Wrangelkiez the fictional Spreekiez must not borrow (issue #19).
REAL_PLACES = ("Cuvrybrache", "Cuvry", "Wrangelplatz", "Wrangelstraße", "Görlitzer Park", "Spreewald-Grundschule",
               "10997")  # fmt: skip


def check() -> list[str]:
    """The demo as a whole (``manage.py check_demo``): fictional places only (every text column of
    every project model is searched)."""
    from django.apps import apps
    from django.db import models
    from django.db.models import Q

    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or model._meta.proxy:
            continue
        texts = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        if not texts:
            continue
        for place in REAL_PLACES:
            query = Q()
            for name in texts:
                query |= Q(**{f"{name}__icontains": place})
            count = model._default_manager.filter(query).count()
            if count:
                problems.append(f"{model._meta.label}: {count} row(s) name the real place “{place}”")
    return problems
