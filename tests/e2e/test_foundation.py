"""Foundation pages in a real browser: axe-clean, keyboard-operable."""

import pytest
from playwright.sync_api import expect

from apps.accounts.tests.factories import PASSWORD
from apps.pages.tests.factories import NewsPostFactory, PageFactory, SlideFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_content_news_and_404_are_accessible(page):
    SlideFactory(title="Erstes Highlight", order=1)
    SlideFactory(title="Zweites Highlight", order=2)
    news = NewsPostFactory(title="Kiezfest am Ufer")
    content = PageFactory(title="Konzepte entwickeln", slug="konzepte")

    page.goto("/")
    expect(page.get_by_role("heading", name="Erstes Highlight")).to_be_visible()
    # With JavaScript, one slide at a time and buttons to move on.
    expect(page.get_by_role("heading", name="Zweites Highlight")).to_be_hidden()
    page.get_by_role("button", name="Nächstes Highlight").click()
    expect(page.get_by_role("heading", name="Zweites Highlight")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kiezfest am Ufer").click()
    expect(page.get_by_role("heading", level=1, name=news.title)).to_be_visible()
    assert_accessible(page)

    page.goto(content.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Konzepte entwickeln")).to_be_visible()
    assert_accessible(page)

    page.goto("/aktuelles/")
    assert_accessible(page)

    response = page.goto("/gibt-es-nicht/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1, name="Seite nicht gefunden")).to_be_visible()
    assert_accessible(page)


def test_skip_link_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_slider_without_javascript_is_a_plain_list(browser, live_server):
    SlideFactory(title="Erstes Highlight", order=1)
    SlideFactory(title="Zweites Highlight", order=2)
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Erstes Highlight")).to_be_visible()
    expect(page.get_by_role("heading", name="Zweites Highlight")).to_be_visible()
    context.close()


def test_login_page_is_accessible_and_logs_in(page, make_user):
    user = make_user("resident")
    page.goto("/konto/login/")
    assert_accessible(page)
    login(page, user.email, PASSWORD)
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    assert_accessible(page)
