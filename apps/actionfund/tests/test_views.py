import io
import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.actionfund import services
from apps.actionfund.models import (
    Application,
    ApplicationStatus,
    Attachment,
    ProofOfUse,
    Round,
    RoundStatus,
    Vote,
)

from .factories import ApplicationFactory, FundYearFactory, RoundFactory, qm_user

pytestmark = pytest.mark.django_db
S = ApplicationStatus
MAX_QUERIES = 15


def application_data(**overrides) -> dict:
    start = timezone.localdate() + timedelta(days=40)
    data = {
        "applicant_name": "Erika Beispiel",
        "initiative": "",
        "email": "erika@example.org",
        "phone": "",
        "address": "",
        "title": "Hoffest in der Beispielstraße 5",
        "description": "Ein Nachmittag mit Kuchen, Musik und Spielen im Hof.",
        "target_group": "Alle Mieterinnen und Mieter, besonders Kinder",
        "location": "Hof der Beispielstraße 5",
        "starts_on": start.isoformat(),
        "ends_on": start.isoformat(),
        "participation": "Alle bringen etwas mit.",
        "contribution": "Wir organisieren ehrenamtlich.",
        "criteria": ["crit_contact", "crit_culture"],
        "consent_privacy": "on",
        "costs-TOTAL_FORMS": "5",
        "costs-INITIAL_FORMS": "0",
        "costs-MIN_NUM_FORMS": "1",
        "costs-MAX_NUM_FORMS": "20",
        "costs-0-description": "Bierbänke leihen",
        "costs-0-kind": "material",
        "costs-0-amount": "250.00",
        "costs-1-description": "Musikerin",
        "costs-1-kind": "fee",
        "costs-1-reason": "Live-Musik für Kinder",
        "costs-1-amount": "300",
        **{f"costs-{i}-kind": "material" for i in range(2, 5)},
    }
    data.update(overrides)
    return data


@pytest.fixture
def qm_admin(qm_staff):
    """A QM team member with the group's permissions (a flush by transactional tests drops them)."""
    from apps.accounts.roles import grant_qm_team_permissions

    grant_qm_team_permissions()
    return type(qm_staff).objects.get(pk=qm_staff.pk)


@pytest.fixture
def fund_year():
    return FundYearFactory()


def test_index_shows_budget_and_realised_projects(client, fund_year, django_assert_max_num_queries):
    ApplicationFactory(fund_year=fund_year, status=S.APPROVED, granted_amount=Decimal("400"))
    for i in range(8):
        application = ApplicationFactory(fund_year=fund_year, status=S.CLOSED, granted_amount=Decimal("100"),
                                         title=f"Projekt {i}")  # fmt: skip
        ProofOfUse.objects.create(application=application, report="Toll")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("actionfund:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "1.200,00\xa0€" in content  # granted: 400 + 8 x 100
    assert "8.800,00\xa0€" in content  # left
    assert len(response.context["projects"]) == 6
    assert client.get(reverse("actionfund:index") + "?page=2").status_code == 200
    assert response.context["page_obj"].paginator.count == 8
    ApplicationFactory(fund_year=fund_year, status=S.CLOSED, granted_amount=Decimal("100"))  # renews the cached total
    assert client.get(reverse("actionfund:index")).context["page_obj"].paginator.count == 9
    fund_year.is_published = False
    fund_year.save()  # an unpublished year's projects leave the list at once
    assert client.get(reverse("actionfund:index")).context["page_obj"].paginator.count == 0


def test_realised_projects_show_the_applicants_name_only_as_they_chose(client, fund_year):
    for title, name, choice in [("Ohne Namen", "Erika Versteckt", "none"), ("Mit Namen", "Paul Offen", "full"),
                                ("Mit Initial", "Lena Kurz", "initial")]:  # fmt: skip
        application = ApplicationFactory(fund_year=fund_year, status=S.CLOSED, granted_amount=Decimal("100"),
                                         title=title, applicant_name=name, name_display=choice)  # fmt: skip
        ProofOfUse.objects.create(application=application, report="Toll")
    content = client.get(reverse("actionfund:index")).content.decode()
    assert "Ohne Namen" in content and "Versteckt" not in content and "Erika" not in content
    assert "Paul Offen" in content
    assert "Lena K." in content and "Lena Kurz" not in content


def test_an_application_without_a_choice_publishes_no_name_and_organisation_needs_a_group(client, fund_year):
    response = client.post(reverse("actionfund:apply"), application_data(name_display="organisation"))
    assert response.status_code == 200 and "name_display" in response.context["form"].errors
    response = client.post(reverse("actionfund:apply"), application_data())
    assert response.status_code == 302
    assert Application.objects.get().name_display == "none"


def test_only_the_first_cost_row_is_marked_required_and_a_half_filled_row_is_refused(client, fund_year):
    formset = client.get(reverse("actionfund:apply")).context["formset"]
    assert formset.forms[0].fields["amount"].required
    assert not any(form.fields[name].required for form in formset.forms[1:] for name in ("description", "amount"))
    response = client.post(reverse("actionfund:apply"), application_data(**{"costs-2-description": "Plakate"}))
    assert response.status_code == 200
    row = response.context["formset"].forms[2]
    assert "amount" in row.errors and "description" not in row.errors
    assert response.context["form"]["title"].value() == "Hoffest in der Beispielstraße 5"
    assert not Application.objects.exists()


def test_anonymous_application_needs_email_confirmation(client, fund_year):
    response = client.post(reverse("actionfund:apply"), application_data())
    assert response.status_code == 302, response.context["form"].errors
    application = Application.objects.get()
    assert application.status == S.UNCONFIRMED
    assert application.requested_amount == Decimal("550.00")
    assert application.cost_items.count() == 2
    assert "bestätigen" in client.get(response.url).content.decode()
    confirm_url = re.search(r"https?://\S+/bestaetigen/\S+/", mail.outbox[0].body).group(0)
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    response = client.get(urlparse(confirm_url).path)
    assert response.status_code == 200 and "Antrag bestätigen" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.UNCONFIRMED
    response = client.post(urlparse(confirm_url).path)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert list(application.status_changes.values_list("to_status", flat=True)) == [S.UNCONFIRMED, S.SUBMITTED]
    page = client.get(response.url)
    assert "Hoffest in der Beispielstraße 5" in page.content.decode()
    assert "Eingereicht" in page.content.decode()
    assert len(mail.outbox) == 2


def test_application_with_allowance_and_logged_in_user_is_submitted_at_once(client, fund_year, resident):
    client.force_login(resident)
    response = client.post(reverse("actionfund:apply"), application_data(wants_allowance="on"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.user == resident and application.status == S.SUBMITTED
    assert application.allowance == Decimal("55.00") and application.requested_amount == Decimal("605.00")
    assert "Hoffest" in client.get(reverse("actionfund:my_applications")).content.decode()


def test_application_above_the_maximum_is_refused_with_a_clear_message(client, fund_year):
    data = application_data(**{"costs-0-amount": "1300", "wants_allowance": "on"})
    response = client.post(reverse("actionfund:apply"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "1.760,00\xa0€ liegt über dem Höchstbetrag von 1.500,00\xa0€" in content
    assert 'value="Hoffest in der Beispielstraße 5"' in content  # input kept
    assert not Application.objects.exists()


def test_action_starting_before_the_next_jury_meeting_is_refused(client, fund_year):
    RoundFactory(fund_year=fund_year, date=timezone.now() + timedelta(days=20))
    early = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(reverse("actionfund:apply"), application_data(starts_on=early, ends_on=early))
    assert response.status_code == 200
    assert "nach der Jurysitzung" in response.content.decode()
    assert not Application.objects.exists()


def test_fee_without_reason_and_missing_criteria_are_refused(client, fund_year):
    data = application_data(**{"costs-1-reason": ""})
    data.pop("criteria")
    response = client.post(reverse("actionfund:apply"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Honorar" in content and "Kriterium" in content
    assert not Application.objects.exists()


def test_bad_input_never_gives_a_server_error(client, fund_year):
    data = application_data(**{"costs-0-amount": "viel", "starts_on": "gestern", "costs-TOTAL_FORMS": "x"})
    assert client.post(reverse("actionfund:apply"), data).status_code in (200, 400)


def test_apply_without_a_fund_year_explains_that_applying_is_closed(client):
    response = client.get(reverse("actionfund:apply"))
    assert response.status_code == 200
    assert response.context["fund_year"] is None


def test_status_page_with_a_forged_token_is_404(client):
    application = ApplicationFactory()
    assert client.get(reverse("actionfund:status", kwargs={"token": f"{application.pk}:forged"})).status_code == 404


def test_status_page_query_count(client, django_assert_max_num_queries):
    application = ApplicationFactory()
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(application.get_status_url()).status_code == 200


def test_applicants_see_only_their_own_applications_and_files(client, make_user):
    owner, other = make_user("resident"), make_user("resident")
    mine = ApplicationFactory(user=owner, title="Meine Aktion")
    theirs = ApplicationFactory(user=other, title="Fremde Aktion")
    item = Attachment.objects.create(application=theirs, title="plan.pdf",
                                     file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"))  # fmt: skip
    client.force_login(owner)
    content = client.get(reverse("actionfund:my_applications")).content.decode()
    assert "Meine Aktion" in content and "Fremde Aktion" not in content
    url = reverse("actionfund:attachment", kwargs={"pk": item.pk})
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?t={mine.status_token}").status_code == 404  # a link to another application
    client.force_login(other)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(f"{url}?t={theirs.status_token}").status_code == 200


# --- jury page --------------------------------------------------------------------------------


@pytest.fixture
def jury_setup(make_user):
    jurors = [make_user("juror") for _ in range(3)]
    year = FundYearFactory(jurors=jurors)
    round = RoundFactory(fund_year=year)
    applications = [ApplicationFactory(fund_year=year) for _ in range(2)]
    for application in applications:
        services.round_add_application(round=round, application=application, by=qm_user())
    services.round_open(round=round, by=qm_user())
    return jurors, Round.objects.get(pk=round.pk), applications


def test_jury_page_shows_the_open_round_and_progress(client, jury_setup):
    jurors, round, applications = jury_setup
    services.jury_vote_cast(juror=jurors[0], application=applications[0], choice="yes")
    client.force_login(jurors[0])
    response = client.get(reverse("actionfund:jury"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sie haben über 1 von 2 Anträgen abgestimmt" in content
    assert applications[1].title in content and "htmx.min.js" in content


def test_two_open_rounds_both_reachable_from_the_jury_page_with_their_progress(client, make_user):
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    early = RoundFactory(fund_year=year, date=timezone.now() + timedelta(days=5))
    late = RoundFactory(fund_year=year, date=timezone.now() + timedelta(days=9))
    first = ApplicationFactory(fund_year=year, title="Hoffest im Hinterhof")
    second = ApplicationFactory(fund_year=year, title="Lesecafé für Kinder")
    third = ApplicationFactory(fund_year=year, title="Sommerkino")
    services.round_add_application(round=early, application=first, by=qm_user())
    services.round_add_application(round=late, application=second, by=qm_user())
    services.round_add_application(round=late, application=third, by=qm_user())
    services.round_open(round=early, by=qm_user())
    services.round_open(round=late, by=qm_user())
    services.jury_vote_cast(juror=juror, application=second, choice="yes")
    client.force_login(juror)
    content = client.get(reverse("actionfund:jury")).content.decode()
    # The earlier round is shown first; the chooser lists both with the juror's own progress.
    assert "Hoffest im Hinterhof" in content and "Lesecafé für Kinder" not in content
    assert "Zur Abstimmung geöffnete Sitzungen" in content
    assert "0 von 1 abgestimmt" in content and "1 von 2 abgestimmt" in content
    assert late.get_absolute_url() in content
    content = client.get(late.get_absolute_url()).content.decode()
    assert "Lesecafé für Kinder" in content and "Sommerkino" in content
    assert early.get_absolute_url() in content


def test_the_jury_page_lists_the_latest_past_rounds_and_pages_to_older_ones(client, make_user):
    """Past rounds grow with the years: twelve a page, newest first; the page's queries stay fixed."""
    from apps.actionfund.views import PAST_ROUNDS_PER_PAGE

    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    rounds = [
        RoundFactory(fund_year=year, status=RoundStatus.DECIDED, date=timezone.now() - timedelta(days=30 * n))
        for n in range(1, PAST_ROUNDS_PER_PAGE + 3)
    ]
    client.force_login(juror)
    content = client.get(reverse("actionfund:jury")).content.decode()
    assert rounds[0].get_absolute_url() in content and rounds[PAST_ROUNDS_PER_PAGE - 1].get_absolute_url() in content
    assert rounds[PAST_ROUNDS_PER_PAGE].get_absolute_url() not in content
    assert "?runden=2" in content
    older = client.get(reverse("actionfund:jury") + "?runden=2").content.decode()
    assert rounds[-1].get_absolute_url() in older and rounds[0].get_absolute_url() not in older
    assert client.get(rounds[-1].get_absolute_url()).status_code == 200


def test_other_jurors_votes_are_invisible_until_the_round_closes(client, jury_setup):
    jurors, round, applications = jury_setup
    services.jury_vote_cast(juror=jurors[1], application=applications[0], choice="no", comment="Geheimer Kommentar")
    client.force_login(jurors[0])
    content = client.get(reverse("actionfund:jury")).content.decode()
    assert "Geheimer Kommentar" not in content
    assert "Gespeichert" not in content
    assert "Ergebnis" not in content
    services.round_close(round=round, by=qm_user())
    content = client.get(reverse("actionfund:jury_round", kwargs={"pk": round.pk})).content.decode()
    assert "Ergebnis" in content
    assert "<td>0</td><td>1</td><td>0</td><td>0</td><td>2</td>" in content


def test_jury_page_query_count_with_30_applications(client, make_user, django_assert_max_num_queries):
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    round = RoundFactory(fund_year=year)
    for _ in range(30):
        services.round_add_application(round=round, application=ApplicationFactory(fund_year=year), by=qm_user())
    services.round_open(round=round, by=qm_user())
    for application in round.applications.all()[:10]:
        services.jury_vote_cast(juror=juror, application=application, choice="yes")
    client.force_login(juror)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("actionfund:jury"))
    assert "10 von 30" in response.content.decode()
    services.round_close(round=round, by=qm_user())
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("actionfund:jury_round", kwargs={"pk": round.pk}))
    assert response.status_code == 200


def test_jury_pages_count_progress_and_tally_without_extra_queries(client, make_user):
    """The open round's progress comes with the list of open rounds and a closed round's total with
    its tallies (the jurors counted in the same query): no query of their own. (The layout's site
    settings, kept per process, are left out of the count.)"""
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror, make_user("juror")])
    round = RoundFactory(fund_year=year)
    for _ in range(12):
        services.round_add_application(round=round, application=ApplicationFactory(fund_year=year), by=qm_user())
    services.round_open(round=round, by=qm_user())
    for application in round.applications.order_by("pk")[:5]:  # on the first page
        services.jury_vote_cast(juror=juror, application=application, choice="yes")
    client.force_login(juror)

    def queries(url: str) -> tuple[list[str], str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return [q["sql"] for q in captured.captured_queries if '"pages_' not in q["sql"]], response.content.decode()

    # user, roles, the rounds (open with progress, past), the page of applications (with their cost
    # items, attachments and the juror's own votes)
    sql, content = queries(reverse("actionfund:jury"))
    assert len(sql) == 4, "\n".join(sql)
    assert "5 von 12" in content
    services.round_close(round=round, by=qm_user())
    # user, roles, the rounds (this one with its total, open, past), the page of applications (with
    # cost items, attachments, own votes and the tallies)
    sql, content = queries(reverse("actionfund:jury_round", kwargs={"pk": round.pk}))
    assert len(sql) == 4, "\n".join(sql)
    assert "Anträge 1 bis 10 von 12" in content
    assert content.count("<td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>") == 5  # yes, one not voted


@pytest.fixture
def round_of_30(make_user):
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    round = RoundFactory(fund_year=year)
    for _ in range(30):
        services.round_add_application(round=round, application=ApplicationFactory(fund_year=year), by=qm_user())
    services.round_open(round=round, by=qm_user())
    return juror, Round.objects.get(pk=round.pk), list(round.applications.order_by("pk"))


def test_jury_page_shows_ten_applications_a_page_and_the_progress_of_the_whole_round(client, round_of_30):
    juror, round, applications = round_of_30
    for application in applications[25:]:
        services.jury_vote_cast(juror=juror, application=application, choice="no")
    client.force_login(juror)
    content = client.get(reverse("actionfund:jury")).content.decode()
    assert "Sie haben über 5 von 30 Anträgen abgestimmt" in content
    assert content.count('class="vote-form') == 10
    assert f'id="antrag-{applications[9].pk}"' in content and f'id="antrag-{applications[10].pk}"' not in content
    assert "Seite 1 von 3" in content and 'href="?page=2"' in content
    assert len(content.encode()) < 100_000
    content = client.get(reverse("actionfund:jury") + "?page=3").content.decode()
    assert f'id="antrag-{applications[29].pk}"' in content and f'id="antrag-{applications[19].pk}"' not in content
    assert "Sie haben über 5 von 30 Anträgen abgestimmt" in content
    assert content.count(" required checked>") == 5  # own votes preselected
    assert (
        f'name="a{applications[29].pk}-vote" value="no" id="id_a{applications[29].pk}-vote_1" required checked>'
        in content
    )
    content = client.get(reverse("actionfund:jury_round", kwargs={"pk": round.pk}) + "?page=2").content.decode()
    assert f'id="antrag-{applications[10].pk}"' in content and "Seite 2 von 3" in content


def test_vote_form_keeps_labels_legend_and_the_saved_comment(client, jury_setup):
    jurors, round, applications = jury_setup
    services.jury_vote_cast(juror=jurors[0], application=applications[0], choice="abstain", comment="Zu teuer")
    client.force_login(jurors[0])
    content = client.get(reverse("actionfund:jury")).content.decode()
    pk = applications[0].pk
    assert "<legend" in content and "Ihre Stimme" in content
    assert (
        f'<label for="id_a{pk}-vote_3" class="form-check-label">Ich bin befangen (ich stimme nicht ab)</label>'
        in content
    )
    assert f'name="a{pk}-vote" value="abstain" id="id_a{pk}-vote_2" required checked>' in content
    assert f'<label for="id_a{pk}-comment"' in content and "Zu teuer</textarea>" in content
    assert 'maxlength="2000"' in content  # from VoteForm's field
    assert "Gespeichert: Enthaltung" in content


def test_jury_cards_escape_what_applicants_wrote(client, jury_setup):
    """The cards are built in Python (jury_cards.py): every text from an application is escaped,
    open (vote form) and closed (tally)."""
    jurors, round, applications = jury_setup
    Application.objects.filter(pk=applications[0].pk).update(
        title='<b>"Fest" & Spiel</b>', applicant_name="<i>Ada</i>", description="Zeile 1\n<script>x</script>"
    )
    services.jury_vote_cast(juror=jurors[0], application=applications[0], choice="yes", comment="</textarea><b>")
    client.force_login(jurors[0])
    opened = client.get(reverse("actionfund:jury")).content.decode()
    assert "&lt;/textarea&gt;&lt;b&gt;</textarea>" in opened  # the saved comment
    services.round_close(round=round, by=qm_user())
    closed = client.get(reverse("actionfund:jury_round", kwargs={"pk": round.pk})).content.decode()
    for content in (opened, closed):
        assert "<b>" not in content and "<i>Ada" not in content and "<script>x" not in content
        assert "&lt;b&gt;&quot;Fest&quot; &amp; Spiel&lt;/b&gt;" in content
        assert "Zeile 1<br>&lt;script&gt;x&lt;/script&gt;" in content


def test_vote_from_a_later_page_redirects_back_to_that_page(client, round_of_30):
    juror, round, applications = round_of_30
    client.force_login(juror)
    url = reverse("actionfund:jury_round", kwargs={"pk": round.pk})
    for index, expected in ((0, f"{url}#antrag-"), (10, f"{url}?page=2#antrag-"), (29, f"{url}?page=3#antrag-")):
        application = applications[index]
        response = client.post(
            reverse("actionfund:jury_vote", kwargs={"pk": application.pk}), {f"a{application.pk}-vote": "yes"}
        )
        assert response.status_code == 302 and response.url == f"{expected}{application.pk}"
    response = client.get(response.url)
    content = response.content.decode()
    assert "Sie haben über 3 von 30 Anträgen abgestimmt" in content
    assert f'id="antrag-{applications[29].pk}"' in content


def test_vote_by_plain_form_redirects_back_to_the_application(client, jury_setup):
    jurors, round, applications = jury_setup
    client.force_login(jurors[0])
    application = applications[0]
    url = reverse("actionfund:jury_vote", kwargs={"pk": application.pk})
    response = client.post(url, {f"a{application.pk}-vote": "recused"})
    assert response.status_code == 302 and response.url.endswith(f"#antrag-{application.pk}")
    vote = Vote.objects.get()
    assert vote.recused and vote.choice == ""


def test_vote_with_htmx_returns_the_status_partial(client, jury_setup):
    jurors, round, applications = jury_setup
    client.force_login(jurors[0])
    application = applications[1]
    url = reverse("actionfund:jury_vote", kwargs={"pk": application.pk})
    response = client.post(url, {f"a{application.pk}-vote": "yes"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Gespeichert: Ja" in content
    assert 'hx-swap-oob="true"' in content and "1 von 2" in content
    assert "<html" not in content


def test_vote_without_choice_shows_an_error_and_saves_nothing(client, jury_setup):
    jurors, round, applications = jury_setup
    client.force_login(jurors[0])
    url = reverse("actionfund:jury_vote", kwargs={"pk": applications[0].pk})
    response = client.post(url, {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "text-danger" in response.content.decode()
    assert not Vote.objects.exists()


def test_vote_after_closing_is_refused_on_the_page(client, jury_setup):
    jurors, round, applications = jury_setup
    services.round_close(round=round, by=qm_user())
    client.force_login(jurors[0])
    url = reverse("actionfund:jury_vote", kwargs={"pk": applications[0].pk})
    response = client.post(url, {f"a{applications[0].pk}-vote": "yes"}, follow=True)
    assert "geschlossen" in response.content.decode()
    assert not Vote.objects.exists()


def test_juror_of_another_year_gets_404_for_the_round_and_the_vote(client, jury_setup, make_user):
    jurors, round, applications = jury_setup
    other = make_user("juror")
    FundYearFactory(year=round.fund_year.year - 1, jurors=[other])
    client.force_login(other)
    assert client.get(reverse("actionfund:jury_round", kwargs={"pk": round.pk})).status_code == 404
    url = reverse("actionfund:jury_vote", kwargs={"pk": applications[0].pk})
    assert client.post(url, {f"a{applications[0].pk}-vote": "yes"}).status_code == 404
    assert "keine Jurysitzung" in client.get(reverse("actionfund:jury")).content.decode()


def test_jury_page_roles(client, resident, qm_staff):
    url = reverse("actionfund:jury")
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(qm_staff)
    assert client.get(url).status_code == 403  # the QM team never votes


def test_jurors_of_the_round_may_open_attachments(client, jury_setup):
    jurors, round, applications = jury_setup
    item = Attachment.objects.create(application=applications[0], title="plan.pdf",
                                     file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"))  # fmt: skip
    client.force_login(jurors[0])
    assert client.get(reverse("actionfund:attachment", kwargs={"pk": item.pk})).status_code == 200


# --- proof of use --------------------------------------------------------------------------------


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "#2e7d32").save(buffer, "JPEG")
    return buffer.getvalue()


def proof_data(receipt_file, photo=None) -> dict:
    data = {
        "report": "Rund 60 Nachbarinnen und Nachbarn kamen.",
        "receipts-TOTAL_FORMS": "4", "receipts-INITIAL_FORMS": "0",
        "receipts-MIN_NUM_FORMS": "1", "receipts-MAX_NUM_FORMS": "30",
        "receipts-0-description": "Bierbänke", "receipts-0-paid_on": "2026-05-02", "receipts-0-amount": "250",
        "receipts-0-file": receipt_file,
        "photos-TOTAL_FORMS": "3", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "10",
    }  # fmt: skip
    if photo:
        data.update({"photos-0-image": photo, "photos-0-alt_text": "Kinder spielen im Hof"})
    return data


def test_proof_of_use_upload_with_receipt_and_photo(client, django_assert_max_num_queries):
    application = ApplicationFactory(status=S.PAID, granted_amount=Decimal("500"))
    url = reverse("actionfund:proof", kwargs={"token": application.status_token})
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    data = proof_data(SimpleUploadedFile("beleg.jpg", _jpeg(), "image/jpeg"),
                      SimpleUploadedFile("foto.jpg", _jpeg(), "image/jpeg"))  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["receipts"].errors
    application.refresh_from_db()
    assert application.status == S.PROOF_SUBMITTED
    assert application.proof.receipts.get().amount == Decimal("250.00")
    assert application.proof.photos.get().alt_text == "Kinder spielen im Hof"


def test_proof_receipt_must_be_pdf_or_picture(client):
    application = ApplicationFactory(status=S.PAID, granted_amount=Decimal("500"))
    url = reverse("actionfund:proof", kwargs={"token": application.status_token})
    response = client.post(url, proof_data(SimpleUploadedFile("beleg.txt", b"nur Text", "text/plain")))
    assert response.status_code == 200
    assert "Format PDF, JPEG, PNG oder WebP" in response.content.decode()
    assert not ProofOfUse.objects.exists()


# --- admin --------------------------------------------------------------------------------------


def test_admin_round_actions_and_tally(client, qm_admin, jury_setup, django_capture_on_commit_callbacks):
    jurors, round, applications = jury_setup
    services.jury_vote_cast(juror=jurors[0], application=applications[0], choice="yes")
    services.jury_vote_cast(juror=jurors[1], application=applications[0], choice="yes")
    client.force_login(qm_admin)
    change_url = reverse("admin:actionfund_round_change", args=[round.pk])
    assert "bis zum Ende der Abstimmung verborgen" in client.get(change_url).content.decode()
    changelist = reverse("admin:actionfund_round_changelist")
    client.post(changelist, {"action": "status_closed", "_selected_action": [round.pk]})
    assert Round.objects.get(pk=round.pk).status == RoundStatus.CLOSED
    assert "2 / 0 / 0 / 0 / 1" in client.get(change_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "record_decisions", "_selected_action": [round.pk]})
    assert Application.objects.get(pk=applications[0].pk).status == S.APPROVED
    assert Application.objects.get(pk=applications[1].pk).status == S.REJECTED
    assert Round.objects.get(pk=round.pk).status == RoundStatus.DECIDED


def test_admin_postpones_an_application_of_a_closed_round(
    client, qm_admin, jury_setup, django_capture_on_commit_callbacks
):
    jurors, round, applications = jury_setup
    services.round_close(round=round, by=qm_user())
    client.force_login(qm_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:actionfund_application_changelist"),
                    {"action": "status_postponed", "_selected_action": [applications[0].pk]})  # fmt: skip
    application = Application.objects.get(pk=applications[0].pk)
    assert application.status == S.POSTPONED and application.round_id == round.pk
    assert mail.outbox[-1].to == [application.email]


def test_admin_puts_applications_on_a_round_and_opens_it(client, qm_admin, fund_year):
    round = RoundFactory(fund_year=fund_year)
    application = ApplicationFactory(fund_year=fund_year)
    client.force_login(qm_admin)
    changelist = reverse("admin:actionfund_application_changelist")
    client.post(changelist, {"action": "put_on_next_round", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == S.IN_ROUND and application.round == round
    client.post(reverse("admin:actionfund_round_changelist"), {"action": "status_open", "_selected_action": [round.pk]})
    assert Round.objects.get(pk=round.pk).status == RoundStatus.OPEN


def test_admin_pages_and_csv_export(client, qm_admin, fund_year):
    application = ApplicationFactory(fund_year=fund_year, status=S.APPROVED, granted_amount=Decimal("300"))
    client.force_login(qm_admin)
    assert "9.700,00" in client.get(reverse("admin:actionfund_fundyear_changelist")).content.decode()
    assert client.get(reverse("admin:actionfund_fundyear_change", args=[fund_year.pk])).status_code == 200
    assert client.get(reverse("admin:actionfund_application_change", args=[application.pk])).status_code == 200
    assert client.get(reverse("admin:actionfund_round_add")).status_code == 200
    Attachment.objects.create(application=application, title="plan.pdf",
                              file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"))  # fmt: skip
    proof = ProofOfUse.objects.create(application=application, report="Bericht")
    proof.receipts.create(description="Farbe", paid_on="2026-05-01", amount=10,
                          file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"))  # fmt: skip
    assert "/aktionsfonds/anhang/" in client.get(
        reverse("admin:actionfund_application_change", args=[application.pk])).content.decode()  # fmt: skip
    assert "/aktionsfonds/beleg/" in client.get(
        reverse("admin:actionfund_proofofuse_change", args=[proof.pk])).content.decode()  # fmt: skip
    response = client.post(reverse("admin:actionfund_application_changelist"),
                           {"action": "export_csv", "_selected_action": [application.pk]})  # fmt: skip
    assert response["Content-Type"].startswith("text/csv")
    assert application.title in response.content.decode("utf-8-sig")


def test_admin_payout_sends_mail_and_history(client, qm_admin):
    application = ApplicationFactory(status=S.APPROVED, granted_amount=Decimal("300"))
    client.force_login(qm_admin)
    client.post(reverse("admin:actionfund_application_changelist"),
                {"action": "status_paid", "_selected_action": [application.pk]})  # fmt: skip
    application.refresh_from_db()
    assert application.status == S.PAID
    assert application.status_changes.last().by == qm_admin
    assert mail.outbox[-1].to == [application.email]


def test_opening_a_second_round_of_the_year_warns_the_qm_team(make_user):
    year = FundYearFactory()
    first, second = RoundFactory(fund_year=year), RoundFactory(fund_year=year)
    for round in (first, second):
        services.round_add_application(round=round, application=ApplicationFactory(fund_year=year), by=qm_user())
    assert services.round_open(round=first, by=qm_user()) == []
    (warning,) = services.round_open(round=second, by=qm_user())
    assert str(first) in warning and "ebenfalls" in warning


def test_amounts_in_the_form_help_and_errors_are_in_german_format(client, fund_year):
    content = client.get(reverse("actionfund:apply")).content.decode()
    assert "1.500,00\xa0€" in content and "1500.00" not in content
    data = application_data(**{"costs-0-amount": "2000.00"})
    content = client.post(reverse("actionfund:apply"), data).content.decode()
    assert "2.300,00\xa0€" in content and "1.500,00\xa0€" in content
