"""Demo ideas and concerns in every status, offices, supports and comments (fictional)."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.accounts.demo import DEMO_USERS, demo_user
from apps.actionplan.models import FieldOfAction

from .models import Comment, Idea, IdeaStatus, Office, StatusChange, Support

OFFICES = [
    ("Straßen- und Grünflächenamt", "sga@bezirksamt.example"),
    ("Ordnungsamt", "ordnungsamt@bezirksamt.example"),
    ("Jugendamt – Jugendförderung", "jugend@bezirksamt.example"),
    ("Schul- und Sportamt", "schulamt@bezirksamt.example"),
]

# title, kind, field slug, status, days ago, location, description, display name, answers per step
ENTRIES = [
    ("Trinkbrunnen am Spreeufer", "idea", "gesundheit-und-bewegung", IdeaStatus.UNCONFIRMED, 1, "Uferweg",
     "Im Sommer ist es am Uferweg sehr heiß. Ein Trinkbrunnen würde Jogger/innen, Kindern und älteren Menschen helfen.",
     "", {}),
    ("Sprachcafé für Eltern", "idea", "integration-und-nachbarschaft", IdeaStatus.NEW, 2, "Nachbarschaftstreff",
     "Ein offenes Sprachcafé, in dem Eltern beim Kaffee Deutsch üben und sich kennenlernen können – gerne mit "
     "Kinderbetreuung.", "Selin K.", {}),
    ("Gehweg in der Beispielstraße zugeparkt", "concern", "oeffentlicher-raum", IdeaStatus.NEW, 3,
     "Beispielstraße 20–30", "Fast jeden Morgen parken Lieferwagen auf dem Gehweg. Mit Kinderwagen oder Rollstuhl "
     "kommt man nicht vorbei.", "", {}),
    ("Werbung für Ferienwohnungen", "idea", "", IdeaStatus.REJECTED, 20, "",
     "Besuchen Sie unsere günstigen Ferienwohnungen im Kiez!", "", {
         IdeaStatus.REJECTED: "Ihr Beitrag ist Werbung und keine Idee für die Nachbarschaft."}),
    ("Bücherschrank auf dem Beispielplatz", "idea", "bildung", IdeaStatus.PUBLISHED, 12, "Beispielplatz",
     "Ein wetterfester Bücherschrank, in den alle Bücher stellen und aus dem alle Bücher mitnehmen können. "
     "Die Bibliothek hat schon Hilfe angeboten.", "Jonas W.", {}),
    ("Mehr Mülleimer an der Uferpromenade", "concern", "oeffentlicher-raum", IdeaStatus.PUBLISHED, 9,
     "Uferpromenade", "Am Wochenende quellen die wenigen Mülleimer über, der Müll landet im Gebüsch und im Wasser.",
     "", {}),
    ("Hausaufgabenhilfe auch freitags", "idea", "bildung", IdeaStatus.IN_REVIEW, 40, "Stadtteilbibliothek",
     "Die Hausaufgabenhilfe ist montags bis donnerstags voll. Ein zusätzlicher Termin am Freitag würde vielen "
     "Kindern helfen.", "Familie A.", {
         IdeaStatus.IN_REVIEW: "Wir sprechen mit der Bibliothek und den Ehrenamtlichen, ob ein Freitagstermin möglich ist."}),
    ("Kaputte Straßenlaterne am Spielplatz", "concern", "oeffentlicher-raum", IdeaStatus.IN_REVIEW, 30,
     "Spielplatz Kiezstraße", "Seit Wochen ist die Laterne am Eingang des Spielplatzes dunkel. Abends ist es dort "
     "unangenehm.", "", {
         IdeaStatus.IN_REVIEW: "Wir haben das Anliegen an das Straßen- und Grünflächenamt weitergegeben."}),
    ("Nachbarschaftsgarten im Hinterhof", "idea", "integration-und-nachbarschaft", IdeaStatus.TAKEN_UP, 120,
     "Hinterhof Beispielstraße 5", "Mehrere Nachbar/innen möchten den ungenutzten Hinterhof gemeinsam bepflanzen. "
     "Die Hausverwaltung ist offen dafür.", "Gartengruppe Beispielstraße", {
         IdeaStatus.IN_REVIEW: "Der SpreekiezRat hat die Idee in seiner Sitzung besprochen.",
         IdeaStatus.TAKEN_UP: "Die Gartengruppe stellt einen Antrag beim Aktionsfonds; wir unterstützen sie dabei."}),
    ("Bewegungsangebot für Seniorinnen und Senioren", "idea", "gesundheit-und-bewegung", IdeaStatus.REALISED, 400,
     "Nachbarschaftstreff", "Ein wöchentlicher Bewegungskurs für ältere Menschen, kostenlos und ohne Anmeldung.",
     "Helga S.", {
         IdeaStatus.IN_REVIEW: "Wir suchen einen Träger für das Angebot.",
         IdeaStatus.TAKEN_UP: "Das Angebot wird im Projekt „Fit im Kiez“ aus dem Projektfonds umgesetzt.",
         IdeaStatus.REALISED: "Seit März findet der Kurs jeden Mittwoch um 10 Uhr im Nachbarschaftstreff statt."}),
    ("Neue Bänke am Uferweg", "concern", "oeffentlicher-raum", IdeaStatus.REALISED, 300, "Uferweg",
     "Zwischen Brücke und Spielplatz gibt es keine einzige Bank. Für ältere Menschen ist der Weg zu lang.", "", {
         IdeaStatus.TAKEN_UP: "Das Straßen- und Grünflächenamt hat die Aufstellung von fünf Bänken zugesagt.",
         IdeaStatus.REALISED: "Die fünf Bänke stehen seit Oktober."}),
    ("Skateanlage auf dem Schulhof", "idea", "gesundheit-und-bewegung", IdeaStatus.NOT_PURSUED, 200,
     "Schulhof der Kiezschule", "Jugendliche wünschen sich eine kleine Skateanlage auf dem Schulhof, der "
     "nachmittags geöffnet ist.", "Emre T.", {
         IdeaStatus.IN_REVIEW: "Wir klären die Möglichkeiten mit der Schule und dem Schulamt.",
         IdeaStatus.NOT_PURSUED: "Der Schulhof darf aus Versicherungsgründen nicht umgebaut werden. Wir prüfen mit "
         "dem Jugendclub einen anderen Standort – Ideen dafür sind willkommen."}),
]  # fmt: skip

# The statuses an entry passes through to reach each status (the bench reuses them).
PATHS = {
    IdeaStatus.UNCONFIRMED: [],
    IdeaStatus.NEW: [IdeaStatus.NEW],
    IdeaStatus.REJECTED: [IdeaStatus.NEW, IdeaStatus.REJECTED],
    IdeaStatus.PUBLISHED: [IdeaStatus.NEW, IdeaStatus.PUBLISHED],
    IdeaStatus.IN_REVIEW: [IdeaStatus.NEW, IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW],
    IdeaStatus.TAKEN_UP: [IdeaStatus.NEW, IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW, IdeaStatus.TAKEN_UP],
    IdeaStatus.REALISED: [IdeaStatus.NEW, IdeaStatus.PUBLISHED, IdeaStatus.TAKEN_UP, IdeaStatus.REALISED],
    IdeaStatus.NOT_PURSUED: [IdeaStatus.NEW, IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW, IdeaStatus.NOT_PURSUED],
}

COMMENTS = {
    "Bücherschrank auf dem Beispielplatz": [
        ("bewohner@kiezportal.example", "Tolle Idee! Ich würde gleich ein paar Kinderbücher spenden.", "approved"),
        ("rat@kiezportal.example", "Vielleicht kann die Kiezschule beim Bau helfen?", "pending"),
    ],
    "Nachbarschaftsgarten im Hinterhof": [
        ("jury@kiezportal.example", "Ich mache gerne mit – ich habe Erfahrung mit Hochbeeten.", "approved"),
    ],
    "Mehr Mülleimer an der Uferpromenade": [
        ("bewohner@kiezportal.example", "Am Sonntag war es besonders schlimm.", "approved"),
    ],
}


def _photo() -> ContentFile:
    image = Image.new("RGB", (800, 500), "#cfe3c1")
    draw = ImageDraw.Draw(image)
    draw.rectangle([80, 200, 320, 460], fill="#8d6e63")
    draw.rectangle([100, 220, 300, 300], fill="#fff8e1")
    draw.rectangle([100, 320, 300, 400], fill="#fff8e1")
    draw.ellipse([600, 40, 720, 160], fill="#ffbf47")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    return ContentFile(buffer.getvalue(), name="buecherschrank.jpg")


def load(*, stdout) -> None:
    offices = {}
    for name, email in OFFICES:
        offices[name], _created = Office.objects.update_or_create(name=name, defaults={"email": email})
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    staff = demo_user("qm@kiezportal.example")
    resident = demo_user("bewohner@kiezportal.example")
    now = timezone.now()

    for position, (title, kind, field_slug, status, days_ago, location, description, name, answers) in enumerate(
        ENTRIES, start=1
    ):
        created_at = now - timedelta(days=days_ago)
        path = PATHS[status]
        published = IdeaStatus.PUBLISHED in path
        idea, created = Idea.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "field_of_action": fields.get(field_slug),
                "location": location,
                "description": description,
                "display_name": name,
                "email": f"einreicher{position}@example.org",
                "privacy_consent_at": created_at,
                "created_at": created_at,
                "confirmed_at": created_at + timedelta(hours=1) if path else None,
                "published_at": created_at + timedelta(days=1) if published else None,
                "status": status,  # seed data: the history rows below record the path taken
            },
        )
        if not created:
            continue
        if title == "Bücherschrank auf dem Beispielplatz":
            idea.photo = _photo()
            idea.photo_alt = "Zeichnung eines hölzernen Bücherschranks mit zwei Fächern auf einer Wiese"
            idea.submitter = resident
            idea.email = resident.email
            idea.save()
        previous = IdeaStatus.UNCONFIRMED
        for step, to in enumerate(path):
            StatusChange.objects.create(
                idea=idea,
                from_status=previous,
                to_status=to,
                by=None if to == IdeaStatus.NEW else staff,
                at=created_at + timedelta(hours=1, days=step * max(1, days_ago // 5)),
                comment=answers.get(to, ""),
                linked_record=(
                    "Aktionsfonds-Antrag „Gemeinsam gärtnern im Hinterhof“"
                    if to == IdeaStatus.TAKEN_UP and kind == "idea" and "Garten" in title
                    else ""
                ),
            )
            previous = to
        if kind == "concern" and status in (IdeaStatus.IN_REVIEW, IdeaStatus.REALISED):
            idea.office = offices["Straßen- und Grünflächenamt"]
            idea.forwarded_at = created_at + timedelta(days=2)
            if status == IdeaStatus.REALISED:
                idea.office_answer = "Wir stellen im Herbst fünf neue Bänke auf. Vielen Dank für den Hinweis."
                idea.office_answered_on = (created_at + timedelta(days=30)).date()
            idea.save()

    supporters = [demo_user(email) for email, *_rest in DEMO_USERS]
    for index, idea in enumerate(Idea.objects.public().filter(title__in=[entry[0] for entry in ENTRIES])):
        for user in supporters[: (index % len(supporters)) + 1]:
            Support.objects.get_or_create(idea=idea, user=user)
        Idea.objects.filter(pk=idea.pk).update(support_count=idea.supports.count())
    for title, comments in COMMENTS.items():
        idea = Idea.objects.filter(title=title).first()
        if idea is None:
            continue
        for email, text, status in comments:
            Comment.objects.get_or_create(idea=idea, author=demo_user(email), text=text, defaults={"status": status})
