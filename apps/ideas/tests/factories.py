import factory
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.ideas.models import Comment, Idea, IdeaStatus, Office, StatusChange, Support


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Fachabteilung {n}")
    email = factory.Sequence(lambda n: f"amt{n}@bezirksamt.example")


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published idea; ``status=...`` for others (publish date set for public statuses)."""

    class Meta:
        model = Idea

    kind = Idea.Kind.IDEA
    title = factory.Sequence(lambda n: f"Idee {n} für den Kiez")
    description = "Mehr Grün und Bänke auf dem Platz."
    email = factory.Sequence(lambda n: f"einreicher{n}@example.org")
    privacy_consent_at = factory.LazyFunction(timezone.now)
    status = IdeaStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() if o.status not in (IdeaStatus.UNCONFIRMED, IdeaStatus.NEW, IdeaStatus.REJECTED) else None
        )
    )


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    idea = factory.SubFactory(IdeaFactory)
    from_status = IdeaStatus.NEW
    to_status = IdeaStatus.PUBLISHED


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    text = "Gute Idee, ich helfe mit."
    status = Comment.Status.APPROVED
