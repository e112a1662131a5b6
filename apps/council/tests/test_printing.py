"""Members without an account: invitations by e-mail only with an address and consent, the others
by letter; printable letters and the member list per meeting (issue #19)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.council.models import Meeting
from apps.council.services import invitation_recipients, meeting_invite, postal_members

from .factories import AgendaItemFactory, MeetingFactory, MembershipFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(make_user):
    term = TermFactory()
    MembershipFactory(term=term, display_name="Ali K.", user=make_user("council"))
    MembershipFactory(term=term, display_name="Berta S.", full_name="Berta Sommer", email="berta@example.org",
                      consent_email=True)  # fmt: skip
    MembershipFactory(term=term, display_name="Cem D.", full_name="Cem Demir", email="cem@example.org",
                      postal_address="Am Kanal 3\n12345 Berlin")  # fmt: skip
    MembershipFactory(term=term, display_name="Dora F.", full_name="Dora Fink", postal_address="Hofweg 9")
    meeting = MeetingFactory(term=term, number=17, starts_at=timezone.now() + timedelta(days=9), place="Kiezladen")
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    AgendaItemFactory(meeting=meeting, position=2, title="Projektantrag Lernwerkstatt", is_confidential=True)
    return meeting


def test_email_only_with_an_account_or_an_address_and_consent(meeting):
    recipients = invitation_recipients(meeting)
    assert "berta@example.org" in recipients and "cem@example.org" not in recipients
    assert len(recipients) == 2
    assert [member.letter_name for member in postal_members(meeting)] == ["Cem Demir", "Dora Fink"]


def test_sending_the_invitation_mails_two_and_notes_the_letters(meeting, qm_staff):
    assert meeting_invite(meeting=meeting, by=qm_staff) == 2
    assert len(mail.outbox) == 2 and "berta@example.org" in [m.to[0] for m in mail.outbox]
    assert "2 Mitglieder werden per Brief eingeladen" in meeting.status_changes.get().comment
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.INVITED


def test_letters_are_printed_for_the_members_invited_by_post(client, qm_staff, meeting):
    client.force_login(qm_staff)
    content = client.get(reverse("council:meeting_letters", kwargs={"pk": meeting.pk})).content.decode()
    assert content.count('class="print-letter"') == 2
    assert "Cem Demir" in content and "Am Kanal 3<br>12345 Berlin" in content and "Dora Fink" in content
    assert "Berta" not in content and "Ali K." not in content
    assert "17. Sitzung" in content and "Kiezladen" in content
    assert "Projektantrag Lernwerkstatt (vertraulich)" in content
    everyone = client.get(reverse("council:meeting_letters", kwargs={"pk": meeting.pk}) + "?alle=1")
    assert everyone.content.decode().count('class="print-letter"') == 4


def test_member_list_says_how_each_member_is_invited(client, qm_staff, meeting):
    client.force_login(qm_staff)
    response = client.get(reverse("council:meeting_member_list", kwargs={"pk": meeting.pk}))
    rows = response.content.decode().split("<tbody>")[1]
    assert rows.count("<tr>") == 4
    assert rows.count("E-Mail") == 2 and rows.count("Brief") == 2


def test_the_meeting_admin_links_to_the_printouts(admin_client, meeting):
    content = admin_client.get(reverse("admin:council_meeting_change", args=[meeting.pk])).content.decode()
    assert reverse("council:meeting_letters", kwargs={"pk": meeting.pk}) in content
    assert reverse("council:meeting_member_list", kwargs={"pk": meeting.pk}) in content


def _print_queries(client, meeting) -> list[int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in (
        reverse("council:meeting_letters", kwargs={"pk": meeting.pk}) + "?alle=1",
        reverse("council:meeting_member_list", kwargs={"pk": meeting.pk}),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_printouts_cost_the_same_queries_for_four_or_twenty_members(client, qm_staff, meeting, make_user):
    client.force_login(qm_staff)
    client.get("/")  # loads the session and the site settings, as any earlier page would
    few = _print_queries(client, meeting)
    for n in range(16):
        MembershipFactory(term=meeting.term, display_name=f"M{n}", full_name=f"Mitglied {n}",
                          user=make_user("council") if n % 2 else None, postal_address="Hofweg 1")  # fmt: skip
        AgendaItemFactory(meeting=meeting, position=10 + n, title=f"Punkt {n}")
    assert _print_queries(client, meeting) == few
    assert max(few) <= 12
