from tests.access import PUBLIC, Case


def _meeting():
    from apps.council.tests.factories import MeetingFactory

    return {"pk": MeetingFactory().pk}


def _item():
    from apps.council.tests.factories import AgendaItemFactory

    return {"pk": AgendaItemFactory().pk}


def _document():
    from apps.council.tests.factories import AgendaDocumentFactory

    return {"pk": AgendaDocumentFactory().pk}


def _minutes():
    from django.core.files.base import ContentFile

    from apps.council.tests.factories import PDF_BYTES, MeetingFactory

    meeting = MeetingFactory()
    meeting.minutes_public_pdf.save("p.pdf", ContentFile(PDF_BYTES), save=True)
    return {"pk": meeting.pk}


def _seat():
    from apps.council.tests.factories import MembershipFactory

    return {"pk": MembershipFactory(consent_name=True).pk}


def _term():
    from apps.council.tests.factories import TermFactory

    return {"pk": TermFactory().pk}


def _link():
    from apps.council.tests.factories import AgendaItemFactory
    from apps.funding.models import Application
    from apps.funding.tests.factories import ApplicationFactory

    item = AgendaItemFactory()
    application = ApplicationFactory.in_status(Application.Status.COUNCIL)
    item.funding_applications.add(application)
    return item, application


def _paper():
    return {"pk": _link()[1].pk}


def _consultation():
    item, _application = _link()
    return {"pk": item.funding_applications.through.objects.get(agendaitem=item).pk}


def _office():
    from apps.pages.models import SiteSettings

    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(street="Beispielstraße 12")
    return {}


# The OParl API is open data: every role gets the same public JSON.
OBJECTS = {
    "term": _term, "person": _seat, "membership": _seat, "meeting": _meeting, "location": _meeting,
    "agendaitem": _item, "file": _document, "paper": _paper, "consultation": _consultation,
}  # fmt: skip

CASES = [
    Case("oparl:system", PUBLIC),
    Case("oparl:body_list", PUBLIC),
    Case("oparl:body", PUBLIC),
    Case("oparl:organization_list", PUBLIC),
    Case("oparl:organization", PUBLIC, kwargs=lambda: {"slug": "quartiersrat"}),
    Case("oparl:minutes_file", PUBLIC, kwargs=_minutes),
    Case("oparl:office_location", PUBLIC, kwargs=_office),
    *[Case(f"oparl:{kind}_list", PUBLIC) for kind in OBJECTS],
    *[Case(f"oparl:{kind}_detail", PUBLIC, kwargs=build) for kind, build in OBJECTS.items()],
]

CASES += [
    Case("money:overview", PUBLIC),
    Case("money:overview", PUBLIC, query="jahr=2025", label="money:overview year"),
    Case("money:csv", PUBLIC),
    Case("money:json", PUBLIC),
    Case("money:datapackage", PUBLIC),
]
