from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.council.models import AgendaDocument, AgendaItem, Attendance, Meeting, Membership, Term

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    name = factory.Sequence(lambda n: f"Wahlperiode {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    ends_on = factory.LazyAttribute(lambda term: term.starts_on + timedelta(days=730))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    term = factory.SubFactory(TermFactory)
    display_name = factory.Sequence(lambda n: f"Mitglied {n}.")
    seat_type = Membership.SeatType.RESIDENT
    has_vote = True
    valid_from = factory.LazyAttribute(lambda seat: seat.term.starts_on)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: 1000 + n)  # explicit numbers below 1000 never collide
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    place = "Nachbarschaftshaus, Beispielstraße 12"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")
    description = "Beschreibung des Punktes."


class AgendaDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaDocument

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Vorlage {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="vorlage.pdf"))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(MembershipFactory, term=factory.SelfAttribute("..meeting.term"))


def seated_term(*, residents: int, actors: int = 0, **kwargs) -> Term:
    """A term with the given numbers of voting resident and actor seats."""
    term = TermFactory(**kwargs)
    MembershipFactory.create_batch(residents, term=term, seat_type=Membership.SeatType.RESIDENT)
    MembershipFactory.create_batch(
        actors, term=term, seat_type=Membership.SeatType.ACTOR, organisation="Kita Sonnenschein"
    )
    return term


def meeting_with_attendance(
    *, members: int, present: int, starts_at=None, **meeting_kwargs
) -> tuple[Meeting, list[Membership]]:
    """A held meeting of a term with ``members`` voting seats, ``present`` of whom attend."""
    term = seated_term(residents=members)
    meeting = MeetingFactory(
        term=term,
        starts_at=starts_at or timezone.now() - timedelta(days=1),
        status=Meeting.Status.HELD,
        **meeting_kwargs,
    )
    seats = list(term.memberships.order_by("pk"))
    for seat in seats[:present]:
        Attendance.objects.create(meeting=meeting, membership=seat)
    return meeting, seats[:present]
