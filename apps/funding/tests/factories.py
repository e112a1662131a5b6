from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.actionplan.models import Concept, FieldOfAction, Measure
from apps.funding.models import Application, Attachment, Call, CostLine, Fund, GrantNotice, ProofOfUse, StatusChange

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ProviderFactory(UserFactory):
    @factory.post_generation
    def provider_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(UserFactory.group(Role.PROVIDER))


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    title = "Aktionsplan Spreekiez"
    kind = Concept.Kind.ACTION_PLAN
    revision = factory.Sequence(lambda n: 100 + n)  # (kind, revision) is unique in the action plan app
    year_from = 2025
    year_to = 2027
    status = Concept.Status.ADOPTED
    adopted_on = date(2025, 3, 1)
    adopted_by = "SpreekiezRat"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    concept = factory.SubFactory(ConceptFactory)
    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ["name"]

    name = "Projektfonds"
    kind = Fund.Kind.PROJECT
    minimum_amount = Decimal("5000.00")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Projektaufruf {n}")
    slug = factory.Sequence(lambda n: f"aufruf-{n}")
    fund = factory.SubFactory(FundFactory)
    description = "Gesucht werden Projekte für die Nachbarschaft."
    budget = Decimal("100000.00")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    project_start = date(2027, 1, 1)
    project_end = date(2030, 12, 31)
    is_published = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft with a cost plan of 20,000 € (own share 2,000 €, requested 18,000 €)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    owner = factory.SubFactory(ProviderFactory)
    organisation = "Kiezwerk e. V."
    legal_form = "e. V."
    address = "Uferstraße 1\n10997 Berlin"
    contact_person = "Frau Beispiel"
    email = factory.LazyAttribute(lambda o: o.owner.email)
    phone = "030 1234567"
    title = factory.Sequence(lambda n: f"Nachbarschaftsprojekt {n}")
    summary = "Ein Projekt für alle im Kiez."
    goals = "Begegnung stärken."
    target_groups = "Familien"
    measure = factory.SubFactory(MeasureFactory)
    field_of_action = factory.LazyAttribute(lambda o: o.measure.field_of_action)
    location = "Nachbarschaftshaus"
    start_date = date(2027, 1, 1)
    end_date = date(2028, 12, 31)
    own_share = Decimal("2000.00")
    cost_total = Decimal("20000.00")
    requested_amount = factory.LazyAttribute(lambda o: o.cost_total - o.own_share - o.co_funding)
    co_funding = Decimal("0.00")

    @factory.post_generation
    def cost_lines(obj, create, extracted, **kwargs):
        if create and extracted is not False and obj.cost_total:
            CostLine.objects.create(
                application=obj,
                category=CostLine.Category.PERSONNEL,
                description="Projektleitung",
                amount=obj.cost_total,
            )

    @classmethod
    def in_status(cls, status, **kwargs):
        """An application brought to ``status`` directly (for tests of later steps)."""
        application = cls(**kwargs)
        if status != Application.Status.DRAFT:
            now = timezone.now()
            Application.objects.filter(pk=application.pk).update(
                status=status,
                submitted_at=now,
                council_presented_at=now if status not in ("submitted", "formal_check", "changes_requested") else None,
                decided_at=now if status in ("approved", "rejected", "running", "reported", "closed") else None,
            )
            application.refresh_from_db()
        return application


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    title = "Projektskizze"
    file = factory.django.FileField(filename="skizze.pdf", data=PDF_BYTES)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    application = factory.SubFactory(ApplicationFactory)
    from_status = "draft"
    to_status = "submitted"


class GrantNoticeFactory(factory.django.DjangoModelFactory):
    """A grant notice of an application brought to "grant notice issued"."""

    class Meta:
        model = GrantNotice

    application = factory.LazyFunction(lambda: ApplicationFactory.in_status(Application.Status.APPROVED))
    issued_on = date(2026, 12, 1)
    file_number = factory.Sequence(lambda n: f"SZ-2026-{n:03d}")
    amount = Decimal("18000.00")
    document = factory.django.FileField(filename="bescheid.pdf", data=PDF_BYTES)


class ProofOfUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProofOfUse

    application = factory.LazyFunction(lambda: ApplicationFactory.in_status(Application.Status.RUNNING))
    kind = ProofOfUse.Kind.INTERIM
    period_end = date(2027, 6, 30)
    report = factory.django.FileField(filename="sachbericht.pdf", data=PDF_BYTES)
    statement = factory.django.FileField(filename="nachweis.pdf", data=PDF_BYTES)


class OfficeEntryApplicationFactory(ApplicationFactory):
    """An application the office entered for a provider without an account (no e-mail address)."""

    owner = None
    email = ""
    entry_source = "letter"
    consent_recorded_on = factory.LazyFunction(timezone.localdate)
