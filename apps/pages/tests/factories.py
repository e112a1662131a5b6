from datetime import timedelta

import factory
from django.utils import timezone

from apps.pages.models import NewsPost, Page, Slide


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Seite {n}")
    slug = factory.Sequence(lambda n: f"seite-{n}")
    body = "Ein **Absatz** mit Text."


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"Nachricht {n}")
    slug = factory.Sequence(lambda n: f"nachricht-{n}")
    teaser = "Kurz gesagt: etwas ist passiert."
    body = "Langer Text."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class SlideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slide

    title = factory.Sequence(lambda n: f"Highlight {n}")
    text = "Text des Highlights"
    visible_from = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
