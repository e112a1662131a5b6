"""OParl 1.1 objects built from the council data (see ``publication.py`` for what is public).

Every object's ``id`` is its absolute URL under ``/oparl/v1/``; the URL layout is fixed in
``urls.py`` and mirrored by ``Api`` below, which builds the URLs without a ``reverse()`` per
reference (a list page holds thousands of them).
"""

from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from apps.core.links import absolute_url
from apps.council.models import AgendaDocument, Decision, Membership
from apps.pages.models import SiteSettings

from . import publication
from .models import Kind

OPARL = "https://schema.oparl.org/1.1/"
MARKER = 9876543210  # stands for the primary key in a reversed path (Api.path)
COUNCIL, JURY = "quartiersrat", "aktionsfondsjury"
ORGANIZATIONS = (COUNCIL, JURY)


def when(value) -> str | None:
    """An OParl date-time: ISO 8601 with the Berlin offset."""
    return value.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds") if value else None


def day(value) -> str | None:
    return value.isoformat() if value else None


def clean(data: dict) -> dict:
    """OParl leaves out properties without a value."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


@dataclass
class Api:
    """URL builder and shared data of one request."""

    request: object
    omit_internal: bool = False
    base: str = field(init=False)

    def __post_init__(self):
        self.base = absolute_url(reverse("oparl:system"))
        self.site = SiteSettings.load()
        self._paths: dict = {}
        self._labels: dict = {}

    def path(self, viewname: str, pk, **kwargs) -> str:
        """The absolute URL of a portal page for the object ``pk``: one ``reverse()`` per view and
        request, not one per object (a list page links hundreds)."""
        parts = self._paths.get(viewname)
        if parts is None:
            head, found, tail = absolute_url(reverse(viewname, kwargs={"pk": MARKER, **kwargs})).partition(str(MARKER))
            parts = self._paths[viewname] = (head, tail)
        return f"{parts[0]}{int(pk)}{parts[1]}"

    def label(self, model, field: str, value) -> str:
        """``obj.get_<field>_display()`` from one dictionary per field and request."""
        labels = self._labels.get((model, field))
        if labels is None:
            choices = model._meta.get_field(field).flatchoices
            labels = self._labels[(model, field)] = {key: str(text) for key, text in choices}
        return labels.get(value, value)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    @cached_property
    def council_web(self) -> str:
        return self.web(reverse("council:index"))

    def web(self, path: str) -> str:
        return absolute_url(path)  # under SITE_URL: ids stay the same whatever host a client used

    def obj(self, kind: str, pk) -> str:
        return self.url(f"{PATHS[kind]}/{pk}/")

    def body_url(self) -> str:
        return self.url("body/")

    def organization(self, slug: str) -> str:
        return self.url(f"organizations/{slug}/")

    def list_url(self, kind: str) -> str:
        return self.url(f"{PATHS[kind]}/")

    def minutes_file(self, meeting_pk) -> str:
        return self.url(f"files/protokoll-{meeting_pk}/")


PATHS = {
    Kind.TERM: "terms",
    Kind.PERSON: "persons",
    Kind.MEMBERSHIP: "memberships",
    Kind.MEETING: "meetings",
    Kind.LOCATION: "locations",
    Kind.AGENDA_ITEM: "agendaitems",
    Kind.FILE: "files",
    Kind.PAPER: "papers",
    Kind.CONSULTATION: "consultations",
    "organization": "organizations",
}


def oparl_type(name: str) -> str:
    return f"{OPARL}{name}"


def stamps(obj, created="created_at", modified="updated_at") -> dict:
    return {"created": when(getattr(obj, created)), "modified": when(getattr(obj, modified))}


def stub(api: Api, tombstone) -> dict:
    """A deleted object: id, type, created, the time of deletion as modified, deleted: true."""
    return {
        "id": api.obj(tombstone.kind, tombstone.object_id),
        "type": oparl_type(Kind(tombstone.kind).label),
        "created": when(tombstone.created_at),
        "modified": when(tombstone.deleted_at),
        "deleted": True,
    }


# System and body


def system(api: Api) -> dict:
    site = api.site
    return clean(
        {
            "id": api.base,
            "type": oparl_type("System"),
            "oparlVersion": OPARL,
            "license": site.open_data_licence_url,
            "body": api.url("bodies/"),
            "name": f"{site.council_name} – {site.area_name}",
            "contactEmail": site.email,
            "contactName": site.office_name,
            "website": api.web("/"),
            "web": api.web("/"),
        }
    )


def office_location(api: Api) -> dict | None:
    site = api.site
    if not site.street:
        return None
    return clean(
        {
            "id": api.url("locations/buero/"),
            "type": oparl_type("Location"),
            "description": ", ".join(filter(None, [site.office_name, site.street, f"{site.postcode} {site.city}"])),
            "streetAddress": site.street,
            "postalCode": site.postcode,
            "locality": site.city,
            "bodies": [api.body_url()],
        }
    )


def body(api: Api) -> dict:
    site = api.site
    terms = [term(api, t) for t in publication.terms().order_by("pk")]
    return clean(
        {
            "id": api.body_url(),
            "type": oparl_type("Body"),
            "system": api.base,
            "name": site.area_name,
            "shortName": site.council_name,
            "website": api.web("/"),
            "license": site.open_data_licence_url,
            "contactEmail": site.email,
            "contactName": site.office_name,
            "classification": "Quartiersmanagement-Gebiet",
            "organization": api.url("organizations/"),
            "person": api.list_url(Kind.PERSON),
            "meeting": api.list_url(Kind.MEETING),
            "paper": api.list_url(Kind.PAPER),
            "legislativeTerm": terms,
            "agendaItem": api.list_url(Kind.AGENDA_ITEM),
            "consultation": api.list_url(Kind.CONSULTATION),
            "file": api.list_url(Kind.FILE),
            "locationList": api.list_url(Kind.LOCATION),
            "legislativeTermList": api.list_url(Kind.TERM),
            "membership": api.list_url(Kind.MEMBERSHIP),
            "location": office_location(api),
            "mainOrganization": api.organization(COUNCIL),
            "web": api.web("/"),
        }
    )


def organization(api: Api, slug: str, membership_ids=(), terms=None) -> dict:
    site = api.site
    if slug == COUNCIL:
        first = terms[0] if terms else None
        return clean(
            {
                "id": api.organization(COUNCIL),
                "type": oparl_type("Organization"),
                "body": api.body_url(),
                "name": site.council_name,
                "shortName": "QR",
                "membership": [api.obj(Kind.MEMBERSHIP, pk) for pk in membership_ids],
                "meeting": api.list_url(Kind.MEETING),
                "consultation": api.list_url(Kind.CONSULTATION),
                "organizationType": "Gremium",
                "classification": "Quartiersrat",
                "startDate": day(first.starts_on) if first else None,
                "web": api.web(reverse("council:index")),
                "created": when(min((t.created_at for t in terms), default=None)) if terms else None,
                "modified": when(max((t.updated_at for t in terms), default=None)) if terms else None,
            }
        )
    return clean(
        {
            "id": api.organization(JURY),
            "type": oparl_type("Organization"),
            "body": api.body_url(),
            "name": site.jury_name,  # the name the office chose (site settings); the classification stays generic
            "organizationType": "Gremium",
            "classification": "Aktionsfondsjury",
            "web": api.web(reverse("actionfund:index")),
        }
    )


def organization_context() -> dict:
    return {
        "membership_ids": list(publication.memberships().order_by("pk").values_list("pk", flat=True)),
        "terms": list(publication.terms().order_by("starts_on", "pk")),
    }


# Terms, persons, memberships


def term(api: Api, t) -> dict:
    return clean(
        {
            "id": api.obj(Kind.TERM, t.pk),
            "type": oparl_type("LegislativeTerm"),
            "body": api.body_url(),
            "name": t.name,
            "startDate": day(t.starts_on),
            "endDate": day(t.ends_on),
            **stamps(t),
        }
    )


def membership(api: Api, seat) -> dict:
    return clean(
        {
            "id": api.obj(Kind.MEMBERSHIP, seat.pk),
            "type": oparl_type("Membership"),
            "person": api.obj(Kind.PERSON, seat.pk),
            "organization": api.organization(COUNCIL),
            "role": api.label(Membership, "role", seat.role),
            "votingRight": seat.has_vote,
            "startDate": day(seat.valid_from),
            "endDate": day(seat.valid_until),
            "keyword": [api.label(Membership, "seat_type", seat.seat_type), seat.term.name],
            **stamps(seat),
        }
    )


def person(api: Api, seat) -> dict:
    return clean(
        {
            "id": api.obj(Kind.PERSON, seat.pk),
            "type": oparl_type("Person"),
            "body": api.body_url(),
            "name": seat.display_name,
            "status": [api.label(Membership, "seat_type", seat.seat_type)],
            "membership": None if api.omit_internal else [membership(api, seat)],
            "web": api.council_web,
            **stamps(seat),
        }
    )


# Meetings, locations, agenda items, files


def meeting_location(api: Api, meeting) -> dict:
    return clean(
        {
            "id": api.obj(Kind.LOCATION, meeting.pk),
            "type": oparl_type("Location"),
            "description": meeting.place,
            "meetings": [api.obj(Kind.MEETING, meeting.pk)],
            **stamps(meeting),
        }
    )


def minutes_file(api: Api, meeting) -> dict:
    return clean(
        {
            "id": api.minutes_file(meeting.pk),
            "type": oparl_type("File"),
            "name": f"Protokoll der {meeting.number}. Sitzung",
            "fileName": f"protokoll-{meeting.number}.pdf",
            "mimeType": "application/pdf",
            "accessUrl": api.path("council:minutes_download", meeting.pk, version="oeffentlich"),
            "downloadUrl": api.path("council:minutes_download", meeting.pk, version="oeffentlich"),
            "meeting": [api.obj(Kind.MEETING, meeting.pk)],
            "web": api.path("council:meeting_detail", meeting.pk),
            **stamps(meeting),
        }
    )


def document_file(api: Api, document, meeting_pk) -> dict:
    download = api.path("council:document_download", document.pk)
    return clean(
        {
            "id": api.obj(Kind.FILE, document.pk),
            "type": oparl_type("File"),
            "name": document.title,
            "fileName": f"{document.title}.pdf",
            "mimeType": "application/pdf",
            "accessUrl": download,
            "downloadUrl": download,
            "agendaItem": [api.obj(Kind.AGENDA_ITEM, document.agenda_item_id)],
            "meeting": [api.obj(Kind.MEETING, meeting_pk)],
            **stamps(document),
        }
    )


def _resolution(api: Api, decisions) -> tuple[str | None, str | None]:
    if not decisions:
        return None, None
    texts = [
        f"{d.motion}\n{api.label(Decision, 'result', d.result)} (ja {d.votes_yes}, nein {d.votes_no}, "
        f"Enthaltungen {d.votes_abstain}, befangen {d.recused_count})"
        for d in decisions
    ]
    return api.label(Decision, "result", decisions[-1].result), "\n\n".join(texts)


def agenda_item(api: Api, item, meeting=None) -> dict:
    meeting = meeting or item.meeting
    result, text = _resolution(api, item.public_decisions)
    consultations = item.public_consultations
    return clean(
        {
            "id": api.obj(Kind.AGENDA_ITEM, item.pk),
            "type": oparl_type("AgendaItem"),
            "meeting": api.obj(Kind.MEETING, meeting.pk),
            "number": str(item.position),
            "order": item.position,
            "name": item.title,
            "public": True,
            "consultation": api.obj(Kind.CONSULTATION, consultations[0].pk) if consultations else None,
            "result": result,
            "resolutionText": text,
            "auxiliaryFile": None
            if api.omit_internal
            else [document_file(api, doc, meeting.pk) for doc in item.public_documents],
            "web": api.path("council:meeting_detail", meeting.pk),
            **stamps(item),
        }
    )


def _rows(queryset, fields) -> list:
    """Plain rows as light objects with attributes (``pk`` too): no model instance per row."""
    rows = []
    for values in queryset.values(*fields):
        values["pk"] = values["id"]
        rows.append(SimpleNamespace(**values))
    return rows


def _by(rows, attribute: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(getattr(row, attribute), []).append(row)
    return grouped


def attach_agenda(meetings) -> None:
    """``meeting.public_items`` (by position) with their details (attach_item_details)."""
    items = _rows(
        publication.agenda_items().filter(meeting__in=[m.pk for m in meetings]).order_by("position"),
        ("id", "meeting_id", "position", "title", "created_at", "updated_at"),
    )
    attach_item_details(items)
    grouped = _by(items, "meeting_id")
    for meeting in meetings:
        meeting.public_items = grouped.get(meeting.pk, [])


def attach_item_details(items, documents: bool = True) -> None:
    """``item.public_documents``, ``item.public_decisions`` and ``item.public_consultations`` (each
    by primary key) for many agenda items: three plain queries, no prefetch machinery."""
    ids = [item.pk for item in items]
    files = {}
    if documents and ids:
        files = _by(
            _rows(
                AgendaDocument.objects.filter(is_internal=False, agenda_item__in=ids).order_by("pk"),
                ("id", "agenda_item_id", "title", "created_at", "updated_at"),
            ),
            "agenda_item_id",
        )
    decisions = _by(
        _rows(
            Decision.objects.filter(agenda_item__in=ids).order_by("pk"),
            ("id", "agenda_item_id", "motion", "result", "votes_yes", "votes_no", "votes_abstain", "recused_count"),
        ),
        "agenda_item_id",
    ) if ids else {}  # fmt: skip
    for item in items:
        item.public_documents = files.get(item.pk, [])
        item.public_decisions = decisions.get(item.pk, [])
    attach_consultations(items)


def attach_consultations(items) -> None:
    """``item.public_consultations``: the item's links to funding applications (one query)."""
    links: dict[int, list] = {}
    rows = publication.Consultation.objects.filter(agendaitem__in=[i.pk for i in items]).order_by("pk")
    for pk, item_pk in rows.values_list("pk", "agendaitem_id"):
        links.setdefault(item_pk, []).append(SimpleNamespace(pk=pk))
    for item in items:
        item.public_consultations = links.get(item.pk, [])


def attach_links(applications) -> None:
    """``application.public_links``: its links to public agenda items, with the item (one query)."""
    links: dict[int, list] = {}
    rows = (
        publication.consultations()
        .filter(application__in=[a.pk for a in applications])
        .select_related("agendaitem")
        .only("application_id", "agendaitem__meeting_id", "agendaitem__created_at", "agendaitem__updated_at")
        .order_by("pk")
    )
    for link in rows:
        links.setdefault(link.application_id, []).append(link)
    for application in applications:
        application.public_links = links.get(application.pk, [])


MEETING_STATES = {"planned": "geplant", "invited": "eingeladen", "held": "durchgeführt",
                  "minutes_approved": "Protokoll genehmigt", "cancelled": "abgesagt"}  # fmt: skip


def meeting(api: Api, m) -> dict:
    items = None
    if not api.omit_internal:
        items = [agenda_item(api, item, m) for item in m.public_items]
    return clean(
        {
            "id": api.obj(Kind.MEETING, m.pk),
            "type": oparl_type("Meeting"),
            "name": f"{m.number}. Sitzung",
            "meetingState": MEETING_STATES.get(m.status, m.status),
            "cancelled": m.status == "cancelled",
            "start": when(m.starts_at),
            "end": when(m.ends_at),
            "location": None if api.omit_internal else meeting_location(api, m),
            "organization": [api.organization(COUNCIL)],
            "resultsProtocol": minutes_file(api, m) if m.minutes_public_pdf and not api.omit_internal else None,
            "agendaItem": items,
            "web": api.path("council:meeting_detail", m.pk),
            **stamps(m),
        }
    )


# Papers and consultations


def consultation(api: Api, link, item) -> dict:
    return clean(
        {
            "id": api.obj(Kind.CONSULTATION, link.pk),
            "type": oparl_type("Consultation"),
            "paper": api.obj(Kind.PAPER, link.application_id),
            "agendaItem": api.obj(Kind.AGENDA_ITEM, link.agendaitem_id),
            "meeting": api.obj(Kind.MEETING, item.meeting_id),
            "organization": [api.organization(COUNCIL)],
            "authoritative": False,
            "role": "Empfehlung",
            **stamps(item),
        }
    )


def paper(api: Api, application) -> dict:
    funded = application.state.funded
    return clean(
        {
            "id": api.obj(Kind.PAPER, application.pk),
            "type": oparl_type("Paper"),
            "body": api.body_url(),
            "name": application.title,
            "reference": f"P-{application.pk}",
            "date": day(timezone.localdate(application.council_presented_at)),
            "paperType": f"Förderantrag ({application.call.fund.name})",
            "consultation": None
            if api.omit_internal
            else [consultation(api, link, link.agendaitem) for link in application.public_links],
            "keyword": [application.field_of_action.name] if application.field_of_action_id else None,
            "web": api.path("funding:project_detail", application.pk) if funded else None,
            **stamps(application),
        }
    )
