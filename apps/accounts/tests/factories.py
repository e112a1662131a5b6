import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from apps.accounts.models import User

PASSWORD = "sicheres-Passwort-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified e-mail address and the password ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @staticmethod
    def group(role) -> Group:
        group, _created = Group.objects.get_or_create(name=role)
        return group
