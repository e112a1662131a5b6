"""Action fund in a real browser: a resident applies, the QM team puts the application on a
round and opens it, two jurors vote (one is biased), the QM team closes the round, the decision
appears and the applicant is e-mailed. axe-core checks every page."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.actionfund import services
from apps.actionfund.models import Application, ApplicationStatus, Round, RoundStatus
from apps.actionfund.tests.factories import ApplicationFactory, FundYearFactory, RoundFactory, qm_user

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def new_page(browser, live_server, javascript=True):
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def run_admin_action(page, url: str, row_text: str, action: str) -> None:
    page.goto(url)
    page.get_by_role("row").filter(has_text=row_text).locator('input[name="_selected_action"]').check()
    page.get_by_label("Aktion:").select_option(label=action)
    page.get_by_role("button", name="Ausführen").click()


def test_resident_applies_jury_votes_and_applicant_learns_the_decision(page, browser, live_server, make_user):
    juror_a, juror_b = make_user("juror", first_name="Anna"), make_user("juror", first_name="Bert")
    qm = make_user("staff")
    year = FundYearFactory(jurors=[juror_a, juror_b])
    round_date = timezone.now() + timedelta(days=3)
    RoundFactory(fund_year=year, date=round_date, submission_deadline=timezone.now() + timedelta(days=1))
    start = (timezone.localdate() + timedelta(days=14)).isoformat()

    # A resident applies without an account.
    page.goto("/aktionsfonds/")
    assert_accessible(page)
    page.get_by_role("link", name="Jetzt beantragen").click()
    expect(page.get_by_role("heading", level=1, name="Beim Aktionsfonds beantragen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ihr Name").fill("Erika Beispiel")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Projekttitel").fill("Hoffest im Uferweg 7")
    page.get_by_label("Was soll passieren?").fill("Ein Nachmittag mit Kuchen und Musik im Hof.")
    page.get_by_label("Für wen ist die Aktion?").fill("Alle im Haus und in der Straße")
    page.get_by_label("Wo?").fill("Hof Uferweg 7")
    page.get_by_label("Beginn der Aktion").fill(start)
    page.get_by_label("Ende der Aktion").fill(start)
    page.get_by_label("Wie machen Nachbarinnen und Nachbarn mit?").fill("Alle bringen etwas mit.")
    page.get_by_label("Was bringen Sie selbst ein?").fill("Wir organisieren ehrenamtlich.")
    page.get_by_label("Nachbarschaftliche Kontakte").check()
    first_cost = page.get_by_role("group", name="Kostenposition 1")
    first_cost.get_by_label("Beschreibung").fill("Bierbänke leihen")
    first_cost.get_by_label("Betrag").fill("2000")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Antrag einreichen").click()
    # Above the maximum: a clear message, the input is kept.
    expect(page.get_by_text("liegt über dem Höchstbetrag von 1.500,00 € pro Antrag")).to_be_visible()
    expect(page.get_by_label("Projekttitel")).to_have_value("Hoffest im Uferweg 7")
    assert_accessible(page)
    page.get_by_role("group", name="Kostenposition 1").get_by_label("Betrag").fill("400")
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.get_by_role("heading", level=1, name="Antrag eingegangen")).to_be_visible()
    assert_accessible(page)

    confirm = re.search(r"https?://\S+/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlparse(confirm).path)
    assert_accessible(page)
    page.get_by_role("button", name="Antrag bestätigen").click()
    expect(page.get_by_text("Ihre E-Mail-Adresse ist bestätigt")).to_be_visible()
    expect(page.locator(".status-badge")).to_have_text("Eingereicht")
    status_path = page.url
    assert_accessible(page)

    # The QM team puts it on the round and opens voting.
    qm_page = new_page(browser, live_server)
    login(qm_page, qm.email, PASSWORD)
    run_admin_action(qm_page, "/admin/actionfund/application/", "Hoffest im Uferweg 7",
                     "Auf die nächste Jurysitzung in Vorbereitung setzen")  # fmt: skip
    expect(qm_page.locator(".messagelist")).to_contain_text("Hoffest im Uferweg 7")
    run_admin_action(qm_page, "/admin/actionfund/round/", "In Vorbereitung", "Zur Abstimmung öffnen")
    expect(qm_page.locator(".messagelist")).to_contain_text("Zur Abstimmung geöffnet")
    assert Round.objects.get(fund_year=year).status == RoundStatus.OPEN

    # Juror A votes yes with the mouse; the vote is saved in place (htmx).
    juror_page = new_page(browser, live_server)
    login(juror_page, juror_a.email, PASSWORD)
    juror_page.goto("/aktionsfonds/jury/")
    expect(juror_page.get_by_text("Sie haben über 0 von 1 Anträgen abgestimmt.")).to_be_visible()
    assert_accessible(juror_page)
    article = juror_page.get_by_role("article").filter(has_text="Hoffest im Uferweg 7")
    article.get_by_role("radio", name="Ja").check()
    article.get_by_role("button", name="Stimme speichern").click()
    expect(article.get_by_role("status")).to_have_text("Gespeichert: Ja")
    expect(juror_page.get_by_text("Sie haben über 1 von 1 Anträgen abgestimmt.")).to_be_visible()
    assert juror_page.url.endswith("/aktionsfonds/jury/")  # no page load
    assert_accessible(juror_page)

    # Juror B declares a conflict of interest, with the keyboard only; A's vote stays hidden.
    other_page = new_page(browser, live_server)
    login(other_page, juror_b.email, PASSWORD)
    other_page.goto("/aktionsfonds/jury/")
    expect(other_page.get_by_text("Gespeichert: Ja")).to_have_count(0)
    biased = other_page.get_by_role("radio", name="Ich bin befangen")
    biased.focus()
    other_page.keyboard.press("Space")
    expect(biased).to_be_checked()
    other_page.get_by_role("button", name="Stimme speichern").focus()
    other_page.keyboard.press("Enter")
    expect(other_page.get_by_role("status").filter(has_text="Gespeichert")).to_have_text(
        "Gespeichert: Ich bin befangen (ich stimme nicht ab)"
    )
    expect(other_page.get_by_role("button", name="Stimme speichern")).to_be_focused()
    assert_accessible(other_page)

    # The QM team closes the round and records the decision from the tally.
    run_admin_action(qm_page, "/admin/actionfund/round/", "Zur Abstimmung geöffnet", "Abstimmung schließen")
    expect(qm_page.locator(".messagelist")).to_contain_text("Abstimmung geschlossen")
    run_admin_action(qm_page, "/admin/actionfund/round/", "Abstimmung geschlossen",
                     "Entscheidungen aus der Auszählung übernehmen")  # fmt: skip
    expect(qm_page.locator(".messagelist")).to_contain_text("Entscheidungen übernommen")

    # The jurors see the tally and the decision.
    juror_page.goto(Round.objects.get(fund_year=year).get_absolute_url())
    expect(juror_page.get_by_text("Entscheidung (Aktionsfondsjury): bewilligt.")).to_be_visible()
    expect(juror_page.get_by_role("table", name="Stimmen zu Hoffest im Uferweg 7")).to_contain_text("1")
    assert_accessible(juror_page)

    # The applicant got the decision by e-mail and sees it on the status page.
    application = Application.objects.get(title="Hoffest im Uferweg 7")
    assert application.status == ApplicationStatus.APPROVED
    assert any("Entscheidung" in m.subject and m.to == ["erika@example.org"] for m in mail.outbox)
    page.goto(status_path)
    expect(page.locator(".status-badge")).to_have_text("Bewilligt")
    expect(page.get_by_text("Entscheidung (Aktionsfondsjury): Ihr Antrag ist mit 400,00 € bewilligt.")).to_be_visible()
    assert_accessible(page)
    for extra in (qm_page, juror_page, other_page):
        extra.context.close()


def test_jury_votes_without_javascript_with_a_plain_form(browser, live_server, make_user):
    juror = make_user("juror")
    year = FundYearFactory(jurors=[juror])
    round = RoundFactory(fund_year=year)
    application = ApplicationFactory(fund_year=year, title="Lesepatenschaften")
    services.round_add_application(round=round, application=application, by=qm_user())
    services.round_open(round=round, by=qm_user())

    page = new_page(browser, live_server, javascript=False)
    login(page, juror.email, PASSWORD)
    page.goto("/aktionsfonds/jury/")
    page.get_by_role("radio", name="Nein").check()
    page.get_by_role("button", name="Stimme speichern").click()
    expect(page.get_by_text("Ihre Stimme zu „Lesepatenschaften“ wurde gespeichert.")).to_be_visible()
    expect(page.get_by_role("radio", name="Nein")).to_be_checked()
    expect(page.get_by_text("Sie haben über 1 von 1 Anträgen abgestimmt.")).to_be_visible()
    # axe-core needs JavaScript; the same page is checked with JavaScript in the test above.
    page.context.close()


def test_two_online_votes_and_one_paper_ballot_are_tallied_together(browser, live_server, make_user):
    jurors = [make_user("juror", first_name=name, last_name="Jury") for name in ("Anna", "Bert", "Cem")]
    qm = make_user("staff", first_name="Quinn", last_name="Büro")
    year = FundYearFactory(jurors=jurors)
    round = RoundFactory(fund_year=year)
    application = ApplicationFactory(fund_year=year, title="Laternenumzug im Hof")
    services.round_add_application(round=round, application=application, by=qm)
    services.round_open(round=round, by=qm)

    # Two jurors vote online.
    for juror, choice in ((jurors[0], "Ja"), (jurors[1], "Nein")):
        juror_page = new_page(browser, live_server, javascript=False)
        login(juror_page, juror.email, PASSWORD)
        juror_page.goto("/aktionsfonds/jury/")
        article = juror_page.get_by_role("article").filter(has_text="Laternenumzug im Hof")
        article.get_by_role("radio", name=choice, exact=True).check()
        article.get_by_role("button", name="Stimme speichern").click()
        expect(juror_page.get_by_text("Ihre Stimme zu „Laternenumzug im Hof“ wurde gespeichert.")).to_be_visible()

    # The third juror's paper ballot is entered by the QM team in the admin.
    qm_page = new_page(browser, live_server)
    login(qm_page, qm.email, PASSWORD)
    qm_page.goto(f"/admin/actionfund/round/{round.pk}/change/")
    qm_page.get_by_role("link", name="Stimmzettel eines Jurymitglieds eintragen").click()
    expect(qm_page.get_by_role("heading", name="Stimmzettel eintragen")).to_be_visible()
    assert_accessible(qm_page)
    qm_page.get_by_label("Jurymitglied").select_option(label="Bert Jury")
    qm_page.get_by_role("group", name="Laternenumzug im Hof").get_by_label("Ja").check()
    qm_page.get_by_role("button", name="Stimmzettel eintragen").click()
    expect(qm_page.locator(".errornote")).to_be_visible()  # Bert voted online already
    expect(qm_page.get_by_text("Bert Jury hat bereits online abgestimmt")).to_be_visible()
    assert_accessible(qm_page)
    qm_page.get_by_label("Jurymitglied").select_option(label="Cem Jury")
    qm_page.get_by_role("group", name="Laternenumzug im Hof").get_by_label("Ja").check()
    qm_page.get_by_label("Vermerk zum Stimmzettel").fill("In der Jurysitzung auf Papier abgegeben")
    qm_page.get_by_role("button", name="Stimmzettel eintragen").click()
    expect(qm_page.locator(".messagelist")).to_contain_text("Stimmzettel von Cem Jury eingetragen: 1 Stimme(n).")

    # Cem sees the paper vote, marked, and no online form for it.
    cem_page = new_page(browser, live_server)
    login(cem_page, jurors[2].email, PASSWORD)
    cem_page.goto("/aktionsfonds/jury/")
    expect(cem_page.get_by_text("auf Papier, eingetragen von Quinn Büro")).to_be_visible()
    expect(cem_page.get_by_role("button", name="Stimme speichern")).to_have_count(0)
    assert_accessible(cem_page)

    # Closing and recording: 2 yes (one on paper), 1 no, approved by the majority.
    run_admin_action(qm_page, "/admin/actionfund/round/", "Zur Abstimmung geöffnet", "Abstimmung schließen")
    run_admin_action(qm_page, "/admin/actionfund/round/", "Abstimmung geschlossen",
                     "Entscheidungen aus der Auszählung übernehmen")  # fmt: skip
    expect(qm_page.locator(".messagelist")).to_contain_text("Entscheidungen übernommen")
    qm_page.goto(f"/admin/actionfund/application/{application.pk}/change/")
    expect(qm_page.get_by_text("Jury: 2 Ja, 1 Nein")).to_be_visible()
    expect(qm_page.get_by_text("1 der Stimmen von Stimmzetteln auf Papier")).to_be_visible()
    expect(qm_page.get_by_text("Auf Papier", exact=True)).to_be_visible()  # the vote's source in the history
    assert_accessible(qm_page)

    cem_page.goto(round.get_absolute_url())
    table = cem_page.get_by_role("table", name="Stimmen zu Laternenumzug im Hof")
    expect(table.locator("tbody td").nth(0)).to_have_text("2")
    expect(table.locator("tbody td").nth(1)).to_have_text("1")
    expect(
        cem_page.get_by_text("1 dieser Stimmen wurde auf Papier abgegeben und vom QM-Team eingetragen.")
    ).to_be_visible()
    expect(cem_page.get_by_text("Entscheidung (Aktionsfondsjury): bewilligt.")).to_be_visible()
    assert_accessible(cem_page)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED
