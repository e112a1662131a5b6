from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from apps.actionfund.models import Application, ApplicationStatus, CostItem, FundYear, Round, RoundStatus, Vote


class FundYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundYear
        django_get_or_create = ["year"]
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    budget = Decimal("10000.00")
    max_per_application = Decimal("1500.00")

    @factory.post_generation
    def jurors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.jurors.add(*extracted)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    fund_year = factory.SubFactory(FundYearFactory)
    date = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    submission_deadline = factory.LazyAttribute(lambda o: o.date - timedelta(days=7))
    status = RoundStatus.PREPARING


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application with one cost item (amounts kept consistent)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    fund_year = factory.SubFactory(FundYearFactory)
    applicant_name = factory.Sequence(lambda n: f"Antragstellerin {n} Beispiel")
    email = factory.Sequence(lambda n: f"antrag{n}@example.org")
    title = factory.Sequence(lambda n: f"Nachbarschaftsaktion {n}")
    description = "Wir pflanzen gemeinsam Blumen in die Baumscheiben."
    target_group = "Alle Nachbarinnen und Nachbarn"
    location = "Beispielplatz"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=1))
    participation = "Alle können mitmachen."
    contribution = "Ehrenamtliche Arbeit"
    crit_neighbourhood = True
    consent_privacy = True
    status = ApplicationStatus.SUBMITTED
    costs_total = Decimal("500.00")
    allowance = Decimal("0.00")
    requested_amount = factory.LazyAttribute(lambda o: o.costs_total + o.allowance)

    @factory.post_generation
    def cost_items(obj, create, extracted, **kwargs):
        if create:
            CostItem.objects.create(application=obj, description="Material", amount=obj.costs_total)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    choice = Vote.Choice.YES


def qm_user():
    """A QM team member for service calls in tests (the workflow checks the role of ``by``)."""
    from apps.accounts.models import User

    user, _created = User.objects.get_or_create(email="qm-team@example.org", defaults={"is_staff": True})
    return user
