import factory
from django.utils import timezone

from apps.newsletter.models import Issue, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"leserin{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    subject = factory.Sequence(lambda n: f"Kiez-Newsletter Nr. {n}")
    intro = "Liebe Nachbarinnen und Nachbarn,"
