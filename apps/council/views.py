from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.accounts.roles import Role, role_required
from apps.core import compiled
from apps.core.files import serve_private_file
from apps.core.ical import ICalendar
from apps.core.links import path_of, site_host, site_url
from apps.network.models import Actor
from apps.pages.models import SiteSettings
from apps.paging import CachedCountPaginator

from .forms import DecisionFilterForm
from .models import (
    AgendaDocument,
    AgendaItem,
    CouncilSettings,
    Decision,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    PublicMode,
    SeatType,
    Term,
    public_decision_total,
)
from .reads import agenda
from .services import invited_members, is_term_member, postal_members, seat_in_term

MEETINGS_PER_PAGE = 20
PUBLIC_MODE_LABELS = dict(PublicMode.choices)
DECISIONS_PER_PAGE = 20
RECENT_DECISIONS = 10
ICS_PAST_DAYS = 400
# The feed: the next meetings (two years at the usual monthly rhythm) and the latest of the past
# ICS_PAST_DAYS; a calendar app needs no more, and a longer feed only costs every poll.
ICS_UPCOMING_EVENTS = 24
ICS_PAST_EVENTS = 24
ICS_MAX_BYTES = 95_000

# The index's queries, compiled once per process and language and sent in one round trip
# (apps/core/compiled.py), with stand-ins for the day and the moment.
INDEX_DAY = date(1900, 1, 2)
INDEX_NOW = datetime(1900, 1, 1, tzinfo=UTC)
INDEX_DECISION_COLUMNS = ("result", "agenda_item__meeting_id", "agenda_item__title", "agenda_item__meeting__number",
                          "agenda_item__meeting__starts_at", "motion")  # fmt: skip


def _index_querysets() -> dict:
    term = Term.objects.current(INDEX_DAY).order_by(*Term._meta.ordering)[:1]
    term_pk = Subquery(term.values("pk"))
    return {
        "settings": CouncilSettings.objects.filter(pk=1),
        "term": term,
        "seats": Membership.objects.active(INDEX_DAY).filter(term=term_pk).order_by("seat_type", "display_name"),
        # the seats' directory entries, as Prefetch("actors", Actor.objects.published()) ordered them
        "actors": Membership.actors.through.objects.filter(membership__term=term_pk, actor__is_published=True)
        .order_by(*(f"actor__{name}" for name in Actor._meta.ordering))
        .values_list("membership_id", "actor__name", "actor__slug"),
        "upcoming": Meeting.objects.upcoming(INDEX_NOW)[:3],
        "decisions": Decision.objects.public()
        .order_by("-agenda_item__meeting__starts_at", "-pk")
        .values_list(*INDEX_DECISION_COLUMNS)[:RECENT_DECISIONS],
    }


def _index_rows() -> dict:
    db = "default"
    statements = compiled.compiled("council:index", _index_querysets, db)
    ops = connections[db].ops
    values = {
        ops.adapt_datefield_value(INDEX_DAY): ops.adapt_datefield_value(timezone.localdate()),
        ops.adapt_datetimefield_value(INDEX_NOW): ops.adapt_datetimefield_value(timezone.now()),
    }
    rows = compiled.run(db, statements, values=values)
    found = {name: statements[name].instances(db, rows[name]) for name in ("settings", "term", "seats", "upcoming")}
    found.update(actors=rows["actors"], decisions=rows["decisions"])
    return found


@login_not_required
def index(request):
    """The council's public page: intro, current members (named only with consent), resident
    share, upcoming meetings and recent public decisions. Public."""
    found = _index_rows()
    council_settings = found["settings"][0] if found["settings"] else CouncilSettings.load()
    term = found["term"][0] if found["term"] else None
    members, unnamed, share = [], {}, None
    if term:
        rank = {MemberRole.SPEAKER: 0, MemberRole.DEPUTY: 1}
        seats = sorted(found["seats"], key=lambda seat: (rank.get(seat.role, 2), seat.seat_type != SeatType.RESIDENT))
        links = defaultdict(list)
        for membership_id, name, slug in found["actors"]:
            links[membership_id].append((reverse("network:actor_detail", kwargs={"slug": slug}), name))
        for seat in seats:
            seat.actor_links = links.get(seat.pk, [])
        members = [seat for seat in seats if seat.consent_name]
        for seat in seats:
            if not seat.consent_name:
                unnamed[seat.seat_type] = unnamed.get(seat.seat_type, 0) + 1
        voting = [seat for seat in seats if seat.has_vote]
        residents = sum(1 for seat in voting if seat.seat_type == SeatType.RESIDENT)
        share = {
            "residents": residents,
            "total": len(voting),
            "percent": round(100 * residents / len(voting)) if voting else 0,
        }
    detail = path_of("council:meeting_detail")
    for meeting in found["upcoming"]:
        meeting.url = detail(meeting.pk)
    results = {value: str(label) for value, label in Decision._meta.get_field("result").flatchoices}
    decisions = [
        {
            "result": results.get(result, result),
            "meeting_url": detail(meeting_pk),
            "title": title,
            "number": number,
            "starts_at": starts_at,
            "motion": motion,
        }  # fmt: skip
        for result, meeting_pk, title, number, starts_at, motion in found["decisions"]
    ]
    context = {
        "council_settings": council_settings,
        "is_council": request.user.is_authenticated and request.user.has_role(Role.COUNCIL),
        "term": term,
        "members": members,
        "unnamed_residents": unnamed.get(SeatType.RESIDENT, 0),
        "unnamed_actors": unnamed.get(SeatType.ACTOR, 0),
        "share": share,
        "upcoming": found["upcoming"],
        "decisions": decisions,
    }
    return render(request, "council/index.html", context)


@login_not_required
def meeting_list(request):
    """All meetings, newest first, paginated. Public."""
    # A correlated subquery, so PostgreSQL counts the items of the meetings on the page only.
    public_items = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"), is_confidential=False)
        .order_by()
        .values("meeting")
        .annotate(total=Count("pk"))
        .values("total")
    )
    meetings = (
        Meeting.objects.select_related("term")
        .order_by("-starts_at", "-number")
        .annotate(public_items=Coalesce(Subquery(public_items), 0))
    )
    page_obj = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/meeting_list.html",
        {"meetings": _with_urls(page_obj.object_list), "page_obj": page_obj, "now": timezone.now()},
    )


def _with_urls(meetings) -> list:
    """The meetings, each with its ``url`` (one ``reverse()`` for all of them)."""
    meetings = list(meetings)
    detail = path_of("council:meeting_detail")
    for meeting in meetings:
        meeting.url = detail(meeting.pk)
    return meetings


@login_not_required
def decision_list(request):
    """The council's public decisions (not those on confidential items), newest meeting first,
    filterable by term, year and result, paginated. Public."""
    form = DecisionFilterForm(request.GET or None)
    decisions = Decision.objects.all()
    by_meeting = False
    if form.is_valid():
        data = form.cleaned_data
        if data["term"]:
            decisions = decisions.filter(agenda_item__meeting__term=data["term"])
        if data["year"]:
            decisions = decisions.filter(agenda_item__meeting__starts_at__year=data["year"])
        if data["result"]:
            decisions = decisions.filter(result=data["result"])
        by_meeting = bool(data["term"] or data["year"])
    # Plain rows (only the shown columns, along the list's indexes in council 0011) written into
    # what the table shows by decision_rows().
    listed = (
        decisions.public()
        .order_by("-agenda_item__meeting__starts_at", "agenda_item__position", "pk")
        .values_list(*DECISION_ROW_COLUMNS)
    )
    # Counted without joining the agenda items unless a filter joins them anyway (then the join
    # is the cheaper plan).
    count_rows = None if by_meeting else decisions.public_to_count()
    paginator = CachedCountPaginator(listed, DECISIONS_PER_PAGE, count_rows=count_rows)
    # The total from the kept totals per term and result (PostgreSQL; not by year: counted then).
    data = form.cleaned_data if form.is_valid() else {}
    if not data.get("year"):
        total = public_decision_total(term_id=data.get("term"), result=data.get("result", ""))
        if total is not None:
            paginator.count = total
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "council/decision_list.html",
        {"form": form, "decisions": decision_rows(page_obj.object_list), "page_obj": page_obj},
    )


DECISION_ROW_COLUMNS = ("agenda_item__meeting_id", "agenda_item__meeting__number", "agenda_item__meeting__starts_at",
                        "agenda_item__title", "motion", "result", "votes_yes", "votes_no", "votes_abstain")  # fmt: skip
DECISION_LIST_MOTION_WORDS = 40


def decision_rows(rows) -> list[dict]:
    """The decision list's rows (``DECISION_ROW_COLUMNS``) as the table shows them: the meeting's
    link, label and date, the title, the motion cut after 40 words, the result's label and the
    votes; one reverse() and one translation of each label for the whole list."""
    detail = path_of("council:meeting_detail")
    meeting_label = _("%(number)s. meeting")
    results = {value: str(label) for value, label in Decision._meta.get_field("result").flatchoices}
    return [
        {
            "meeting_url": detail(meeting_pk),
            # as {% blocktranslate %} writes it: the translation as it is, the number inserted
            "meeting_label": mark_safe(meeting_label % {"number": number}),  # noqa: S308 - a translation and an int
            "date": date_format(timezone.localtime(starts_at), "SHORT_DATE_FORMAT"),
            "title": title,
            "motion": Truncator(motion).words(DECISION_LIST_MOTION_WORDS, truncate=" …"),
            "result": results.get(result, result),
            "votes": (yes, no, abstain),
        }
        for meeting_pk, number, starts_at, title, motion, result, yes, no, abstain in rows
    ]


@login_not_required
def meeting_detail(request, pk):
    """A meeting with its agenda, documents, decisions and minutes. Public; confidential items,
    internal documents and internal minutes only for council members of the meeting's term and
    the QM team."""
    # The council's default public mode rides along (shown when the meeting has none of its own).
    default_mode = Subquery(CouncilSettings.objects.filter(pk=1).values("public_mode")[:1])
    meetings = Meeting.objects.select_related("term", "minutes_approved_in").annotate(default_public_mode=default_mode)
    if request.user.is_authenticated:  # whether the visitor holds a seat in the meeting's term, read with it
        meetings = meetings.annotate(user_seated=seat_in_term(request.user))
    meeting = get_object_or_404(meetings, pk=pk)
    member = is_term_member(request.user, meeting.term_id, seated=getattr(meeting, "user_seated", None))
    # Each item's lists in one round trip (reads.agenda): documents and decisions; for members
    # also who was recused and the funding applications an item decides on (their pages are for
    # the council only).
    items = agenda(meeting, member)
    default = meeting.default_public_mode or CouncilSettings.load().public_mode  # no row yet: load() creates it
    context = {
        "meeting": meeting,
        "items": items,
        "member": member,
        "default_public_mode": PUBLIC_MODE_LABELS.get(default, default),
    }
    return render(request, "council/meeting_detail.html", context)


@login_not_required
def meeting_ics(request):
    """iCalendar feed of the council's meetings for calendar apps: the next 24 and the last 24 of
    the past 400 days (cancelled ones marked). Public.

    Calendar apps poll it: the page cache (apps/pagecache/) serves it until a table it read is written."""
    response = HttpResponse(_meeting_calendar(request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="quartiersrat.ics"'
    return response


def _meeting_calendar(request) -> bytes:
    site = SiteSettings.load()
    now = timezone.now()
    # Plain rows; the upcoming ones first: should long agendas reach the byte limit, the oldest are
    # left out. (Not one UNION ALL: the page cache reads a statement's tables only when it starts
    # with SELECT or WITH, and a union of two limited lists starts with a parenthesis.)
    fields = ("pk", "number", "starts_at", "ends_at", "place", "status")
    upcoming = Meeting.objects.filter(starts_at__gte=now).order_by("starts_at", "pk").values_list(*fields)
    past = (
        Meeting.objects.filter(starts_at__gte=now - timedelta(days=ICS_PAST_DAYS), starts_at__lt=now)
        .order_by("-starts_at", "-pk")
        .values_list(*fields)
    )
    meetings = [*upcoming[:ICS_UPCOMING_EVENTS], *past[:ICS_PAST_EVENTS]]
    agendas = defaultdict(list)
    public_items = AgendaItem.objects.filter(meeting__in=[row[0] for row in meetings], is_confidential=False)
    for meeting_id, position, title in public_items.order_by("meeting_id", "position").values_list(
        "meeting_id", "position", "title"
    ):
        agendas[meeting_id].append(f"{position}. {title}")
    calendar = ICalendar(
        prodid="-//Kiezportal//Quartiersrat//DE",
        name=f"{site.council_name} – {site.area_name}",
        max_bytes=ICS_MAX_BYTES,
    )
    host, base, detail = site_host(), site_url(), path_of("council:meeting_detail")
    agenda_label, meeting_label = _("Agenda"), _("%(number)s. meeting")  # as Meeting.__str__
    for pk, number, starts_at, ends_at, place, status in meetings:
        agenda = "\n".join(agendas[pk])
        added = calendar.event(
            uid=f"council-meeting-{pk}@{host}",
            start=starts_at,
            end=ends_at or starts_at + timedelta(hours=2),
            summary=f"{site.council_name}: {meeting_label % {'number': number}}",
            location=place,
            description=f"{agenda_label}:\n{agenda}" if agenda else "",
            url=f"{base}{detail(pk)}",
            status="CANCELLED" if status == MeetingStatus.CANCELLED else "CONFIRMED",
        )
        if not added:
            break
    return calendar.to_bytes()


@role_required(Role.COUNCIL)
def my_meetings(request):
    """The meetings of the terms in which the logged-in council member holds a seat. Council members only."""
    term_ids = Membership.objects.active().filter(user=request.user).values("term_id")
    meetings = Meeting.objects.filter(term_id__in=term_ids).select_related("term").order_by("-starts_at")
    now = timezone.now()
    page_obj = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/my_meetings.html",
        {
            "upcoming": _with_urls(Meeting.objects.upcoming(now).filter(term_id__in=term_ids)[:5]),
            "meetings": _with_urls(page_obj.object_list),
            "page_obj": page_obj,
            "now": now,
        },
    )


@login_not_required
def document_download(request, pk):
    """A document of an agenda item. Public documents of public items: anyone; confidential
    items and internal documents: council members of the meeting's term and the QM team
    (everyone else gets 404, so the document's existence is not revealed)."""
    document = get_object_or_404(AgendaDocument.objects.select_related("agenda_item__meeting"), pk=pk)
    if document.is_confidential and not is_term_member(request.user, document.agenda_item.meeting.term_id):
        raise Http404
    return serve_private_file(request, document.file, title=document.title)


@login_not_required
def minutes_download(request, pk, version):
    """The minutes PDF of a meeting. Public version: anyone; internal version: council members of
    the meeting's term and the QM team (others get 404)."""
    if version not in ("oeffentlich", "intern"):
        raise Http404
    meeting = get_object_or_404(Meeting, pk=pk)
    if version == "intern":
        if not is_term_member(request.user, meeting.term_id):
            raise Http404
        field = meeting.minutes_internal_pdf
        filename = _("Internal minutes of the %(number)s. meeting") % {"number": meeting.number}
    else:
        field = meeting.minutes_public_pdf
        filename = _("Minutes of the %(number)s. meeting") % {"number": meeting.number}
    return serve_private_file(request, field, title=filename)


@login_not_required
def member_photo(request, pk):
    """A council member's photo: anyone when the member consented to a public photo; otherwise
    the QM team only (404 for everyone else)."""
    membership = get_object_or_404(Membership.objects.only("pk", "photo", "consent_photo"), pk=pk)
    if not membership.consent_photo and not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    return serve_private_file(request, membership.photo, title=_("photo"), public=membership.consent_photo)


# --- Printing for the QM team: invitations by post and the member list --------------------------


@role_required(Role.QM_TEAM)
def meeting_letters(request, pk):
    """Printable invitation letters for the members invited by post (``?alle=1``: every member).
    QM team only."""
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    everyone = request.GET.get("alle") == "1"
    members = invited_members(meeting) if everyone else postal_members(meeting)
    context = {
        "meeting": meeting,
        "members": members,
        "everyone": everyone,
        "agenda_items": list(meeting.agenda_items.all()),
        "today": timezone.localdate(),
    }
    return render(request, "council/print/letters.html", context)


@role_required(Role.QM_TEAM)
def meeting_member_list(request, pk):
    """Printable list of the meeting's members with how each is invited and a column to sign in.
    QM team only."""
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    return render(request, "council/print/member_list.html", {"meeting": meeting, "members": invited_members(meeting)})
