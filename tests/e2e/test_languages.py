"""Arabic in a real browser: right to left with Bootstrap's RTL build on the main public pages, axe-clean."""

import pytest
from playwright.sync_api import expect

from apps.actionfund.tests.factories import FundYearFactory
from apps.actionplan.tests.factories import concept_with_sections
from apps.council.tests.factories import MeetingFactory, seated_term
from apps.ideas.tests.factories import IdeaFactory
from apps.network.tests.factories import ActorFactory
from apps.pages.tests.factories import NewsPostFactory, SlideFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Path, and the Arabic first-level heading (None: the heading is the office's own data).
ARABIC_PAGES = [
    ("/", None),
    ("/ideen/", "الأفكار والمطالب"),
    ("/ideen/neu/", "تقديم فكرة أو مطلب"),
    ("/aktionsfonds/", "صندوق المبادرات"),
    ("/quartiersrat/", None),
    ("/netzwerk/", "دليل شبكة الحي"),
    ("/aktionsplan/", None),
    ("/seiten/barrierefreiheit/", "بيان إمكانية الوصول"),
    ("/barriere-melden/", "الإبلاغ عن عائق"),
    ("/gebaerdensprache/", "معلومات بلغة الإشارة الألمانية"),
]


@pytest.fixture
def arabic_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ar", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_arabic_walk_through_the_main_pages_is_right_to_left_and_accessible(arabic_page):
    page = arabic_page
    SlideFactory(title="Erstes Highlight", order=1)
    SlideFactory(title="Zweites Highlight", order=2)
    NewsPostFactory(title="Kiezfest am Ufer")
    IdeaFactory(title="Bänke am Wrangelplatz")
    FundYearFactory()
    MeetingFactory(term=seated_term(residents=3, actors=1))
    ActorFactory(name="Nachbarschaftshaus am Ufer")
    concept_with_sections(title="Aktionsplan Wrangelkiez")

    for path, heading in ARABIC_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        html = page.locator("html")
        expect(html).to_have_attribute("lang", "ar")
        expect(html).to_have_attribute("dir", "rtl")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        assert page.locator("link[href*='bootstrap.rtl']").count() == 1, path
        if heading:
            expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page.get_by_role("navigation", name="القائمة الرئيسية")).to_be_visible()
        assert_accessible(page)


def test_arabic_slider_follows_the_reading_direction(arabic_page):
    page = arabic_page
    SlideFactory(title="Erstes Highlight", order=1)
    SlideFactory(title="Zweites Highlight", order=2)
    page.goto("/")
    expect(page.get_by_role("heading", name="Erstes Highlight")).to_be_visible()
    page.get_by_role("button", name="الموضوع التالي").click()
    expect(page.get_by_role("heading", name="Zweites Highlight")).to_be_visible()
    expect(page.get_by_text("2 من 2")).to_be_visible()
    # Right to left, the left arrow points forwards: from the last slide it wraps to the first.
    page.get_by_role("button", name="الموضوع التالي").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", name="Erstes Highlight")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="Zweites Highlight")).to_be_visible()
