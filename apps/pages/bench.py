"""Benchmark data for the pages app: site settings, content pages, slides and news.

Scale 1 is ten years of one area: 300 news posts (a few unpublished or scheduled), about
40 slides of which three are visible now, the ten content pages of the demo.
"""

import math
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .bench_registry import scaled
from .demo import ABOUT_PAGES, COUNCIL, LEGAL_PAGES, SLIDES, office_settings, picture_bytes
from .models import FundingLogo, NewsPost, Page, Slide
from .views import NEWS_PER_PAGE

NEWS_PER_YEAR = 30
SLIDES_PER_YEAR = 4
IMAGES = 6  # news photos shared by many posts (a benchmark needs no 3,000 distinct files)

EVENTS = [
    "Kiezfest", "Flohmarkt", "Lesecafé", "Repair-Café", "Nachbarschaftsfrühstück", "Hofkonzert",
    "Kiezspaziergang", "Pflanzaktion", "Laternenumzug", "Sprachcafé", "Spieletag", "Fahrradwerkstatt",
]  # fmt: skip
PLACES = [
    "auf dem Beispielplatz", "im Nachbarschaftshaus", "in der Stadtteilbibliothek", "am Uferweg",
    "im Gemeinschaftsgarten", "in der Grundschule am Spreebogen", "im Vor-Ort-Büro", "im Jugendclub",
]  # fmt: skip
TOPICS = [
    ("Neuer Projektaufruf: {thing}", "Träger können bis zum {day}. {month} Projektideen für {thing} einreichen."),
    ("{event} {place}", "Über {count} Nachbarinnen und Nachbarn kamen zum {event} {place}."),
    ("Aktionsfonds: {count} Euro für {thing}", "Die Jury hat eine neue Aktion für {thing} bewilligt."),
    ("{council} beschließt Mittel für {thing}", "In seiner Sitzung hat der {council} über {thing} beraten."),
    ("Rückblick: {event} {place}", "Bilder und Stimmen vom {event} {place}."),
    ("Sprechstunde zu {thing}", "Das Vor-Ort-Büro berät jeden Dienstag zu {thing}."),
]  # fmt: skip
THINGS = [
    "Lernorte im Kiez", "mehr Grün im Hof", "sichere Schulwege", "Angebote für Seniorinnen und Senioren",
    "Sport im Park", "Kunst im öffentlichen Raum", "saubere Spielplätze", "Nachbarschaftshilfe",
    "Deutschkurse für Eltern", "Beteiligung von Jugendlichen",
]  # fmt: skip
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November"]
PARAGRAPHS = [
    "Das Quartiersmanagement lädt alle Nachbarinnen und Nachbarn herzlich ein, mitzumachen. Die Teilnahme ist "
    "kostenlos, eine Anmeldung ist nicht nötig.",
    "Gefördert wird das Vorhaben aus Mitteln des Programms „Sozialer Zusammenhalt“. Der {council} hat die "
    "Förderung nach ausführlicher Beratung empfohlen.",
    "Fragen beantwortet das Team im Vor-Ort-Büro, Beispielstraße 12, dienstags von 15 bis 18 Uhr oder "
    "telefonisch unter 030 1234567.",
    "Wer eigene Ideen für den Kiez hat, kann sie jederzeit online einreichen. Das Team meldet sich innerhalb "
    "von zwei Wochen mit einer Rückmeldung.",
    "Mehrere Initiativen aus dem Kiez haben gemeinsam geplant: der Mieterbeirat, die Elternvertretung der "
    "Grundschule und der Verein **Kiezküche e. V.**",
]  # fmt: skip


def _store(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def _news_text(rng, index: int) -> tuple[str, str, str]:
    title_pattern, teaser_pattern = rng.choice(TOPICS)
    values = {
        "thing": rng.choice(THINGS),
        "event": rng.choice(EVENTS),
        "place": rng.choice(PLACES),
        "council": COUNCIL,
        "count": rng.randrange(50, 1500, 10),
        "day": rng.randint(1, 28),
        "month": rng.choice(MONTHS),
    }
    title = title_pattern.format(**values)
    teaser = teaser_pattern.format(**values)
    paragraphs = [rng.choice(PARAGRAPHS).format(council=COUNCIL) for _ in range(rng.randint(3, 6))]
    body = f"{teaser}\n\n## Worum es geht\n\n" + "\n\n".join(paragraphs)
    return title, teaser, body


def generate(*, scale: int, rng, stdout) -> None:
    now = timezone.now()
    settings = office_settings("Gemeinsam für einen lebendigen Kiez")
    FundingLogo.objects.create(
        site=settings,
        image=_store("logos/bench-logo.jpg", picture_bytes("#ffffff", size=(160, 48))),
        alt_text="Logo des Programms Sozialer Zusammenhalt",
        order=1,
    )

    pages = [
        Page(slug=slug, title=title, body=body, menu=Page.Menu.ABOUT, order=order)
        for order, (slug, title, body) in enumerate(ABOUT_PAGES, start=1)
    ]
    pages += [
        Page(slug=slug, title=title, body=body, menu=Page.Menu.FOOTER, order=order)
        for order, (slug, title, body) in enumerate(LEGAL_PAGES, start=1)
    ]
    existing = set(Page.objects.values_list("slug", flat=True))  # e.g. the privacy page of a data migration
    Page.objects.bulk_create([page for page in pages if page.slug not in existing])

    # The current slides, then the expired ones of past years.
    slides = []
    for order, (title, text, url, link_text, colour, alt) in enumerate(SLIDES, start=1):
        slides.append(
            Slide(
                title=title,
                text=text,
                link_url=url,
                link_text=link_text,
                order=order,
                image=_store(f"slides/bench-slide-{order}.jpg", picture_bytes(colour)),
                image_alt=alt,
                visible_from=now - timedelta(days=30),
            )
        )
    for number in range(scaled(SLIDES_PER_YEAR * 10, scale)):
        start = now - timedelta(days=rng.randint(60, 3650))
        slides.append(
            Slide(
                title=f"Rückblick {number + 1}: {rng.choice(EVENTS)}",
                text="Ein Highlight vergangener Jahre.",
                order=rng.randint(1, 9),
                visible_from=start,
                visible_until=start + timedelta(days=rng.randint(7, 45)),
            )
        )
    Slide.objects.bulk_create(slides)

    photos = [
        _store(f"news/bench-photo-{number}.jpg", picture_bytes(colour, size=(900, 600)))
        for number, colour in enumerate(["#1b4f7a", "#2e7d32", "#7b3f9e", "#b3541e", "#00695c", "#5d4037"][:IMAGES])
    ]
    count = scaled(NEWS_PER_YEAR * 10, scale, minimum=3)
    posts = []
    for index in range(count):
        title, teaser, body = _news_text(rng, index)
        photo = photos[index % IMAGES] if index % 3 == 0 else ""
        posts.append(
            NewsPost(
                title=title,
                slug=f"{slugify(title)[:180]}-{index + 1}",
                teaser=teaser,
                body=body,
                image=photo,
                image_alt="Foto einer Nachbarschaftsaktion im Kiez" if photo else "",
                # Spread over ten years; the newest first with index 0 (one hour old).
                published_at=now - timedelta(hours=1) - timedelta(minutes=int(index * 5_256_000 / count)),
                is_published=index < 3 or rng.random() > 0.02,  # a few drafts
            )
        )
    NewsPost.objects.bulk_create(posts, batch_size=1000)
    stdout.write(f"    pages: {len(pages)} pages, {len(slides)} slides, {len(posts)} news posts")


def pages() -> list[tuple[str, str, str | None]]:
    newest_with_photo = NewsPost.objects.published().exclude(image="").order_by("-published_at").first()
    # A page in the middle at both scales; the last page is O(offset) by nature (2 ms in PostgreSQL
    # for page 294 at scale 10), which the growth budget would count against the list.
    middle_page = min(10, max(1, math.ceil(NewsPost.objects.published().count() / NEWS_PER_PAGE)))
    return [
        ("Home", reverse("pages:home"), None),
        ("Home, logged in", reverse("pages:home"), "resident"),
        ("News list", reverse("pages:news_list"), None),
        ("News list, page 10", f"{reverse('pages:news_list')}?page={middle_page}", None),
        ("News post", newest_with_photo.get_absolute_url(), None),
        ("Content page", reverse("pages:page_detail", kwargs={"slug": ABOUT_PAGES[0][0]}), None),
        ("News feed", reverse("pages:news_feed"), None),
        ("Health check", reverse("healthz"), None),
    ]
