"""The names each office chooses (council, jury, concept) appear on pages, in the navigation and
in mails, in every language (issue #19)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.actionfund.tests.factories import FundYearFactory
from apps.pages.models import SiteSettings

pytestmark = pytest.mark.django_db

NAV_CONCEPT = {"de": "Aktionsplan", "en": "Action plan", "tr": "Eylem Planı", "ar": "خطة العمل"}


@pytest.fixture
def names():
    settings = SiteSettings.load()
    settings.council_name = "WrangelkiezRat"
    settings.jury_name = "Vergabejury"
    settings.concept_kind = "action_plan"
    settings.save()
    return settings


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
def test_navigation_and_pages_use_the_chosen_names_in_every_language(client, names, language):
    FundYearFactory()
    headers = {"accept-language": language}
    home = client.get(reverse("pages:home"), headers=headers).content.decode()
    assert f">{NAV_CONCEPT[language]}</a>" in home
    assert ">WrangelkiezRat</a>" in home
    actionfund = client.get(reverse("actionfund:index"), headers=headers).content.decode()
    assert "Vergabejury" in actionfund
    plan = client.get(reverse("actionplan:index"), headers=headers).content.decode()
    assert f"<h1>{NAV_CONCEPT[language]}</h1>" in plan


def test_the_concept_kind_renames_the_menu_entry(client, names):
    names.concept_kind = "ihek"
    names.save()
    assert ">IHEK</a>" in client.get(reverse("pages:home")).content.decode()
    names.concept_kind = "final_plan"
    names.save()
    assert ">Abschlussplan</a>" in client.get(reverse("pages:home")).content.decode()


def test_the_council_invitation_names_the_council(names, qm_staff, make_user, mailoutbox):
    from django.utils import timezone

    from apps.council.services import meeting_invite
    from apps.council.tests.factories import MeetingFactory, MembershipFactory

    member = MembershipFactory(user=make_user("council"))
    meeting = MeetingFactory(term=member.term, starts_at=timezone.now() + timedelta(days=3))
    meeting_invite(meeting=meeting, by=qm_staff)
    assert "WrangelkiezRat" in mailoutbox[0].subject
    assert "WrangelkiezRat" in mailoutbox[0].body


def test_the_oparl_organisations_carry_the_chosen_names(client, names):
    council = client.get(reverse("oparl:organization", kwargs={"slug": "quartiersrat"})).json()
    jury = client.get(reverse("oparl:organization", kwargs={"slug": "aktionsfondsjury"})).json()
    assert council["name"] == "WrangelkiezRat" and jury["name"] == "Vergabejury"
    assert jury["classification"] == "Aktionsfondsjury"  # the generic kind of body
