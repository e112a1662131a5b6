"""What of the council data is public, in one place (the OParl API and its stubs use it).

- Persons and memberships: council seats whose holder consented to be named publicly.
- Agenda items: those not marked confidential. Files: documents that are not internal, on a
  public agenda item, and the public minutes PDF of a meeting. Internal minutes never.
- Papers: funding applications presented to the council that are on at least one public agenda
  item (an application discussed only under a confidential item stays unknown).
- Consultations: the links between a public agenda item and a funding application.
- Terms, meetings (with their place) and the council itself are public, as on the website.
"""

from apps.council.models import AgendaDocument, AgendaItem, Meeting, Membership, Term
from apps.funding.models import Application

Consultation = AgendaItem.funding_applications.through


def terms():
    return Term.objects.all()


def memberships():
    return Membership.objects.filter(consent_name=True)


def meetings():
    return Meeting.objects.all()


def agenda_items():
    return AgendaItem.objects.filter(is_confidential=False)


def files():
    return AgendaDocument.objects.filter(is_internal=False, agenda_item__is_confidential=False)


def papers():
    return Application.objects.filter(
        council_presented_at__isnull=False, pk__in=consultations().values("application_id")
    )


def consultations():
    return Consultation.objects.filter(agendaitem__is_confidential=False)


def public_paper_ids(application_ids) -> list[int]:
    if not application_ids:
        return []
    return list(papers().filter(pk__in=application_ids).values_list("pk", flat=True))
