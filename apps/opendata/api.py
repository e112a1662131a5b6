"""The OParl 1.1 read API under /oparl/v1/: system, body, external lists and single objects.

Lists are ordered by primary key (stable while a client pages through them), paginated with
``data``, ``pagination`` and ``links``, and filtered by ``created_since``, ``created_until``,
``modified_since`` and ``modified_until`` (full date-times); ``omit_internal`` leaves out the
embedded objects. Stubs of deleted objects come after the live objects of a list. Every response
is public JSON with ``Access-Control-Allow-Origin: *``. A list page runs a fixed number of
queries whatever its size (tests/test_api.py).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from apps.pagecache.cache import depends_on
from apps.paging import CachedCountPaginator

from . import oparl, publication
from .models import Kind, Tombstone

PER_PAGE = 20
MAX_PER_PAGE = 100
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


class BadRequest(Exception):
    pass


def respond(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, message: str) -> JsonResponse:
    return respond({"error": message, "status": status}, status=status)


def endpoint(view):
    """Public, GET/HEAD only, JSON errors for bad parameters."""

    @login_not_required
    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as problem:
            return error(400, str(problem))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def omit_internal(request) -> bool:
    value = request.GET.get("omit_internal")
    return value is not None and value.lower() not in ("false", "0")


# What each list holds


def _meetings(api):
    return publication.meetings()


def _prepare_meetings(api, meetings):
    if not api.omit_internal:
        oparl.attach_agenda(meetings)


def _agenda_items(api):
    return publication.agenda_items().select_related("meeting")


def _prepare_items(api, items):
    oparl.attach_item_details(items, documents=not api.omit_internal)


def _papers(api):
    return publication.papers().select_related("call__fund", "field_of_action")


def _prepare_papers(api, papers):
    if not api.omit_internal:
        oparl.attach_links(papers)


@dataclass(frozen=True)
class Listing:
    kind: str
    queryset: object  # (api) -> QuerySet of public objects
    serialize: object  # (api, obj) -> dict
    prepare: object = None  # (api, objects) -> None: bulk loads for the page
    created: str = "created_at"
    modified: str = "updated_at"
    per_page: int = PER_PAGE
    small: bool = False  # a few thousand rows at most: COUNT(*) costs less than keeping the total
    joins: bool = True  # the rows need joins: a page reads its keys first (paginate)


LISTINGS = {
    Kind.TERM: Listing(Kind.TERM, lambda api: publication.terms(), oparl.term, small=True, joins=False),
    Kind.PERSON: Listing(
        Kind.PERSON, lambda api: publication.memberships().select_related("term"), oparl.person, small=True
    ),
    Kind.MEMBERSHIP: Listing(
        Kind.MEMBERSHIP, lambda api: publication.memberships().select_related("term"), oparl.membership, small=True
    ),
    # A meeting embeds its agenda with files: ten a page keep a page near 65 KB.
    Kind.MEETING: Listing(
        Kind.MEETING, _meetings, oparl.meeting, _prepare_meetings, per_page=10, small=True, joins=False
    ),
    Kind.LOCATION: Listing(
        Kind.LOCATION, lambda api: publication.meetings(), oparl.meeting_location, small=True, joins=False
    ),
    Kind.AGENDA_ITEM: Listing(Kind.AGENDA_ITEM, _agenda_items, oparl.agenda_item, _prepare_items),
    Kind.FILE: Listing(
        Kind.FILE,
        lambda api: publication.files().select_related("agenda_item"),
        lambda api, doc: oparl.document_file(api, doc, doc.agenda_item.meeting_id),
    ),
    Kind.PAPER: Listing(Kind.PAPER, _papers, oparl.paper, _prepare_papers),
    Kind.CONSULTATION: Listing(
        Kind.CONSULTATION,
        lambda api: publication.consultations().select_related("agendaitem"),
        lambda api, link: oparl.consultation(api, link, link.agendaitem),
        created="agendaitem__created_at",
        modified="agendaitem__updated_at",
    ),
}


def _filters(request) -> dict:
    """``{"created": {"gte": dt}, ...}`` from the query string; BadRequest for a value that is not a date-time."""
    found: dict = {}
    for name, (attribute, operator) in FILTERS.items():
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            value = parse_datetime(raw.strip().replace(" ", "+"))
        except ValueError:
            value = None
        if value is None:
            raise BadRequest(f"{name}: expected a date-time like 2026-01-01T00:00:00+01:00")
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        found.setdefault(attribute, {})[operator] = value
    return found


def _apply(queryset, filters: dict, fields: dict):
    for attribute, conditions in filters.items():
        for operator, value in conditions.items():
            queryset = queryset.filter(**{f"{fields[attribute]}__{operator}": value})
    return queryset


def _per_page(request, default: int = PER_PAGE) -> int:
    raw = request.GET.get("elementsPerPage")
    if raw is None:
        return default
    try:
        return max(1, min(MAX_PER_PAGE, int(raw)))
    except ValueError as problem:
        raise BadRequest("elementsPerPage: expected a number") from problem


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError as problem:
        raise BadRequest("page: expected a number") from problem
    if number < 1:
        raise BadRequest("page: starts at 1")
    return number


# Lists whose unfiltered total the database keeps (models.ListTotal, migration 0003), with the
# tables the triggers count from: the page cache sees no trigger's writes, so a page that shows
# such a total depends on them.
KEPT_TOTALS = {
    Kind.AGENDA_ITEM: ("council_agendaitem",),
    Kind.PAPER: ("funding_application", "council_agendaitem_funding_applications", "council_agendaitem"),
}


def kept_total(kind: str) -> int | None:
    """The number of public objects of an unfiltered list without counting them (PostgreSQL; None
    where no trigger keeps it)."""
    tables = KEPT_TOTALS.get(kind)
    if tables is None or connection.vendor != "postgresql":
        return None
    depends_on(*tables)
    with connection.cursor() as cursor:
        cursor.execute('SELECT "total" FROM "opendata_listtotal" WHERE "kind" = %s', [kind])
        found = cursor.fetchone()
    return found[0] if found else 0


def paginate(
    request, api, *, live, tombstones, serialize, prepare=None, per_page=PER_PAGE, live_count=None, keys_first=True
) -> JsonResponse:
    """One list page: live objects first, then the stubs of deleted ones, both by primary key.
    ``live_count``: the number of live objects when it is known without counting them."""
    per_page = _per_page(request, per_page)
    number = _page_number(request)
    if live_count is None:
        live_count = CachedCountPaginator(live, per_page).count
    # Few rows, found by their index (kind, object_id): a query is cheaper than a kept value.
    dead_count = tombstones.count() if tombstones is not None else 0
    total = live_count + dead_count
    pages = max(1, -(-total // per_page))
    if number > pages:
        return error(404, f"page {number} does not exist; the list has {pages}")
    start, end = (number - 1) * per_page, number * per_page
    data = []
    if start < live_count:
        # The page's primary keys first (the offset walks the pk index only), then its rows with
        # their joins: one query with OFFSET read and joined every row before the page (the last
        # page of agenda items at bench scale 10: 22,500 rows, 19 ms of database CPU; now 5 ms).
        # A page in the second half is read from the end of the index: the last page skips no rows.
        # A list without joins reads its rows at once (keys_first=False): one query instead of two.
        stop = min(end, live_count)
        rows = live.values_list("pk", flat=True) if keys_first else live
        if start > live_count // 2:
            objects = list(rows.reverse()[live_count - stop : live_count - start])[::-1]
        else:
            objects = list(rows[start:stop])
        if keys_first:
            objects = list(live.filter(pk__in=objects)) if objects else []
        if prepare:
            prepare(api, objects)
        data = [serialize(api, obj) for obj in objects]
    if end > live_count and dead_count:
        data += [oparl.stub(api, t) for t in tombstones[max(0, start - live_count) : end - live_count]]

    params = {key: value for key, value in request.GET.items() if key != "page"}
    path = api.web(request.path)

    def link(page: int) -> str:
        query = urlencode({**params, "page": page} if page > 1 else params)
        return f"{path}?{query}" if query else path

    links = {"first": link(1), "self": link(number), "last": link(pages)}
    if number > 1:
        links["prev"] = link(number - 1)
    if number < pages:
        links["next"] = link(number + 1)
    return respond(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": per_page,
                "currentPage": number,
                "totalPages": pages,
            },
            "links": links,
        }
    )


def _tombstones(kind: str, filters: dict):
    return _apply(
        Tombstone.objects.filter(kind=kind).order_by("object_id"),
        filters,
        {"created": "created_at", "modified": "deleted_at"},
    )


# Views


@endpoint
def system(request):
    """The OParl system object, the entry point for clients. Public."""
    return respond(oparl.system(oparl.Api(request)))


@endpoint
def body_list(request):
    """The list of bodies: the one QM area. Public."""
    api = oparl.Api(request, omit_internal(request))
    return respond(_single_page(api, [oparl.body(api)]))


@endpoint
def body(request):
    """The body: the QM area with its lists. Public."""
    return respond(oparl.body(oparl.Api(request)))


def _single_page(api, data) -> dict:
    self_url = api.web(api.request.get_full_path())
    return {
        "data": data,
        "pagination": {"totalElements": len(data), "elementsPerPage": max(1, len(data)), "currentPage": 1,
                       "totalPages": 1},
        "links": {"first": self_url, "self": self_url, "last": self_url},
    }  # fmt: skip


@endpoint
def organization_list(request):
    """The council and the action fund jury. Public."""
    api = oparl.Api(request, omit_internal(request))
    _filters(request)  # validates; two fixed organisations are always listed
    context = oparl.organization_context()
    return respond(_single_page(api, [oparl.organization(api, slug, **context) for slug in oparl.ORGANIZATIONS]))


@endpoint
def organization(request, slug):
    """One organisation (council or action fund jury). Public."""
    if slug not in oparl.ORGANIZATIONS:
        return error(404, "no such organization")
    return respond(oparl.organization(oparl.Api(request), slug, **oparl.organization_context()))


def object_list(kind: str):
    listing = LISTINGS[kind]

    @endpoint
    def view(request):
        api = oparl.Api(request, omit_internal(request))
        filters = _filters(request)
        live = _apply(
            listing.queryset(api).order_by("pk"),
            filters,
            {"created": listing.created, "modified": listing.modified},
        )
        return paginate(
            request,
            api,
            live=live,
            tombstones=_tombstones(kind, filters),
            serialize=listing.serialize,
            prepare=listing.prepare,
            per_page=listing.per_page,
            live_count=live.count() if listing.small else None if filters else kept_total(kind),
            keys_first=listing.joins,
        )

    view.__name__ = f"{kind}_list"
    view.__doc__ = f"External OParl list of {Kind(kind).label} objects, paginated. Public."
    return view


def object_detail(kind: str):
    listing = LISTINGS[kind]

    @endpoint
    def view(request, pk):
        api = oparl.Api(request)
        objects = list(listing.queryset(api).filter(pk=pk))
        if objects:
            if listing.prepare:
                listing.prepare(api, objects)
            return respond(listing.serialize(api, objects[0]))
        tombstone = Tombstone.objects.filter(kind=kind, object_id=pk).first()
        if tombstone:
            return respond(oparl.stub(api, tombstone))
        return error(404, "no such object")

    view.__name__ = f"{kind}_detail"
    view.__doc__ = f"One OParl {Kind(kind).label} object (or its stub once deleted). Public."
    return view


@endpoint
def minutes_file(request, pk):
    """The public minutes PDF of a meeting as an OParl File. Public."""
    meeting = publication.meetings().filter(pk=pk).exclude(minutes_public_pdf="").first()
    if meeting is None:
        return error(404, "no such object")
    return respond(oparl.minutes_file(oparl.Api(request), meeting))


@endpoint
def office_location(request):
    """The QM office as an OParl Location (the body's location). Public."""
    location = oparl.office_location(oparl.Api(request))
    return respond(location) if location else error(404, "no such object")
